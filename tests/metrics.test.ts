/**
 * GET /api/metrics (issue 13): who may scrape it, that the auth counters move by exactly what
 * readers did on both APIs, that labels hold route patterns and never ids, emails or paths, and
 * that the gauges report the database, the pool and Redis as they are.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { sql } from "kysely";
import { buildApp } from "../server/src/app.ts";
import { VERSION } from "../server/src/version.ts";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, type Health, uniqueEmail, waitFor } from "./harness/http.ts";
import { FULL } from "./harness/profiles.ts";
import { refresh, signIn, signOut, signUp } from "./harness/tokens.ts";

after(closeSharedBackends);

const PGLITE = { name: "pglite", usesRedis: false } as const;
const backends = (await availableBackends()).filter(
  (b) => b.name === "pglite" || b.name === "postgres",
);
const TOKEN = "test-metrics-token-4f9a2c7e1b";

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The text exposition as samples; fails on a line that is not one. */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    assert.ok(match, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name = "", value = ""] of (match[2] ?? "").matchAll(
      /(\w+)="((?:[^"\\]|\\.)*)"/g,
    )) {
      labels[name] = value;
    }
    samples.push({ name: match[1] ?? "", labels, value: Number(match[3]) });
  }
  return samples;
}

/** The one sample with exactly these labels, or undefined. */
function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  const wanted = Object.entries(labels);
  return samples.find(
    (s) =>
      s.name === name &&
      Object.keys(s.labels).length === wanted.length &&
      wanted.every(([key, value]) => s.labels[key] === value),
  )?.value;
}

async function scrapeText(app: TestApp, token?: string): Promise<string> {
  const response = await fetch(`${app.url}/api/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  assert.equal(response.status, 200, await response.clone().text());
  assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  return response.text();
}
const scrape = async (app: TestApp) => parse(await scrapeText(app));

/** This machine's first address that is not loopback, if it has one. */
function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((info) => info && info.family === "IPv4" && !info.internal)?.address;
}

/** The same app on a non-loopback address: requests to it come from a non-loopback peer. */
async function listenOutside(app: TestApp, address: string) {
  const server = createServer(buildApp(app.context));
  server.listen(0, address);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

type ErrorAnswer = { error: string; message: string; code: string; requestId: string };
async function refusal(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/metrics`, { headers });
  const body = (await response.json()) as ErrorAnswer;
  assert.equal(body.requestId, response.headers.get("x-request-id"), "the error names the request");
  return { status: response.status, body, headers: response.headers };
}

