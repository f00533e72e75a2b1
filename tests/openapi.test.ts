import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { buildApp } from "../server/src/app.ts";
import { OPERATIONS } from "../server/src/openapi/operations.ts";
import type { OpenApiDocument } from "../server/src/openapi/spec.ts";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { Client, GOOD_PASSWORD } from "./harness/http.ts";
import { answerChecker, endpointTable } from "./harness/openapi.ts";
import { FULL } from "./harness/profiles.ts";
import { SHORT_BACKGROUND, signUp } from "./harness/tokens.ts";

after(closeSharedBackends);

type Layer = {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
};

/** "METHOD /api/path/{param}" for every route on the real app's API router. */
function expressRoutes(app: TestApp): string[] {
  const express = buildApp(app.context) as unknown as { router: { stack: Layer[] } };
  // The API router is the one mounted router whose routes include the Better Auth catch-all.
  const routers = express.router.stack.filter((layer) => layer.handle.stack);
  const api = routers.find((layer) =>
    layer.handle.stack?.some((inner) => inner.route?.path === "/auth/*splat"),
  );
  assert.ok(api?.handle.stack, "the API router is mounted");
  // Nothing else on the app itself is an /api route.
  assert.deepEqual(
    express.router.stack.filter((layer) => layer.route?.path.startsWith("/api")),
    [],
  );
  return api.handle.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map(
          (method) => `${method.toUpperCase()} /api${layer.route?.path.replace(/:(\w+)/g, "{$1}")}`,
        )
      : [],
  );
}

