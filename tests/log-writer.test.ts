/**
 * The batched auth/authz log writer against every backend: rows land with the text exactly as
 * given (quotes, braces, backslashes, commas and NULLs survive the one-parameter-per-column
 * batch insert), stamped with the time they were written, not the time the batch was flushed.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";

after(closeSharedBackends);

for (const backend of await availableBackends()) {
  describe(`log writer on ${backend.name}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startApp(backend);
    });
    after(() => app?.close());

    test("a batch keeps every value as written and each row's own time", async () => {
      const userId = `log-${randomUUID()}`;
      const awkward = `Mozilla/5.0 "quoted" {braced}, back\\slash, NULL, ünïcødé`;
      const writtenAt = Date.now();
      await app.context.logs.record({
        user_id: userId,
        event: "signin",
        outcome: "failure",
        reason: "invalid_credentials",
        ip_address: "2001:db8::1",
        user_agent: awkward,
      });
      await app.context.logs.record({
        user_id: userId,
        event: "signout",
        outcome: "success",
        reason: null,
        ip_address: null,
        user_agent: null,
      });
      app.context.logs.decision(null, () => ({
        user_id: userId,
        policy: "self_profile|admin",
        resource: "GET /api/profile/:userId",
        decision: "deny",
        reason: "self_profile: not the owner",
        request_id: "req-1",
        ip_address: "10.0.0.7",
      }));
      await sleep(300);
      await app.context.logs.flush();

      const auth = await app.admin
        .selectFrom("auth_logs")
        .select(["event", "outcome", "reason", "ip_address", "user_agent", "created_at"])
        .where("user_id", "=", userId)
        .orderBy("id")
        .execute();
      assert.deepEqual(
        auth.map(({ created_at: _, ...row }) => row),
        [
          {
            event: "signin",
            outcome: "failure",
            reason: "invalid_credentials",
            ip_address: "2001:db8::1",
            user_agent: awkward,
          },
          {
            event: "signout",
            outcome: "success",
            reason: null,
            ip_address: null,
            user_agent: null,
          },
        ],
      );
      const authz = await app.admin
        .selectFrom("authz_logs")
        .select(["policy", "resource", "decision", "reason", "request_id", "ip_address"])
        .where("user_id", "=", userId)
        .execute();
      assert.deepEqual(authz, [
        {
          policy: "self_profile|admin",
          resource: "GET /api/profile/:userId",
          decision: "deny",
          reason: "self_profile: not the owner",
          request_id: "req-1",
          ip_address: "10.0.0.7",
        },
      ]);
      for (const row of auth) {
        const lag = new Date(row.created_at).getTime() - writtenAt;
        assert.ok(lag >= 0 && lag < 250, `stamped ${lag} ms after the write, not at the flush`);
      }
    });

    test("allows of one reader to one resource are one row counting them; denials one each", async () => {
      const userId = `log-${randomUUID()}`;
      const decision = (resource: string, allowed: boolean, at: number, ip = "10.0.0.8") =>
        app.context.logs.decision(allowed ? `${userId} ${resource} ${ip}` : null, () => ({
          user_id: userId,
          policy: "authenticated",
          resource,
          decision: allowed ? "allow" : "deny",
          reason: allowed ? null : "authenticated: no valid session",
          request_id: `req-${at}`,
          ip_address: ip,
        }));
      await app.context.logs.flush();
      for (let at = 0; at < 50; at++) decision("GET /api/me", true, at);
      decision("GET /api/me", true, 50, "10.0.0.9");
      decision("GET /api/profile", true, 51);
      decision("GET /api/me", false, 52);
      decision("GET /api/me", false, 53);
      await app.context.logs.flush();
      const rows = await app.admin
        .selectFrom("authz_logs")
        .select(["resource", "decision", "request_id", "ip_address", "hits"])
        .where("user_id", "=", userId)
        .orderBy("id")
        .execute();
      assert.deepEqual(rows, [
        {
          resource: "GET /api/me",
          decision: "allow",
          request_id: "req-0",
          ip_address: "10.0.0.8",
          hits: 50,
        },
        {
          resource: "GET /api/me",
          decision: "allow",
          request_id: "req-50",
          ip_address: "10.0.0.9",
          hits: 1,
        },
        {
          resource: "GET /api/profile",
          decision: "allow",
          request_id: "req-51",
          ip_address: "10.0.0.8",
          hits: 1,
        },
        {
          resource: "GET /api/me",
          decision: "deny",
          request_id: "req-52",
          ip_address: "10.0.0.8",
          hits: 1,
        },
        {
          resource: "GET /api/me",
          decision: "deny",
          request_id: "req-53",
          ip_address: "10.0.0.8",
          hits: 1,
        },
      ]);
      // The next batch starts its own count.
      decision("GET /api/me", true, 54);
      await app.context.logs.flush();
      const next = await app.admin
        .selectFrom("authz_logs")
        .select(["request_id", "hits"])
        .where("user_id", "=", userId)
        .where("request_id", "=", "req-54")
        .execute();
      assert.deepEqual(next, [{ request_id: "req-54", hits: 1 }]);
    });
  });
}
