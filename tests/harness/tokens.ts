/**
 * The token API as a client sees it (signup, signin, refresh, signout, /api/me with a bearer)
 * and the rows behind it, shared by the token test files.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { decodeJwt } from "jose";
import type { TestApp } from "./app.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./http.ts";
import { FULL } from "./profiles.ts";

export type Tokens = { accessToken: string; refreshToken: string; expiresIn: number };
export type SignupBody = Tokens & { userId: string; profileComplete: boolean };
export type PublicProfile = {
  userId: string;
  profileComplete: boolean;
  softwareBackground: Record<string, unknown> | null;
  hardwareBackground: Record<string, unknown> | null;
};
export type ErrorBody = { code: string; message: string; field?: string };

export const USER_AGENT = "ReaderKit-Tests/1.0 (tokens)";
export const SHORT_BACKGROUND = {
  software_experience: "beginner",
  programming_background: "basic",
  hardware_knowledge: "none",
};
export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
export const claimsOf = (accessToken: string) =>
  decodeJwt(accessToken) as { jti: string; sub: string; sid: string; exp: number };

/** A client that says who it is, so auth_logs can be checked for the user agent. */
export const api = (app: TestApp, bearer: string | null = null) => {
  const client = new Client(app.url);
  client.bearer = bearer;
  return {
    post: <T>(path: string, body: unknown) =>
      client.post<T>(path, body, { "user-agent": USER_AGENT }),
    get: <T>(path: string) => client.get<T>(path, { "user-agent": USER_AGENT }),
  };
};

export async function signUp(
  app: TestApp,
  extra: Record<string, unknown> = {},
  email = uniqueEmail(),
) {
  const response = await api(app).post<SignupBody>("/api/auth/signup", {
    email,
    password: GOOD_PASSWORD,
    ...extra,
  });
  assert.equal(response.status, 201, `signup failed: ${JSON.stringify(response.body)}`);
  return { email, ...response.body };
}

/** A signed-up reader whose address is verified, as if the mailed link had been followed. */
export async function signUpVerified(app: TestApp) {
  const reader = await signUp(app);
  await app.admin
    .updateTable("users")
    .set({ emailVerified: true })
    .where("id", "=", reader.userId)
    .execute();
  return reader;
}

export const signIn = (app: TestApp, email: string, password = GOOD_PASSWORD) =>
  api(app).post<SignupBody & { profile: PublicProfile | null } & ErrorBody>("/api/auth/signin", {
    email,
    password,
  });
export const refresh = (app: TestApp, refreshToken: string) =>
  api(app).post<Tokens & ErrorBody>("/api/auth/refresh", { refreshToken });
export const signOut = (app: TestApp, accessToken: string, body: Record<string, unknown> = {}) =>
  api(app, accessToken).post<{ success: boolean } & ErrorBody>("/api/auth/signout", body);
export const me = (app: TestApp, accessToken: string) =>
  api(app, accessToken).get<{ userId: string } & ErrorBody>("/api/me");

export const tokenRows = (app: TestApp, userId: string) =>
  app.admin
    .selectFrom("token_sessions")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("created_at")
    .execute();
export const familyRows = (app: TestApp, familyId: string) =>
  app.admin
    .selectFrom("token_sessions")
    .selectAll()
    .where("family_id", "=", familyId)
    .orderBy("created_at")
    .execute();
export const usersWithEmail = (app: TestApp, email: string) =>
  app.admin.selectFrom("users").select("id").where("email", "=", email.toLowerCase()).execute();

export async function authLogs(app: TestApp, userId: string) {
  await app.context.logs.flush();
  return app.admin
    .selectFrom("auth_logs")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();
}

/** An error body without the request id, which differs on every answer. */
export function withoutRequestId(body: object): object {
  const { requestId: _requestId, ...rest } = body as { requestId?: unknown };
  return rest;
}

export const near = (actual: Date, expected: number, toleranceMs: number, what: string) =>
  assert.ok(
    Math.abs(actual.getTime() - expected) < toleranceMs,
    `${what}: ${actual.toISOString()} is not near ${new Date(expected).toISOString()}`,
  );

/** A browser signed in with the session cookie (Better Auth's endpoint), and a JWT it fetched. */
export async function signedInBrowser(app: TestApp, email: string) {
  const browser = new Client(app.url);
  const signedIn = await browser.post("/api/auth/sign-in/email", {
    email,
    password: GOOD_PASSWORD,
  });
  assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
  const fetched = await browser.get<{ token: string }>("/api/auth/token");
  assert.equal(fetched.status, 200, JSON.stringify(fetched.body));
  return { browser, token: fetched.body.token };
}

/** A reader signed up through the token API with a complete profile (FULL). */
export async function signUpWithProfile(app: TestApp, name = "Ada Servo") {
  const account = await signUp(app, { name });
  const client = new Client(app.url);
  client.bearer = account.accessToken;
  assert.equal((await client.post("/api/profile", FULL)).status, 201);
  return account;
}
