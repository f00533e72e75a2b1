/**
 * The reader's devices (GET/DELETE /api/account/devices, POST .../revoke-others): each sign-in
 * is listed by browser, OS and IP prefix, never with its token or full address; signing a
 * device out ends its session, access JWTs and refresh tokens at once, and nobody can touch
 * another reader's sessions.
 */

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { AccountDevice } from "@readerkit/core";
import type { OpenApiDocument } from "../server/src/openapi/spec.ts";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";
import { answerChecker } from "./harness/openapi.ts";
import {
  authLogs,
  claimsOf,
  type ErrorBody,
  me,
  refresh,
  type SignupBody,
} from "./harness/tokens.ts";

after(closeSharedBackends);

const FIREFOX_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0";
const CHROME_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const IPV4 = "203.0.113.77";
const IPV6 = "2001:db8:85a3:8d3:1319:8a2e:370:7348";
const PRIVATE_IP = "192.168.1.20";

type Failure = ErrorBody & { requestId: string; details?: { path: string }[] };

/** The headers a proxy on this machine sends: the app trusts X-Forwarded-For from loopback. */
const from = (userAgent: string, ip: string) => ({
  "user-agent": userAgent,
  "x-forwarded-for": ip,
});

for (const backend of await availableBackends()) {
  describe(`account devices on ${backend.name}`, () => {
    let app: TestApp;
    let check: ReturnType<typeof answerChecker>;
    before(async () => {
      app = await startApp(backend);
      const spec = await new Client(app.url).get<OpenApiDocument>("/api/openapi.json");
      check = answerChecker(spec.body);
    });
    after(() => app?.close());

    /** An API client's sign-in (token API) from a given browser and address. */
    async function tokenSignIn(email: string, userAgent: string, ip: string) {
      const client = new Client(app.url);
      const answer = await client.post<SignupBody>(
        "/api/auth/signin",
        { email, password: GOOD_PASSWORD },
        from(userAgent, ip),
      );
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      client.bearer = answer.body.accessToken;
      return { client, ...answer.body, sid: claimsOf(answer.body.accessToken).sid };
    }

    /** A browser's sign-in (session cookie), and an access JWT fetched with it. */
    async function cookieSignIn(email: string, userAgent: string, ip: string) {
      const client = new Client(app.url);
      const answer = await client.post(
        "/api/auth/sign-in/email",
        { email, password: GOOD_PASSWORD },
        from(userAgent, ip),
      );
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const jwt = await client.get<{ token: string }>("/api/auth/token");
      assert.equal(jwt.status, 200);
      return { client, jwt: jwt.body.token, sid: claimsOf(jwt.body.token).sid };
    }

    /** A reader signed up on a Mac (token API) and signed in on Windows (cookie). */
    async function readerOnTwoDevices() {
      const email = uniqueEmail("devices");
      const signup = await new Client(app.url).post<SignupBody>(
        "/api/auth/signup",
        { email, password: GOOD_PASSWORD },
        from(FIREFOX_MAC, IPV4),
      );
      assert.equal(signup.status, 201, JSON.stringify(signup.body));
      const mac = new Client(app.url);
      mac.bearer = signup.body.accessToken;
      const windows = await cookieSignIn(email, CHROME_WINDOWS, IPV6);
      return {
        email,
        userId: signup.body.userId,
        mac: { client: mac, ...signup.body, sid: claimsOf(signup.body.accessToken).sid },
        windows,
      };
    }

    const devicesOf = async (client: Client) => {
      const answer = await client.get<AccountDevice[]>("/api/account/devices");
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      check("GET", "/api/account/devices", answer);
      return answer.body;
    };
    const sessionIds = async (userId: string) =>
      (
        await app.admin.selectFrom("session").select("id").where("userId", "=", userId).execute()
      ).map((row) => row.id);

    test("each sign-in is a device: browser and OS, the IP prefix only, this device marked", async () => {
      const { userId, mac, windows } = await readerOnTwoDevices();
      const seenFromMac = await devicesOf(mac.client);
      assert.equal(seenFromMac.length, 2);
      const macDevice = seenFromMac.find((device) => device.id === mac.sid);
      const windowsDevice = seenFromMac.find((device) => device.id === windows.sid);
      assert.deepEqual(
        { ...macDevice, lastActive: undefined, signedInAt: undefined },
        {
          id: mac.sid,
          browser: "Firefox",
          os: "macOS",
          approximateLocation: "203.0.113.x",
          current: true,
          lastActive: undefined,
          signedInAt: undefined,
        },
      );
      assert.equal(windowsDevice?.browser, "Chrome");
      assert.equal(windowsDevice?.os, "Windows");
      assert.equal(windowsDevice?.approximateLocation, "2001:db8:85a3::/48");
      assert.equal(windowsDevice?.current, false);
      for (const device of seenFromMac) {
        assert.ok(Date.parse(device.lastActive) >= Date.parse(device.signedInAt));
      }
      assert.ok(
        seenFromMac[0] && seenFromMac[1] && seenFromMac[0].lastActive >= seenFromMac[1].lastActive,
        "most recently active first",
      );
      assert.equal(seenFromMac[0]?.id, mac.sid, "the device asking is active now, so first");

      // Seen from the Windows browser, its own session is "this device".
      const seenFromWindows = await devicesOf(windows.client);
      assert.deepEqual(
        seenFromWindows.filter((device) => device.current).map((device) => device.id),
        [windows.sid],
      );

      // Neither a session token nor a full address ever reaches the page.
      const tokens = await app.admin
        .selectFrom("session")
        .select("token")
        .where("userId", "=", userId)
        .execute();
      const text = JSON.stringify([seenFromMac, seenFromWindows]);
      for (const { token } of tokens) assert.ok(!text.includes(token), "no session token");
      for (const secret of [IPV4, IPV6, "8a2e", "1319", "370:7348", "0db8", "203.0.113.77"]) {
        assert.ok(!text.includes(secret), `the full address is not shown (${secret})`);
      }
      assert.doesNotMatch(text, /"token"|ipAddress|userAgent/);
    });

    test("a private address is the local network; an unknown agent is an unknown browser", async () => {
      const { email, mac } = await readerOnTwoDevices();
      const phone = await tokenSignIn(email, SAFARI_IPHONE, PRIVATE_IP);
      const bot = await tokenSignIn(email, "curl/8.5.0", "198.51.100.200");
      // An API client is active whenever it refreshes its token.
      assert.equal((await refresh(app, phone.refreshToken)).status, 200);
      const devices = await devicesOf(mac.client);
      const byId = new Map(devices.map((device) => [device.id, device]));
      assert.deepEqual([byId.get(phone.sid)?.browser, byId.get(phone.sid)?.os], ["Safari", "iOS"]);
      assert.equal(byId.get(phone.sid)?.approximateLocation, "local network");
      const phoneSeen = byId.get(phone.sid);
      assert.ok(
        phoneSeen && Date.parse(phoneSeen.lastActive) > Date.parse(phoneSeen.signedInAt),
        "last active is the refresh, after the sign-in",
      );
      assert.deepEqual(
        [byId.get(bot.sid)?.browser, byId.get(bot.sid)?.approximateLocation],
        ["Unknown browser", "198.51.100.x"],
      );
    });

    test("signing a device out ends its session, its JWTs and refresh token; the others keep working", async () => {
      const { email, userId, mac, windows } = await readerOnTwoDevices();
      const phone = await tokenSignIn(email, SAFARI_IPHONE, IPV4);

      // From the Mac: sign the phone (token API) out.
      const gone = await mac.client.request("DELETE", `/api/account/devices/${phone.sid}`);
      assert.equal(gone.status, 204);
      assert.equal(gone.body, null, "no body");
      const refused = await me(app, phone.accessToken);
      assert.equal(refused.status, 401);
      assert.equal(refused.body.code, "AUTH_TOKEN_INVALID");
      const noRefresh = await refresh(app, phone.refreshToken);
      assert.equal(noRefresh.status, 401);
      assert.equal(noRefresh.body.code, "INVALID_REFRESH_TOKEN");
      const denied = await app.admin
        .selectFrom("revoked_tokens")
        .select("reason")
        .where("token_id", "=", `sid:${phone.sid}`)
        .executeTakeFirst();
      assert.equal(denied?.reason, "session_ended", "the session-delete hook reached the denylist");

      // From the Mac again: sign the Windows browser (cookie) out; its cookie and JWT both end.
      assert.equal(
        (await mac.client.request("DELETE", `/api/account/devices/${windows.sid}`)).status,
        204,
      );
      assert.equal((await windows.client.get("/api/me")).status, 401, "the cookie is refused");
      assert.equal((await me(app, windows.jwt)).status, 401, "its JWT is refused");

      // The Mac itself is untouched.
      assert.equal((await me(app, mac.accessToken)).status, 200);
      assert.equal((await refresh(app, mac.refreshToken)).status, 200);
      assert.deepEqual(
        (await devicesOf(mac.client)).map((device) => device.id),
        [mac.sid],
      );
      assert.deepEqual(await sessionIds(userId), [mac.sid]);
      const logged = (await authLogs(app, userId)).filter((row) => row.event === "session_revoke");
      assert.deepEqual(
        logged.map((row) => row.reason),
        ["device", "device"],
      );
    });

    test("sign out everywhere else ends every session but the caller's", async () => {
      const { email, userId, mac, windows } = await readerOnTwoDevices();
      const phone = await tokenSignIn(email, SAFARI_IPHONE, IPV4);
      const done = await windows.client.post("/api/account/devices/revoke-others");
      assert.equal(done.status, 204, JSON.stringify(done.body));
      assert.equal((await me(app, mac.accessToken)).status, 401);
      assert.equal((await me(app, phone.accessToken)).status, 401);
      assert.equal((await refresh(app, phone.refreshToken)).status, 401);
      assert.equal((await refresh(app, mac.refreshToken)).status, 401);
      assert.equal((await windows.client.get("/api/me")).status, 200, "the caller stays in");
      assert.equal((await me(app, windows.jwt)).status, 200);
      const left = await devicesOf(windows.client);
      assert.deepEqual(
        left.map((device) => [device.id, device.current]),
        [[windows.sid, true]],
      );
      assert.deepEqual(await sessionIds(userId), [windows.sid]);
      // Nothing else to end: still a 204, still signed in.
      assert.equal((await windows.client.post("/api/account/devices/revoke-others")).status, 204);
      assert.equal((await windows.client.get("/api/me")).status, 200);
    });

    test("signing this very device out ends the caller's own session", async () => {
      const { mac, windows } = await readerOnTwoDevices();
      assert.equal(
        (await mac.client.request("DELETE", `/api/account/devices/${mac.sid}`)).status,
        204,
      );
      assert.equal((await me(app, mac.accessToken)).status, 401);
      assert.equal((await windows.client.get("/api/me")).status, 200);
    });

    test("another reader's device id is not found, and nothing changes", async () => {
      const victim = await readerOnTwoDevices();
      const attacker = await readerOnTwoDevices();
      const before = await sessionIds(victim.userId);
      for (const id of [victim.mac.sid, victim.windows.sid]) {
        const answer = await attacker.mac.client.request<Failure>(
          "DELETE",
          `/api/account/devices/${id}`,
        );
        assert.equal(answer.status, 404);
        assert.equal(answer.body.code, "DEVICE_NOT_FOUND");
        assert.equal(answer.body.field, "id");
        assert.ok(answer.body.requestId);
        check("DELETE", "/api/account/devices/{id}", answer);
      }
      assert.deepEqual(await sessionIds(victim.userId), before);
      assert.equal((await me(app, victim.mac.accessToken)).status, 200);
      assert.equal((await victim.windows.client.get("/api/me")).status, 200);
      // The attacker's own list never shows them either.
      const seen = (await devicesOf(attacker.mac.client)).map((device) => device.id);
      assert.ok(!seen.includes(victim.mac.sid) && !seen.includes(victim.windows.sid));
    });

    test("bad input: a malformed or unknown id, no sign-in, an untrusted origin", async () => {
      const { userId, mac, windows } = await readerOnTwoDevices();
      const before = await sessionIds(userId);
      const malformed = await mac.client.request<Failure>(
        "DELETE",
        `/api/account/devices/${encodeURIComponent("abc'; drop table session;--")}`,
      );
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.code, "VALIDATION_FAILED");
      assert.equal(malformed.body.field, "id");
      assert.equal(malformed.body.details?.[0]?.path, "id");
      assert.ok(malformed.body.requestId);
      check("DELETE", "/api/account/devices/{id}", malformed);

      const tooLong = await mac.client.request<Failure>(
        "DELETE",
        `/api/account/devices/${"a".repeat(200)}`,
      );
      assert.equal(tooLong.status, 400);
      assert.equal(tooLong.body.field, "id");

      const unknown = await mac.client.request<Failure>(
        "DELETE",
        "/api/account/devices/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      );
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, "DEVICE_NOT_FOUND");

      const guest = new Client(app.url);
      const anonymous = await guest.get<Failure>("/api/account/devices");
      assert.equal(anonymous.status, 401);
      check("GET", "/api/account/devices", anonymous);
      assert.equal((await guest.request("DELETE", `/api/account/devices/${mac.sid}`)).status, 401);
      assert.equal((await guest.post("/api/account/devices/revoke-others")).status, 401);

      // A cookie write from a page on another origin is refused before anything happens.
      const forged = await windows.client.post<Failure>(
        "/api/account/devices/revoke-others",
        {},
        { origin: "https://evil.example" },
      );
      assert.equal(forged.status, 403);
      assert.equal(forged.body.code, "INVALID_ORIGIN");
      assert.deepEqual(await sessionIds(userId), before, "nothing changed");
      assert.equal((await me(app, mac.accessToken)).status, 200);
    });
  });
}
