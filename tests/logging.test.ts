import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import express from "express";
import { createLogger, httpLogger } from "../server/src/http/logger.ts";

test("request logs carry no password, token or cookie", async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger("info", sink);
  const app = express();
  app.use(httpLogger(log));
  app.use(express.json());
  app.post("/echo", (req, res) => {
    log.info({ body: req.body }, "body seen");
    res
      .set("set-auth-token", "session-token-xyz")
      .cookie("sid", "cookie-secret-xyz")
      .json({ ok: true });
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  await fetch(`http://127.0.0.1:${port}/echo`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: "Bearer header-secret-xyz",
      cookie: "readerkit.session_token=cookie-in-xyz",
    },
    body: JSON.stringify({
      email: "a@example.com",
      password: "Pass-word-xyz1",
      refreshToken: "refresh-xyz",
    }),
  });
  server.close();
  const output = lines.join("");
  assert.match(output, /request completed/);
  assert.match(output, /a@example\.com/, "ordinary fields are kept");
  for (const secret of [
    "header-secret-xyz",
    "cookie-in-xyz",
    "session-token-xyz",
    "cookie-secret-xyz",
    "Pass-word-xyz1",
    "refresh-xyz",
  ]) {
    assert.ok(!output.includes(secret), `${secret} leaked into the log`);
  }
});
