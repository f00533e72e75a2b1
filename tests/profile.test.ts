import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { decodeJwt } from "jose";
import { sql } from "kysely";
import type { DomainEvent } from "../server/src/events/bus.ts";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client } from "./harness/http.ts";
import {
  type ErrorBody,
  FULL,
  HARDWARE,
  type ProfileBody,
  profileKit,
  SOFTWARE,
  withSoftware,
} from "./harness/profiles.ts";

after(closeSharedBackends);

for (const backend of await availableBackends()) {
  describe(`reader profiles on ${backend.name}`, () => {
    let app: TestApp;
    const events: DomainEvent[] = [];
    before(async () => {
      app = await startApp(backend);
      app.context.bus.on("profile.updated", (event) => void events.push(event));
      app.context.bus.on("profile.completed", (event) => void events.push(event));
    });
    after(() => app?.close());

    const {
      cookieReader,
      bearerReader,
      adminReaders,
      rawRows,
      stored,
      auditRows,
      cached,
      put,
      post,
      assertInvalid,
    } = profileKit(() => app);

    const eventsOf = (userId: string) =>
      events.filter((event) => event.userId === userId).map((e) => `${e.type}@${e.version}`);

    test("create, read and update through /api/profile and /api/profile/:userId, by cookie and by bearer", async () => {
      for (const [how, reader] of [
        ["cookie", await cookieReader("Ann")],
        ["bearer", await bearerReader("Bo")],
      ] as const) {
        const { client, userId } = reader;
        const missing = await client.get<ErrorBody>("/api/profile");
        assert.equal(missing.status, 404, how);
        assert.equal(missing.body.code, "PROFILE_NOT_FOUND");
        assert.equal((await client.get<ErrorBody>(`/api/profile/${userId}`)).status, 404);
        const early = await put(client, FULL);
        assert.equal(early.status, 404, `${how}: PUT before POST`);
        assert.equal(early.body.code, "PROFILE_NOT_FOUND");

        const created = await post(client, FULL);
        assert.equal(created.status, 201, `${how}: ${JSON.stringify(created.body)}`);
        assert.equal(created.headers.get("etag"), '"1"');
        const { profile } = created.body;
        assert.equal(profile.userId, userId);
        assert.equal(profile.version, 1);
        assert.equal(profile.profileComplete, true);
        assert.deepEqual(profile.missingFields, []);
        assert.deepEqual(profile.softwareBackground, SOFTWARE);
        assert.deepEqual(profile.hardwareBackground, HARDWARE);
        assert.ok(!Number.isNaN(Date.parse(profile.createdAt)));
        assert.deepEqual(await stored(userId), {
          version: 1,
          profileComplete: true,
          softwareBackground: SOFTWARE,
          hardwareBackground: HARDWARE,
        });

        const again = await post(client, FULL);
        assert.equal(again.status, 409, how);
        assert.equal(again.body.code, "PROFILE_EXISTS");

        for (const path of ["/api/profile", `/api/profile/${userId}`]) {
          const read = await client.get<ProfileBody>(path);
          assert.equal(read.status, 200, `${how} GET ${path}`);
          assert.equal(read.headers.get("etag"), '"1"');
          assert.deepEqual(read.body.profile, profile, `${how} GET ${path}`);
        }

        // A write of one part keeps the other part as it was.
        const software = { ...SOFTWARE, experienceLevel: "advanced", frameworks: [] };
        const updated = await put(client, { softwareBackground: software });
        assert.equal(updated.status, 200, `${how}: ${JSON.stringify(updated.body)}`);
        assert.equal(updated.headers.get("etag"), '"2"');
        assert.equal(updated.body.profile.version, 2);
        assert.deepEqual(updated.body.profile.softwareBackground, software);
        assert.deepEqual(updated.body.profile.hardwareBackground, HARDWARE);
        assert.equal(updated.body.profile.createdAt, profile.createdAt);
        assert.ok(Date.parse(updated.body.profile.updatedAt) >= Date.parse(profile.updatedAt));

        const hardware = { ...HARDWARE, familiarPlatforms: ["Arduino", "Jetson Nano"] };
        const byId = await put(client, { hardwareBackground: hardware }, `/api/profile/${userId}`);
        assert.equal(byId.status, 200, `${how}: ${JSON.stringify(byId.body)}`);
        assert.equal(byId.body.profile.version, 3);
        assert.equal(typeof byId.body.accessToken, "string");
        assert.deepEqual(await stored(userId), {
          version: 3,
          profileComplete: true,
          softwareBackground: software,
          hardwareBackground: hardware,
        });
        const read = await client.get<ProfileBody>(`/api/profile/${userId}`);
        assert.deepEqual(read.body.profile, byId.body.profile);
        assert.equal(read.headers.get("etag"), '"3"');
      }
    });

    test("401 without credentials, 403 for another reader, 200 for an admin; authz_logs says so", async () => {
      const ann = await cookieReader("Owner");
      assert.equal((await post(ann.client, FULL)).status, 201);
      const ben = await bearerReader("Other");
      const admin = await adminReaders();
      const anonymous = new Client(app.url);
      const forged = new Client(app.url);
      forged.bearer = "not.a.jwt";
      const requestIds: Record<string, string> = {};
      const call = (name: string, client: Client, method: string, path: string, body?: unknown) => {
        requestIds[name] = `profile-test-${randomUUID()}`;
        return client.request<ErrorBody & ProfileBody>(method, path, body, {
          "x-request-id": requestIds[name],
        });
      };
      const annPath = `/api/profile/${ann.userId}`;
      for (const [who, client] of [
        ["anonymous", anonymous],
        ["forged", forged],
      ] as const) {
        for (const [method, path] of [
          ["GET", "/api/profile"],
          ["POST", "/api/profile"],
          ["PUT", "/api/profile"],
          ["GET", annPath],
          ["PUT", annPath],
        ] as const) {
          const res = await call(
            `${who} ${method} ${path}`,
            client,
            method,
            path,
            method === "GET" ? undefined : FULL,
          );
          assert.equal(res.status, 401, `${who} ${method} ${path}`);
          assert.equal(res.body.code, "AUTH_TOKEN_INVALID");
        }
      }
      const before = await rawRows(ann.userId);
      const peek = await call("ben GET", ben.client, "GET", annPath);
      assert.equal(peek.status, 403);
      assert.equal(peek.body.code, "AUTH_INSUFFICIENT_PERMISSIONS");
      assert.equal(peek.body.profile, undefined);
      const overwrite = await call(
        "ben PUT",
        ben.client,
        "PUT",
        annPath,
        withSoftware({ experienceLevel: "expert" }),
      );
      assert.equal(overwrite.status, 403);
      assert.equal(overwrite.body.code, "AUTH_INSUFFICIENT_PERMISSIONS");
      assert.deepEqual(await rawRows(ann.userId), before, "a 403 PUT changed the rows");

      for (const [how, client] of [
        ["cookie", admin.cookie],
        ["bearer", admin.bearer],
      ] as const) {
        const read = await call(`admin ${how} GET`, client, "GET", annPath);
        assert.equal(read.status, 200, `admin by ${how}: ${JSON.stringify(read.body)}`);
        assert.equal(read.body.profile.userId, ann.userId);
        assert.deepEqual(read.body.profile.softwareBackground, SOFTWARE);
      }
      // Not served only from the cache: with it gone the admin still reads it (RLS admin flag).
      await app.context.profiles.forget(ann.userId);
      const fresh = await call("admin fresh GET", admin.bearer, "GET", annPath);
      assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
      assert.equal(fresh.body.profile.userId, ann.userId);

      await app.context.logs.flush();
      const rows = await app.admin
        .selectFrom("authz_logs")
        .select(["user_id", "policy", "resource", "decision", "reason", "request_id"])
        .where("request_id", "in", Object.values(requestIds))
        .execute();
      const byName = (name: string) => {
        const found = rows.filter((row) => row.request_id === requestIds[name]);
        assert.equal(found.length, 1, `one authz_logs row for ${name}, got ${found.length}`);
        return found[0] as (typeof found)[number];
      };
      const anonymousGet = byName(`anonymous GET ${annPath}`);
      assert.equal(anonymousGet.decision, "deny");
      assert.equal(anonymousGet.user_id, null);
      assert.equal(anonymousGet.resource, "GET /api/profile/:userId");
      assert.equal(byName("forged POST /api/profile").decision, "deny");
      assert.equal(byName("forged POST /api/profile").resource, "POST /api/profile");
      const benGet = byName("ben GET");
      assert.deepEqual(
        { user: benGet.user_id, decision: benGet.decision, policy: benGet.policy },
        { user: ben.userId, decision: "deny", policy: "self_profile|admin" },
      );
      assert.ok(benGet.reason, "a denial gives its reason");
      const benPut = byName("ben PUT");
      assert.deepEqual(
        { user: benPut.user_id, decision: benPut.decision, resource: benPut.resource },
        { user: ben.userId, decision: "deny", resource: "PUT /api/profile/:userId" },
      );
      assert.match(benPut.reason ?? "", /self_profile/);
      // The admin's three reads of Ann's profile are allows of one reader to one resource: counted
      // in the row of the first (or, when a batch ended between them, in one row per batch).
      const adminReads = await app.admin
        .selectFrom("authz_logs")
        .select(["decision", "reason", "request_id", "hits"])
        .where("user_id", "=", admin.userId)
        .where("resource", "=", "GET /api/profile/:userId")
        .execute();
      const adminIds = ["admin cookie GET", "admin bearer GET", "admin fresh GET"].map(
        (name) => requestIds[name],
      );
      assert.equal(
        adminReads.reduce((sum, row) => sum + row.hits, 0),
        3,
      );
      for (const row of adminReads) {
        assert.deepEqual([row.decision, row.reason], ["allow", null]);
        assert.ok(adminIds.includes(row.request_id ?? ""), "a row carries one of its requests");
      }
      assert.ok(adminReads.some((row) => row.request_id === requestIds["admin cookie GET"]));
    });

    test("completing the profile flips profileComplete in the returned token; events fire", async () => {
      const { client, userId } = await bearerReader("Flip");
      const first = decodeJwt(client.bearer ?? "");
      assert.equal(first.profileComplete, false);
      assert.equal(first.pv, 0);

      const partial = await post(client, { softwareBackground: SOFTWARE });
      assert.equal(partial.status, 201, JSON.stringify(partial.body));
      assert.equal(partial.body.profile.profileComplete, false);
      assert.deepEqual(partial.body.profile.missingFields, [
        "hardwareBackground.familiarPlatforms",
        "hardwareBackground.roboticsExperience",
        "hardwareBackground.electronicsKnowledge",
      ]);
      const partialClaims = decodeJwt(partial.body.accessToken ?? "");
      assert.equal(partialClaims.profileComplete, false);
      assert.equal(partialClaims.pv, 1);
      assert.equal(partialClaims.sub, userId);
      assert.deepEqual(partialClaims.softwareBackground, SOFTWARE);
      assert.deepEqual(eventsOf(userId), ["profile.updated@1"]);

      const complete = await put(client, { hardwareBackground: HARDWARE }, "/api/profile", {
        "if-match": '"1"',
      });
      assert.equal(complete.status, 200, JSON.stringify(complete.body));
      assert.equal(complete.body.profile.profileComplete, true);
      const claims = decodeJwt(complete.body.accessToken ?? "");
      assert.equal(claims.profileComplete, true);
      assert.equal(claims.pv, 2);
      assert.deepEqual(claims.hardwareBackground, HARDWARE);
      assert.notEqual(claims.jti, partialClaims.jti);
      assert.equal((await stored(userId)).profileComplete, true);
      assert.deepEqual(eventsOf(userId), [
        "profile.updated@1",
        "profile.updated@2",
        "profile.completed@2",
      ]);

      // The new token is a working token; staying complete fires no second `completed`.
      client.bearer = complete.body.accessToken ?? null;
      const more = await put(client, withSoftware({ yearsOfExperience: 4 }));
      assert.equal(more.status, 200, JSON.stringify(more.body));
      assert.equal(decodeJwt(more.body.accessToken ?? "").pv, 3);
      assert.equal(decodeJwt(more.body.accessToken ?? "").profileComplete, true);
      // A rejected write emits nothing.
      assert.equal((await put(client, withSoftware({ yearsOfExperience: 99 }))).status, 400);
      assert.equal((await put(client, FULL, "/api/profile", { "if-match": '"1"' })).status, 409);
      assert.deepEqual(eventsOf(userId), [
        "profile.updated@1",
        "profile.updated@2",
        "profile.completed@2",
        "profile.updated@3",
      ]);

      // A cookie reader's fresh token (GET /api/auth/token) carries the same claim.
      const reader = await cookieReader("FlipCookie");
      assert.equal((await post(reader.client, FULL)).status, 201);
      const token = await reader.client.get<{ token: string }>("/api/auth/token");
      assert.equal(decodeJwt(token.body.token).profileComplete, true);
      assert.equal(decodeJwt(token.body.token).pv, 1);
      assert.deepEqual(eventsOf(reader.userId), ["profile.updated@1", "profile.completed@1"]);
    });

    test("concurrent updates with the same version: one wins, the rest get 409", async () => {
      const { client, userId } = await cookieReader("Race");
      assert.equal((await post(client, FULL)).status, 201);
      const bodies = [1, 2, 3, 4, 5].map((n) => withSoftware({ yearsOfExperience: n * 10 }));
      const results = await Promise.all(
        bodies.map((body) => put(client, body, "/api/profile", { "if-match": '"1"' })),
      );
      const statuses = results.map((res) => res.status).sort();
      assert.deepEqual(
        statuses,
        [200, 409, 409, 409, 409],
        JSON.stringify(results.map((r) => r.body)),
      );
      for (const res of results.filter((r) => r.status === 409)) {
        assert.equal(res.body.code, "PROFILE_VERSION_CONFLICT");
      }
      const winner = results.findIndex((res) => res.status === 200);
      const now = await stored(userId);
      assert.equal(now.version, 2);
      assert.deepEqual(now.softwareBackground, bodies[winner]?.softwareBackground);
      assert.equal((await auditRows(userId)).length, 2, "create + the one update");
      const read = await client.get<ProfileBody>("/api/profile");
      assert.equal(read.body.profile.version, 2);
      assert.equal(read.body.profile.softwareBackground?.yearsOfExperience, (winner + 1) * 10);

      // A stale version in the body, and a malformed If-Match.
      const stale = await put(client, { ...FULL, version: 1 });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.code, "PROFILE_VERSION_CONFLICT");
      const weak = await put(client, FULL, "/api/profile", { "if-match": 'W/"2"' });
      assert.equal(weak.status, 200, JSON.stringify(weak.body));
      assertInvalid(await put(client, FULL, "/api/profile", { "if-match": '"abc"' }), "If-Match");
      assert.equal((await stored(userId)).version, 3);
    });

    test("concurrent first writes: one profile is created, the others get 409 PROFILE_EXISTS", async () => {
      const { client, userId } = await bearerReader("FirstRace");
      const results = await Promise.all([1, 2, 3, 4].map(() => post(client, FULL)));
      const statuses = results.map((res) => res.status).sort();
      assert.deepEqual(statuses, [201, 409, 409, 409], JSON.stringify(results.map((r) => r.body)));
      for (const res of results.filter((r) => r.status === 409)) {
        assert.equal(res.body.code, "PROFILE_EXISTS");
      }
      assert.equal((await stored(userId)).version, 1);
      assert.equal((await auditRows(userId)).length, 1);
    });

    test("audit_logs hold the old and new values of each write", async () => {
      const { client, userId } = await cookieReader("Audit");
      assert.equal((await post(client, FULL)).status, 201);
      const software = { ...SOFTWARE, programmingLanguages: ["Rust"], yearsOfExperience: 7 };
      assert.equal((await put(client, { softwareBackground: software })).status, 200);
      assert.equal((await put(client, { softwareBackground: { ...SOFTWARE, x: 1 } })).status, 400);
      const rows = await auditRows(userId);
      assert.equal(rows.length, 2, "a failed write leaves no audit row");
      const [create, update] = rows as [(typeof rows)[number], (typeof rows)[number]];
      assert.deepEqual(
        {
          action: create.action,
          actor: create.actor_id,
          entity: create.entity,
          old: create.old_values,
        },
        { action: "create", actor: userId, entity: "profile", old: null },
      );
      assert.deepEqual(create.new_values, { software: SOFTWARE, hardware: HARDWARE, version: 1 });
      assert.equal(update.action, "update");
      assert.equal(update.actor_id, userId);
      assert.deepEqual(update.old_values, { software: SOFTWARE, hardware: HARDWARE, version: 1 });
      assert.deepEqual(update.new_values, { software, hardware: HARDWARE, version: 2 });
    });

    test("reads are served from the cache; writes overwrite it, so a read is never stale", async () => {
      const { client, userId } = await cookieReader("Cache");
      const created = await post(client, FULL);
      assert.equal(created.status, 201);
      assert.deepEqual(await cached(userId), created.body.profile, "write-through on create");
      await app.context.profiles.forget(userId);
      assert.equal(await cached(userId), null);

      const read = await client.get<ProfileBody>("/api/profile");
      assert.equal(read.status, 200);
      assert.deepEqual(await cached(userId), read.body.profile, "filled on read");

      // Changed behind the app's back: the cached value still answers...
      await app.admin
        .updateTable("software_backgrounds")
        .set({ programming_languages: ["COBOL"] })
        .where("user_id", "=", userId)
        .execute();
      const fromCache = await client.get<ProfileBody>("/api/profile");
      assert.deepEqual(fromCache.body.profile.softwareBackground?.programmingLanguages, [
        "Python",
        "C++",
      ]);
      // ...and with the key gone, Postgres does.
      await app.context.profiles.forget(userId);
      const fromDb = await client.get<ProfileBody>("/api/profile");
      assert.deepEqual(fromDb.body.profile.softwareBackground?.programmingLanguages, ["COBOL"]);

      const hardware = { ...HARDWARE, roboticsExperience: "professional" };
      const updated = await put(client, { hardwareBackground: hardware });
      assert.equal(updated.status, 200);
      assert.deepEqual(await cached(userId), updated.body.profile, "write-through on update");
      for (const path of ["/api/profile", `/api/profile/${userId}`]) {
        const after = await client.get<ProfileBody>(path);
        assert.deepEqual(after.body.profile, updated.body.profile, path);
        assert.equal(after.body.profile.hardwareBackground?.roboticsExperience, "professional");
        assert.equal(after.headers.get("etag"), '"2"');
      }
      // A failed write drops the entry (its marker stood in for it); the next read refills it.
      assert.equal((await put(client, FULL, "/api/profile", { "if-match": '"1"' })).status, 409);
      assert.equal(await cached(userId), null);
      assert.deepEqual(
        (await client.get<ProfileBody>("/api/profile")).body.profile,
        updated.body.profile,
      );
      assert.deepEqual(await cached(userId), updated.body.profile);
    });

    test("a write failing half-way (a DB CHECK zod does not know) rolls back every table", async () => {
      // No CHECK in the migrations is looser in zod than in Postgres (every bound and enum is
      // mirrored), so the test adds one the schema cannot know about. The hardware upsert runs
      // after the profile bump and the software upsert, so its failure is a half-way failure.
      const { client, userId } = await cookieReader("Rollback");
      assert.equal((await post(client, FULL)).status, 201);
      const before = await rawRows(userId);
      const eventsBefore = eventsOf(userId);
      await sql`alter table hardware_backgrounds add constraint rk_test_no_forbidden
        check (not ('Forbidden' = any (familiar_platforms)))`.execute(app.admin);
      try {
        const res = await put(client, {
          softwareBackground: { ...SOFTWARE, programmingLanguages: ["Go"] },
          hardwareBackground: { ...HARDWARE, familiarPlatforms: ["Forbidden"] },
        });
        assert.equal(res.status, 500, JSON.stringify(res.body));
        assert.equal(res.body.code, "INTERNAL_ERROR");
        assert.doesNotMatch(JSON.stringify(res.body), /rk_test_no_forbidden|constraint/);
      } finally {
        await sql`alter table hardware_backgrounds drop constraint rk_test_no_forbidden`.execute(
          app.admin,
        );
      }
      assert.deepEqual(await rawRows(userId), before, "profiles/software rows were rolled back");
      assert.equal((await auditRows(userId)).length, 1, "no audit row for the failed write");
      assert.equal(await cached(userId), null, "nothing of the failed write cached");
      assert.deepEqual(eventsOf(userId), eventsBefore, "no event for the failed write");
      const read = await client.get<ProfileBody>("/api/profile");
      assert.equal(read.body.profile.version, 1);
      assert.deepEqual(await cached(userId), read.body.profile, "refilled by the read");
      // The next write goes through as usual.
      assert.equal((await put(client, FULL, "/api/profile", { "if-match": '"1"' })).status, 200);
    });

    test("the short form is accepted on POST, mapped, and leaves the profile incomplete", async () => {
      const short = {
        software_experience: "expert",
        programming_background: "basic",
        hardware_knowledge: "intermediate",
      };
      const expected = {
        softwareBackground: {
          programmingLanguages: [],
          frameworks: [],
          experienceLevel: "expert",
          specializations: [],
          yearsOfExperience: null,
          programmingBackground: "basic",
        },
        hardwareBackground: {
          familiarPlatforms: [],
          roboticsExperience: null,
          electronicsKnowledge: "intermediate",
          preferredTools: [],
        },
      };
      const missingFields = [
        "softwareBackground.programmingLanguages",
        "hardwareBackground.familiarPlatforms",
        "hardwareBackground.roboticsExperience",
      ];
      const { client, userId } = await cookieReader("Short");
      const res = await post(client, short);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.profile.profileComplete, false);
      assert.deepEqual(res.body.profile.missingFields, missingFields);
      assert.deepEqual(res.body.profile.softwareBackground, expected.softwareBackground);
      assert.deepEqual(res.body.profile.hardwareBackground, expected.hardwareBackground);
      assert.equal(decodeJwt(res.body.accessToken ?? "").profileComplete, false);
      assert.deepEqual(await stored(userId), { version: 1, profileComplete: false, ...expected });
      assert.deepEqual(eventsOf(userId), ["profile.updated@1"]);

      // The same form at token sign-up creates the same profile.
      const viaSignup = await bearerReader("ShortSignup", short);
      const read = await viaSignup.client.get<ProfileBody>("/api/profile");
      assert.equal(read.status, 200, JSON.stringify(read.body));
      assert.deepEqual(read.body.profile.missingFields, missingFields);
      assert.deepEqual(await stored(viaSignup.userId), {
        version: 1,
        profileComplete: false,
        ...expected,
      });

      // Completing it afterwards with the full form flips it.
      const done = await put(client, FULL, "/api/profile", { "if-match": '"1"' });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.profile.profileComplete, true);
      assert.deepEqual(done.body.profile.missingFields, []);
      assert.deepEqual(eventsOf(userId), [
        "profile.updated@1",
        "profile.updated@2",
        "profile.completed@2",
      ]);
    });

    test("seed 002's {background: {...}} answers exactly as the short form, on POST and PUT", async () => {
      const short = {
        software_experience: "beginner",
        programming_background: "none",
        hardware_knowledge: "basic",
      };
      const bare = await cookieReader("Bare");
      const wrapped = await cookieReader("Wrapped");
      // What may differ between two readers: who, when, and the token's identity claims.
      const comparable = (res: { status: number; body: unknown; headers: Headers }) => {
        const { profile, accessToken, ...rest } = res.body as Partial<ProfileBody> & ErrorBody;
        const claims = accessToken ? decodeJwt(accessToken) : null;
        return {
          status: res.status,
          // Error answers get Express's hash of the body (request id included), not a version.
          etag: res.status < 300 ? res.headers.get("etag") : null,
          body: {
            ...rest,
            requestId: undefined,
            profile: profile && { ...profile, userId: "", createdAt: "", updatedAt: "" },
            claims: claims && {
              profileComplete: claims.profileComplete,
              softwareBackground: claims.softwareBackground,
              hardwareBackground: claims.hardwareBackground,
              pv: claims.pv,
            },
          },
        };
      };
      const same = async (label: string, bareBody: unknown, wrappedBody: unknown, write = put) => {
        const expected = await write(bare.client, bareBody);
        const actual = await write(wrapped.client, wrappedBody);
        assert.deepEqual(comparable(actual), comparable(expected), label);
        const { version, ...rows } = await stored(bare.userId);
        assert.deepEqual(await stored(wrapped.userId), { version, ...rows }, `${label}: rows`);
        return actual;
      };

      const created = await same("POST", short, { background: short }, post);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.profile.softwareBackground?.experienceLevel, "beginner");
      const changed = { ...short, software_experience: "intermediate" };
      const updated = await same(
        "PUT with a version",
        { ...changed, version: 1 },
        { background: changed, version: 1 },
      );
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.profile.version, 2);
      const stale = await same(
        "PUT, stale version",
        { ...short, version: 1 },
        { background: short, version: 1 },
      );
      assert.equal(stale.body.code, "PROFILE_VERSION_CONFLICT");
      await same("POST again", short, { background: short }, post);
      assert.deepEqual(eventsOf(wrapped.userId), eventsOf(bare.userId));
    });
  });
}