describe("who may scrape /api/metrics", () => {
  test("without METRICS_TOKEN: this machine, directly; not through a proxy, not from elsewhere", async (t) => {
    const app = await startApp(PGLITE);
    try {
      assert.ok(sampleValue(await scrape(app), "readerkit_db_up") !== undefined);
      const proxied = await refusal(app.url, { "x-forwarded-for": "203.0.113.9" });
      assert.equal(proxied.status, 403);
      assert.equal(proxied.body.code, "METRICS_FORBIDDEN");
      assert.equal(proxied.body.error, "Forbidden");
      assert.match(proxied.body.message, /METRICS_TOKEN/);
      const spoofed = await refusal(app.url, { "x-forwarded-for": "127.0.0.1" });
      assert.equal(spoofed.status, 403, "a header claiming loopback grants nothing");
      assert.equal((await refusal(app.url, { forwarded: "for=127.0.0.1" })).status, 403);

      const address = outsideAddress();
      if (!address) {
        t.skip("this machine has no non-loopback IPv4 address to connect from");
        return;
      }
      const outside = await listenOutside(app, address);
      try {
        const health = await new Client(outside.url).get<Health>("/api/health");
        assert.equal(health.status, 200, "the outside address reaches the same app");
        const remote = await refusal(outside.url);
        assert.equal(remote.status, 403);
        assert.equal(remote.body.code, "METRICS_FORBIDDEN");
      } finally {
        await outside.close();
      }
    } finally {
      await app.close();
    }
  });

  test("with METRICS_TOKEN: its bearer from anywhere, 401 for a wrong or missing one", async () => {
    const app = await startApp(PGLITE, { env: { METRICS_TOKEN: TOKEN } });
    try {
      for (const headers of [
        {} as Record<string, string>,
        { authorization: `Bearer ${TOKEN}x` },
        { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
        { authorization: TOKEN },
      ]) {
        const answer = await refusal(app.url, headers);
        assert.equal(answer.status, 401, JSON.stringify(headers));
        assert.equal(answer.body.code, "AUTH_TOKEN_INVALID");
        assert.equal(answer.headers.get("www-authenticate"), 'Bearer realm="metrics"');
      }
      assert.equal(sampleValue(parse(await scrapeText(app, TOKEN)), "readerkit_db_up"), 1);
      const address = outsideAddress();
      if (address) {
        const outside = await listenOutside(app, address);
        try {
          const remote = await fetch(`${outside.url}/api/metrics`, {
            headers: { authorization: `Bearer ${TOKEN}` },
          });
          assert.equal(remote.status, 200, "the token works from another address");
          assert.equal((await refusal(outside.url)).status, 401);
        } finally {
          await outside.close();
        }
      }
    } finally {
      await app.close();
    }
  });
});

const OUTCOMES = ["success", "wrong_password", "throttled", "banned", "other"];
const AUTH_COUNTERS = [
  ...OUTCOMES.map((outcome) => ["readerkit_signins_total", { outcome }] as const),
  ...["success", "failure"].flatMap((outcome) => [
    ["readerkit_signups_total", { outcome }] as const,
    ["readerkit_token_refreshes_total", { outcome }] as const,
    ["readerkit_signouts_total", { outcome }] as const,
  ]),
  ["readerkit_refresh_token_reuse_total", {}] as const,
];

describe("auth counters move by exactly what readers did, on both APIs", () => {
  for (const backend of backends) {
    test(`sign-ins (good, wrong, unknown, throttled, banned), sign-ups, refreshes, reuse, sign-outs (${backend.name})`, async () => {
      const app = await startApp(backend, {
        env: { SIGNIN_THROTTLE_MAX: "2", REFRESH_REUSE_INTERVAL_SECONDS: "0" },
      });
      try {
        const before = await scrape(app);
        const betterAuth = (
          email: string,
          password = GOOD_PASSWORD,
          client = new Client(app.url),
        ) => client.post("/api/auth/sign-in/email", { email, password });
        const [a, b, c, d, e] = [
          await signUp(app),
          await signUp(app),
          await signUp(app),
          await signUp(app),
          await signUp(app),
        ];
        // The token API: one good sign-in, two wrong passwords then throttled, an unknown email.
        assert.equal((await signIn(app, a.email)).status, 200);
        assert.equal((await signIn(app, b.email, "Wrong-Pass-11")).status, 401);
        assert.equal((await signIn(app, b.email, "Wrong-Pass-11")).status, 401);
        assert.equal((await signIn(app, b.email, "Wrong-Pass-11")).status, 429);
        assert.equal((await signIn(app, uniqueEmail("nobody"), "Wrong-Pass-11")).status, 401);
        // Better Auth's own: the same, from a browser.
        const browser = new Client(app.url);
        assert.equal((await betterAuth(c.email, GOOD_PASSWORD, browser)).status, 200);
        assert.equal((await betterAuth(d.email, "Wrong-Pass-11")).status, 401);
        assert.equal((await betterAuth(d.email, "Wrong-Pass-11")).status, 401);
        assert.equal((await betterAuth(d.email, "Wrong-Pass-11")).status, 429);
        // A banned reader, on both.
        await app.admin
          .updateTable("users")
          .set({ banned: true })
          .where("id", "=", e.userId)
          .execute();
        assert.equal((await signIn(app, e.email)).status, 403);
        assert.equal((await betterAuth(e.email)).status, 403);
        // Refresh, then the rotated-out token again (reuse), and a sign-out on each API.
        assert.equal((await refresh(app, a.refreshToken)).status, 200);
        assert.equal((await refresh(app, a.refreshToken)).status, 401);
        assert.equal((await signOut(app, c.accessToken)).status, 200);
        assert.equal((await browser.post("/api/auth/sign-out")).status, 200);

        const text = await scrapeText(app);
        const now = parse(text);
        const delta = (name: string, labels: Record<string, string> = {}) => {
          const current = sampleValue(now, name, labels);
          assert.ok(current !== undefined, `${name} ${JSON.stringify(labels)} is reported`);
          return current - (sampleValue(before, name, labels) ?? Number.NaN);
        };
        assert.deepEqual(
          Object.fromEntries(
            OUTCOMES.map((o) => [o, delta("readerkit_signins_total", { outcome: o })]),
          ),
          { success: 2, wrong_password: 5, throttled: 2, banned: 2, other: 0 },
        );
        assert.equal(delta("readerkit_signups_total", { outcome: "success" }), 5);
        assert.equal(delta("readerkit_signups_total", { outcome: "failure" }), 0);
        assert.equal(delta("readerkit_token_refreshes_total", { outcome: "success" }), 1);
        assert.equal(delta("readerkit_token_refreshes_total", { outcome: "failure" }), 1);
        assert.equal(delta("readerkit_refresh_token_reuse_total"), 1);
        assert.equal(delta("readerkit_signouts_total", { outcome: "success" }), 2);
        assert.equal(delta("readerkit_signouts_total", { outcome: "failure" }), 0);

        // The banned sign-ins are in auth_logs too, one per API: what the counter counted.
        await app.context.logs.flush();
        const banned = await app.admin
          .selectFrom("auth_logs")
          .select("user_id")
          .where("event", "=", "signin")
          .where("reason", "=", "banned")
          .execute();
        assert.deepEqual(
          banned.map((row) => row.user_id),
          [e.userId, e.userId],
        );

        // Nothing personal anywhere in the scrape.
        for (const secret of [a, b, c, d, e].flatMap((r) => [r.email, r.userId, r.accessToken])) {
          assert.ok(!text.includes(secret), `the scrape holds ${secret.slice(0, 12)}…`);
        }
        assert.doesNotMatch(text, /@/, "no email-shaped text");
      } finally {
        await app.close();
      }
    });
  }

  test("every counter series exists at 0 before anything happened", async () => {
    const app = await startApp(PGLITE);
    try {
      const samples = await scrape(app);
      for (const [name, labels] of AUTH_COUNTERS) {
        assert.equal(sampleValue(samples, name, labels), 0, `${name} ${JSON.stringify(labels)}`);
      }
    } finally {
      await app.close();
    }
  });
});

describe("request metrics", () => {
  test("labelled by route pattern (site pages as 'site', unknown paths 'unmatched'), never by URL", async () => {
    const siteDir = await mkdtemp(join(tmpdir(), "rk-metrics-site-"));
    await mkdir(join(siteDir, "docs"));
    await writeFile(join(siteDir, "index.html"), "<html><body>Home</body></html>");
    await writeFile(join(siteDir, "docs", "intro.html"), "<html><body>Intro</body></html>");
    const app = await startApp(PGLITE, { env: { SITE_DIR: siteDir } });
    try {
      const reader = await signUp(app);
      const other = await signUp(app);
      const bearer = { authorization: `Bearer ${reader.accessToken}` };
      const get = (path: string) => fetch(`${app.url}${path}`, { headers: bearer });
      assert.equal((await get(`/api/profile/${other.userId}`)).status, 403);
      assert.equal((await get(`/api/profile/${other.userId}`)).status, 403);
      const own = (await get(`/api/profile/${reader.userId}`)).status;
      assert.equal(
        (await get(`/api/nothing-here/${reader.userId}?email=${reader.email}`)).status,
        404,
      );
      const secretPath = `/api/auth/reset-password/${reader.refreshToken}`;
      const splat = (await get(secretPath)).status;
      assert.equal((await get("/")).status, 200);
      assert.equal((await get("/docs/intro")).status, 200);
      assert.equal((await get(`/no-such-page/${reader.userId}`)).status, 404);

      const text = await scrapeText(app);
      const samples = parse(text);
      const requests = (route: string, status: number, method = "GET") =>
        sampleValue(samples, "readerkit_http_requests_total", {
          method,
          route,
          status_code: String(status),
        });
      assert.equal(requests("/api/profile/:userId", 403), 2, "an error keeps its route");
      assert.equal(requests("/api/profile/:userId", own), 1);
      assert.equal(requests("unmatched", 404), 1);
      assert.equal(
        requests("/api/auth/*splat", splat),
        1,
        "a path with a token stays in the catch-all",
      );
      assert.equal(requests("/api/auth/signup", 201, "POST"), 2);
      assert.equal(requests("site", 200), 2);
      assert.equal(requests("site", 404), 1);
      const latency = (suffix: string, extra: Record<string, string> = {}) =>
        sampleValue(samples, `readerkit_http_request_duration_seconds${suffix}`, {
          method: "GET",
          route: "/api/profile/:userId",
          status_code: "403",
          ...extra,
        });
      assert.equal(latency("_count"), 2);
      assert.equal(latency("_bucket", { le: "+Inf" }), 2);
      assert.ok((latency("_sum") ?? 0) > 0);

      const routes = new Set(
        samples
          .filter((s) => s.name === "readerkit_http_requests_total")
          .map((s) => s.labels.route),
      );
      for (const route of routes) {
        assert.ok(
          route === "site" || route === "unmatched" || /^\/api\/[\w/:*.-]*$/.test(route ?? ""),
          `route label ${route}`,
        );
      }
      for (const secret of [reader.userId, other.userId, reader.email, reader.refreshToken]) {
        assert.ok(!text.includes(secret), `the scrape holds ${secret.slice(0, 12)}…`);
      }
      assert.ok(!text.includes("nothing-here") && !text.includes("no-such-page"), "raw paths");
    } finally {
      await app.close();
      await rm(siteDir, { recursive: true, force: true });
    }
  });
});

describe("gauges: database, pool, Redis, log writer, profiles", () => {
  for (const backend of backends) {
    test(`they say what the backend is and hold (${backend.name})`, async () => {
      const app = await startApp(backend);
      try {
        const health = (await new Client(app.url).get<Health>("/api/health")).body;
        const samples = await scrape(app);
        const gauge = (name: string) => {
          const value = sampleValue(samples, name);
          assert.ok(value !== undefined, `${name} is reported`);
          return value;
        };
        assert.equal(gauge("readerkit_db_up"), 1);
        const max = gauge("readerkit_db_pool_max_connections");
        assert.equal(max, backend.name === "pglite" ? 1 : 10);
        const inUse = gauge("readerkit_db_pool_connections_in_use");
        const idle = gauge("readerkit_db_pool_connections_idle");
        assert.ok(inUse >= 0 && idle >= 0 && inUse + idle <= max, `${inUse} + ${idle} <= ${max}`);
        assert.equal(gauge("readerkit_db_pool_waiting_requests"), 0);
        assert.equal(gauge("readerkit_redis_connected"), health.redis === "connected" ? 1 : 0);
        assert.equal(gauge("readerkit_redis_connected"), backend.usesRedis ? 1 : 0);
        assert.equal(gauge("readerkit_redis_configured"), backend.usesRedis ? 1 : 0);
        assert.ok(gauge("readerkit_log_queue_rows") >= 0);
        assert.equal(gauge("readerkit_log_write_failures_total"), 0);
        assert.equal(gauge("readerkit_log_rows_lost_total"), 0);
        assert.equal(
          sampleValue(samples, "readerkit_build_info", {
            version: VERSION,
            db_driver: backend.name === "pglite" ? "pglite" : "pg",
          }),
          1,
        );
        assert.ok(gauge("readerkit_nodejs_eventloop_lag_p99_seconds") >= 0);

        if (backend.name === "pglite") {
          // PGlite's one connection held by a transaction, and a query waiting behind it.
          let release = () => {};
          const held = new Promise<void>((resolve) => {
            release = resolve;
          });
          let started = () => {};
          const inside = new Promise<void>((resolve) => {
            started = resolve;
          });
          const transaction = app.admin.transaction().execute(async (trx) => {
            await sql`select 1`.execute(trx);
            started();
            await held;
          });
          await inside;
          const waiting = app.admin.selectFrom("users").select("id").execute();
          const busy = await scrape(app);
          release();
          await Promise.all([transaction, waiting]);
          assert.equal(sampleValue(busy, "readerkit_db_pool_connections_in_use"), 1);
          assert.equal(sampleValue(busy, "readerkit_db_pool_connections_idle"), 0);
          assert.ok((sampleValue(busy, "readerkit_db_pool_waiting_requests") ?? 0) >= 1);
        }
      } finally {
        await app.close();
      }
    });

    test(`active sessions and the profile completion ratio match the rows (${backend.name})`, async () => {
      const app = await startApp(backend);
      try {
        const readers = [await signUp(app), await signUp(app), await signUp(app)];
        await signIn(app, readers[0]?.email ?? "");
        for (const reader of readers.slice(0, 2)) {
          const client = new Client(app.url);
          client.bearer = reader.accessToken;
          assert.equal((await client.post("/api/profile", FULL)).status, 201);
        }
        const rows = async () => {
          const users = await app.admin.selectFrom("users").select("id").execute();
          const complete = await app.admin
            .selectFrom("profiles")
            .select("user_id")
            .where("profile_complete", "=", true)
            .execute();
          const sessions = await app.admin
            .selectFrom("session")
            .select("id")
            .where("expiresAt", ">", new Date())
            .execute();
          return { users: users.length, complete: complete.length, sessions: sessions.length };
        };
        const counted = await rows();
        assert.deepEqual(counted, { users: 3, complete: 2, sessions: 4 });
        const samples = await scrape(app);
        assert.equal(sampleValue(samples, "readerkit_users"), counted.users);
        assert.equal(sampleValue(samples, "readerkit_profiles_complete"), counted.complete);
        assert.equal(sampleValue(samples, "readerkit_profile_completion_ratio"), 2 / 3);
        assert.equal(sampleValue(samples, "readerkit_active_sessions"), counted.sessions);
        assert.equal(sampleValue(samples, "readerkit_profile_completions_total"), 2);

        // Read at most every few seconds: a scrape right after a sign-up still has the old count.
        await signUp(app);
        assert.equal(sampleValue(await scrape(app), "readerkit_users"), 3, "served from the cache");
        const fresh = await waitFor(
          "the next reading",
          () => scrape(app),
          (s) => sampleValue(s, "readerkit_users") === 4,
          { ms: 10_000, every: 500 },
        );
        assert.equal(sampleValue(fresh, "readerkit_profile_completion_ratio"), 2 / 4);
        assert.equal(sampleValue(fresh, "readerkit_active_sessions"), counted.sessions + 1);
      } finally {
        await app.close();
      }
    });
  }
});
