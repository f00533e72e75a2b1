/**
 * examples/fastapi-service against a live ReaderKit: its pytest suite signs readers up through the
 * token API, verifies their real tokens (expired, tampered, foreign, refresh, missing), follows a
 * key rotation it asks this process for, and builds a prompt from the reader's assistant context.
 * Python comes from Debian (/usr/bin/python3 with python3-fastapi, -jwt, -httpx, -pytest, -uvicorn).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { REPO_NODE, ROOT, run } from "./adoption/processes.ts";
import { startApp, type TestApp } from "./harness/app.ts";

const PYTHON = "/usr/bin/python3";
const MODULES = "fastapi, jwt, httpx, pytest, uvicorn";

function missingPython(): string | null {
  try {
    execFileSync(PYTHON, ["-c", `import ${MODULES}`], { stdio: "pipe" });
    return null;
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "").trim();
    return `${PYTHON} cannot import ${MODULES} (${stderr.split("\n").pop() || String(error)}); apt-get install python3-fastapi python3-jwt python3-httpx python3-pytest python3-uvicorn`;
  }
}

const missing = missingPython();
if (missing && process.env.REQUIRE_SERVICES === "1") {
  throw new Error(`REQUIRE_SERVICES=1 but ${missing}`);
}

describe("examples/fastapi-service trusts ReaderKit tokens", { skip: missing ?? false }, () => {
  let app: TestApp;
  let rotator: Server;
  let rotateUrl: string;
  before(async () => {
    app = await startApp({ name: "pglite", usesRedis: false });
    // pytest runs in another process: this is how it asks for a rotation on the live server,
    // the same call `readerkit keys:rotate` makes.
    rotator = createServer((req, res) => {
      if (req.method !== "POST") return void res.writeHead(405).end();
      app.context.auth.api.rotateSigningKey().then(
        ({ kid }) =>
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ kid })),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
    rotator.listen(0, "127.0.0.1");
    await once(rotator, "listening");
    rotateUrl = `http://127.0.0.1:${(rotator.address() as AddressInfo).port}/rotate`;
  });
  after(async () => {
    rotator?.close();
    await app?.close();
  });

  test("its pytest suite passes against the live server", async (t) => {
    // Asynchronous: the ReaderKit app answering pytest runs on this process's event loop.
    const result = await run(
      PYTHON,
      [
        "-m",
        "pytest",
        "examples/fastapi-service/tests",
        "-q",
        "--color=no",
        "-p",
        "no:cacheprovider",
      ],
      {
        cwd: ROOT,
        node: REPO_NODE,
        env: {
          READERKIT_URL: app.url,
          READERKIT_ROTATE_URL: rotateUrl,
          // The service's own defaults (this server's BASE_URL), whatever the caller's shell holds.
          JWKS_URL: "",
          JWT_ISSUER: "",
          JWT_AUDIENCE: "",
          PYTHONDONTWRITEBYTECODE: "1",
          PYTHONNOUSERSITE: "1",
        },
      },
    );
    assert.equal(result.code, 0, `pytest exited with ${result.code}:\n${result.output}`);
    assert.doesNotMatch(result.output, /skipped/, `nothing may be skipped here:\n${result.output}`);
    assert.match(result.output, /\d+ passed/, result.output);
    t.diagnostic(result.output.trim().split("\n").pop() ?? "");
  });
});
