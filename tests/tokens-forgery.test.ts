import assert from "node:assert/strict";
import { createHmac, createPublicKey, type JsonWebKey, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from "jose";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client } from "./harness/http.ts";
import { me, signIn, signUp } from "./harness/tokens.ts";

after(closeSharedBackends);

// ---------------------------------------------------------------------------------------------
// Helpers

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

const b64 = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const kidOf = (token: string) => decodeProtectedHeader(token).kid;

/** Signs in again, asserting it worked: the tokens of a fresh session. */
async function signInAgain(app: TestApp, email: string) {
  const response = await signIn(app, email);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body;
}

async function jwksKids(app: TestApp) {
  const response = await new Client(app.url).get<{ keys: JWK[] }>("/api/auth/jwks");
  assert.equal(response.status, 200);
  return response.body.keys;
}

/** A JWT with an HMAC signature made with `secret` (the algorithm-confusion attack). */
function hs256(header: Record<string, unknown>, payload: JWTPayload, secret: string) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

const signRs256 = (payload: JWTPayload, key: SigningKey, kid: string) =>
  new SignJWT(payload).setProtectedHeader({ alg: "RS256", typ: "JWT", kid }).sign(key);

// ---------------------------------------------------------------------------------------------

for (const backend of await availableBackends()) {
  describe(`forged access tokens on ${backend.name}`, () => {
    let app: TestApp;
    let user: Awaited<ReturnType<typeof signUp>>;
    /** A key of ours the server trusts (its public half is in `jwks`), to sign bad claims. */
    let trusted: SigningKey;
    const trustedKid = `test-key-${randomUUID()}`;
    /** A key the server has never seen. */
    let stranger: SigningKey;

    before(async () => {
      app = await startApp(backend);
      user = await signUp(app); // creates the server's own signing key first
      const pair = await generateKeyPair("RS256", { extractable: true });
      trusted = pair.privateKey;
      stranger = (await generateKeyPair("RS256")).privateKey;
      // Old createdAt: the server keeps signing with its own (newest) key, never with this one.
      // Inserted before any /api/me call, so the verifier's first key load includes it.
      await app.admin
        .insertInto("jwks")
        .values({
          id: trustedKid,
          publicKey: JSON.stringify(await exportJWK(pair.publicKey)),
          privateKey: "not-used",
          createdAt: new Date("2000-01-01T00:00:00Z"),
          alg: "RS256",
        })
        .execute();
    });
    after(() => app?.close());

    /** Every claim right; `patch` spoils one. */
    const claims = (patch: JWTPayload = {}): JWTPayload => {
      const now = Math.floor(Date.now() / 1000);
      return {
        typ: "access",
        jti: randomUUID(),
        sub: user.userId,
        email: user.email,
        name: "Forger",
        roles: ["user"],
        profileComplete: false,
        softwareBackground: {},
        hardwareBackground: {},
        pv: 0,
        iat: now,
        exp: now + 900,
        iss: app.context.config.jwtIssuer,
        aud: app.context.config.jwtAudience,
        ...patch,
      };
    };

    test("controls: the server's token and one signed by the trusted test key both pass", async () => {
      const real = await me(app, user.accessToken);
      assert.equal(real.status, 200, JSON.stringify(real.body));
      const ours = await me(app, await signRs256(claims(), trusted, trustedKid));
      assert.equal(ours.status, 200, `the test key must be trusted: ${JSON.stringify(ours.body)}`);
      assert.equal(ours.body.userId, user.userId);
    });

    const now = () => Math.floor(Date.now() / 1000);
    const forgeries: [string, () => Promise<string> | string][] = [
      ["alg none", () => `${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`],
      [
        "alg none under the server's kid",
        () => `${b64({ alg: "none", kid: kidOf(user.accessToken) })}.${b64(claims())}.`,
      ],
      [
        "HS256 keyed with the server's public key (PEM)",
        async () => {
          const kid = kidOf(user.accessToken);
          const jwk = (await jwksKids(app)).find((key) => key.kid === kid);
          assert.ok(jwk, "the server's key is in its JWKS");
          const pem = createPublicKey({ key: jwk as JsonWebKey, format: "jwk" })
            .export({ type: "spki", format: "pem" })
            .toString();
          return hs256({ alg: "HS256", typ: "JWT", kid }, decodeJwt(user.accessToken), pem);
        },
      ],
      [
        "HS256 keyed with the server's JWK n",
        async () => {
          const kid = kidOf(user.accessToken);
          const jwk = (await jwksKids(app)).find((key) => key.kid === kid);
          return hs256({ alg: "HS256", kid }, decodeJwt(user.accessToken), String(jwk?.n));
        },
      ],
      ["an unknown kid", () => signRs256(claims(), trusted, "no-such-key")],
      ["a kid holding SQL", () => signRs256(claims(), trusted, "' OR 1=1 --")],
      ["a kid holding a path", () => signRs256(claims(), trusted, "../../etc/passwd")],
      ["a stranger's key under a trusted kid", () => signRs256(claims(), stranger, trustedKid)],
      [
        "a tampered payload",
        () => {
          const [header, , signature] = user.accessToken.split(".");
          const payload = { ...decodeJwt(user.accessToken), roles: ["admin"] };
          return `${header}.${b64(payload)}.${signature}`;
        },
      ],
      [
        "a wrong iss",
        () => signRs256(claims({ iss: "https://evil.example" }), trusted, trustedKid),
      ],
      [
        "a wrong aud",
        () => signRs256(claims({ aud: "https://evil.example" }), trusted, trustedKid),
      ],
      [
        "an expired token",
        () => signRs256(claims({ iat: now() - 4500, exp: now() - 3600 }), trusted, trustedKid),
      ],
      ["nbf in the future", () => signRs256(claims({ nbf: now() + 3600 }), trusted, trustedKid)],
      ["no exp", () => signRs256(claims({ exp: undefined }), trusted, trustedKid)],
      ["no jti", () => signRs256(claims({ jti: undefined }), trusted, trustedKid)],
      ["a token of another type", () => signRs256(claims({ typ: "id" }), trusted, trustedKid)],
      ["a refresh token", () => user.refreshToken],
      ["garbage", () => "not.a.jwt"],
    ];
    for (const [what, forge] of forgeries) {
      test(`a bearer token with ${what} is refused with 401 AUTH_TOKEN_INVALID`, async () => {
        const response = await me(app, await forge());
        assert.equal(response.status, 401, JSON.stringify(response.body));
        assert.equal(response.body.code, "AUTH_TOKEN_INVALID");
      });
    }
  });

  describe(`signing key rotation on ${backend.name}`, () => {
    test("an old key verifies through the grace period, and not after it", async () => {
      const app = await startApp(backend);
      try {
        const before = await signUp(app);
        const oldKid = kidOf(before.accessToken);
        const rotated = await app.context.auth.api.rotateSigningKey();
        assert.notEqual(rotated.kid, oldKid);
        assert.equal(rotated.retired, 1);
        const after = await signInAgain(app, before.email);
        assert.equal(kidOf(after.accessToken), rotated.kid, "new tokens carry the new kid");
        assert.equal((await me(app, before.accessToken)).status, 200, "old key: grace period");
        assert.equal((await me(app, after.accessToken)).status, 200);
        const kids = (await jwksKids(app)).map((key) => key.kid);
        assert.ok(kids.includes(oldKid) && kids.includes(rotated.kid), `JWKS: ${kids}`);

        const graceMs = app.context.config.jwtKeyGraceSeconds * 1000;
        await app.admin
          .updateTable("jwks")
          .set({ expiresAt: new Date(Date.now() - graceMs - 60_000) })
          .where("id", "=", String(oldKid))
          .execute();
        // The old token was verified (and remembered) above; once this instance reads the keys
        // again, as it does every minute or at a rotation's broadcast, that memory goes too.
        app.context.verifyAccessToken.invalidate();
        assert.equal((await me(app, after.accessToken)).status, 200, "control: the current key");
        const forgotten = await me(app, before.accessToken);
        assert.equal(
          forgotten.status,
          401,
          "a verified token outlives neither its key nor a reload",
        );

        // PGlite keeps its data inside this process's instance: no second app can open it.
        if (backend.name === "pglite") return;
        const { authSecret, jwtIssuer, jwtAudience } = app.context.config;
        const second = await startApp(backend, {
          databaseUrl: app.databaseUrl,
          env: { BETTER_AUTH_SECRET: authSecret, JWT_ISSUER: jwtIssuer, JWT_AUDIENCE: jwtAudience },
        });
        try {
          assert.equal((await me(second, after.accessToken)).status, 200, "control: same keys");
          const expired = await me(second, before.accessToken);
          assert.equal(expired.status, 401, "a key past its grace period no longer verifies");
          assert.equal(expired.body.code, "AUTH_TOKEN_INVALID");
          const left = (await jwksKids(second)).map((key) => key.kid);
          assert.ok(!left.includes(oldKid) && left.includes(rotated.kid), `JWKS: ${left}`);
        } finally {
          await second.close();
        }
      } finally {
        await app.close();
      }
    });

    test("a token signed just after a rotation is accepted by the instance that rotated", async () => {
      const app = await startApp(backend);
      try {
        const first = await signUp(app);
        assert.equal((await me(app, first.accessToken)).status, 200, "the key set is now cached");
        await app.context.auth.api.rotateSigningKey();
        const fresh = await signInAgain(app, first.email);
        const response = await me(app, fresh.accessToken);
        assert.equal(
          response.status,
          200,
          `a rotation must drop the cached key set at once: ${JSON.stringify(response.body)}`,
        );
      } finally {
        await app.close();
      }
    });
  });
}