describe("OpenAPI document", () => {
  let app: TestApp;
  let spec: OpenApiDocument;
  let check: ReturnType<typeof answerChecker>;
  before(async () => {
    app = await startApp({ name: "pglite", usesRedis: false });
    const answer = await new Client(app.url).get<OpenApiDocument>("/api/openapi.json");
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get("cache-control") ?? "", /^public, max-age=\d+$/);
    spec = answer.body;
    check = answerChecker(spec);
  });
  after(() => app?.close());

  const operationsOf = (paths: Record<string, Record<string, unknown>>, prefix: RegExp) =>
    Object.entries(paths)
      .filter(([path]) => prefix.test(path))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();

  test("validates as OpenAPI 3.1", async () => {
    assert.match(spec.openapi, /^3\.1\./);
    const result = await new Validator().validate(structuredClone(spec));
    assert.ok(result.valid, JSON.stringify(result.errors, null, 2)?.slice(0, 3000));
  });

  test("lists exactly the routes registered in Express (outside Better Auth)", () => {
    const registered = expressRoutes(app).filter((route) => !route.includes("/api/auth/"));
    assert.ok(registered.length >= 10);
    assert.deepEqual(operationsOf(spec.paths, /^\/api\/(?!auth\/)/), registered.sort());
  });

  test("lists exactly Better Auth's endpoints under /api/auth", () => {
    assert.ok(expressRoutes(app).includes("_ALL /api/auth/*splat"));
    const endpoints = Object.values(app.context.auth.api as Record<string, unknown>).flatMap(
      (endpoint) => {
        const { path, options } = endpoint as {
          path?: string;
          options?: { method: string | string[]; metadata?: { SERVER_ONLY?: boolean } };
        };
        if (!path || !options || options.metadata?.SERVER_ONLY) return [];
        const methods = Array.isArray(options.method) ? options.method : [options.method];
        return methods.map((m) => `${m} /api/auth${path.replace(/:(\w+)/g, "{$1}")}`);
      },
    );
    assert.ok(endpoints.includes("POST /api/auth/signup"));
    assert.deepEqual(operationsOf(spec.paths, /^\/api\/auth\//), endpoints.sort());
  });

  test("our operations carry schemas, security and every error status with its code", () => {
    for (const op of OPERATIONS) {
      const operation = spec.paths[op.path]?.[op.method] as {
        security: unknown[];
        responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
      };
      assert.ok(operation, `${op.method} ${op.path}`);
      assert.ok(Array.isArray(operation.security), `${op.path} states its security`);
      assert.ok(operation.responses["500"], `${op.path} documents 500`);
      for (const code of op.errors ?? []) {
        const listed = Object.values(operation.responses).some((response) =>
          JSON.stringify(response.content?.["application/json"] ?? {}).includes(`"${code}":`),
        );
        assert.ok(listed, `${op.method} ${op.path} lists ${code}`);
      }
      // Examples are checked like real bodies, so they cannot drift from their schemas either.
      if (op.body) check.request(op.method, op.path, op.body.example);
      for (const [status, answer] of Object.entries(op.responses)) {
        if (answer.example !== undefined) {
          check(op.method, op.path, { status: Number(status), body: answer.example });
        }
      }
    }
    assert.deepEqual(Object.keys(spec.components).sort(), ["schemas", "securitySchemes"]);
  });

  test("the site's endpoint table is the served document's (UPDATE_OPENAPI=1 rewrites it)", async () => {
    // The API reference page (website/docs/guides/api-reference.mdx) renders this file at build
    // time, so building the site needs no server; this keeps it from going stale.
    const file = new URL("../website/src/data/api-endpoints.json", import.meta.url);
    const table = endpointTable(spec);
    if (process.env.UPDATE_OPENAPI) {
      await mkdir(new URL(".", file), { recursive: true });
      await writeFile(file, `${JSON.stringify(table, null, 2)}\n`);
    }
    const copy = JSON.parse(await readFile(file, "utf8").catch(() => "null"));
    assert.deepEqual(copy, table, "stale: run UPDATE_OPENAPI=1 node --test tests/openapi.test.ts");
  });

  test("real answers match their documented schemas", async () => {
    const guest = new Client(app.url);
    check("GET", "/api/health", await guest.get("/api/health"));
    check("GET", "/api/auth/password-policy", await guest.get("/api/auth/password-policy"));
    check("GET", "/api/auth/email-verification", await guest.get("/api/auth/email-verification"));
    check("GET", "/api/me", await guest.get("/api/me"));

    const reader = await signUp(app);
    const client = new Client(app.url);
    client.bearer = reader.accessToken;
    check("GET", "/api/me", await client.get("/api/me"));
    check("GET", "/api/profile", await client.get("/api/profile"));
    check("GET", "/api/personalization/context", await client.get("/api/personalization/context"));
    // The bodies sent are checked against the request schemas too: what the server takes and
    // refuses is what the document says it takes.
    check.request("POST", "/api/profile", FULL);
    check.request("POST", "/api/profile", { background: SHORT_BACKGROUND });
    assert.throws(() => check.request("PUT", "/api/profile", { background: { isAdmin: true } }));
    const bad = await client.request("PUT", "/api/profile", { background: { isAdmin: true } });
    assert.equal(bad.status, 400);
    check("PUT", "/api/profile", bad);
    check(
      "POST",
      "/api/profile",
      await client.post("/api/profile", { background: SHORT_BACKGROUND }),
    );
    check("POST", "/api/profile", await client.post("/api/profile", FULL));

    const written = await client.request("PUT", "/api/profile", FULL, { "if-match": '"1"' });
    assert.equal(written.status, 200);
    check("PUT", "/api/profile", written);
    const stale = await client.request("PUT", "/api/profile", FULL, { "if-match": '"1"' });
    assert.equal(stale.status, 409);
    check("PUT", "/api/profile", stale);
    check("GET", `/api/profile/{userId}`, await client.get(`/api/profile/${reader.userId}`));

    client.bearer = (written.body as { accessToken: string }).accessToken;
    const context = await client.get("/api/personalization/context");
    assert.equal(context.status, 200);
    check("GET", "/api/personalization/context", context);
    check(
      "POST",
      "/api/personalization/refresh",
      await client.post("/api/personalization/refresh"),
    );
    check("GET", "/api/account/export", await client.get("/api/account/export"));

    const signin = await guest.post("/api/auth/signin", {
      email: reader.email,
      password: GOOD_PASSWORD,
    });
    assert.equal(signin.status, 200);
    check("POST", "/api/auth/signin", signin);
    check(
      "POST",
      "/api/auth/signin",
      await guest.post("/api/auth/signin", { email: reader.email, password: "nope" }),
    );
    const refreshToken = (signin.body as { refreshToken: string }).refreshToken;
    check("POST", "/api/auth/refresh", await guest.post("/api/auth/refresh", { refreshToken }));
    check("POST", "/api/auth/refresh", await guest.post("/api/auth/refresh", { refreshToken }));
    check(
      "POST",
      "/api/auth/signup",
      await guest.post("/api/auth/signup", { email: reader.email, password: GOOD_PASSWORD }),
    );
  });
});
