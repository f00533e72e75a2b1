/**
 * Readers (by cookie, by bearer, admin), the profile rows as stored, and the write helpers the
 * profile test files share. `profileKit(() => app)` binds them to the app a file started.
 */
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { PROFILE_EXAMPLE } from "../../server/src/openapi/examples.ts";
import type { PublicProfile } from "../../server/src/profile/profile.service.ts";
import type { TestApp } from "./app.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./http.ts";

export type Reader = { client: Client; userId: string; email: string };
export type ProfileBody = { profile: PublicProfile; accessToken?: string };
export type ErrorBody = { error: string; message: string; code: string; details?: Detail[] };
export type Detail = { path: string; message: string };
export type Json = Record<string, unknown>;

/** A complete background: the one the API documents as its example (openapi/examples.ts). */
export const SOFTWARE = PROFILE_EXAMPLE.softwareBackground;
export const HARDWARE = PROFILE_EXAMPLE.hardwareBackground;
export const FULL = { softwareBackground: SOFTWARE, hardwareBackground: HARDWARE };

/** A full profile with some software (or hardware) fields replaced. */
export const withSoftware = (patch: Json) => ({
  ...FULL,
  softwareBackground: { ...SOFTWARE, ...patch },
});
export const withHardware = (patch: Json) => ({
  ...FULL,
  hardwareBackground: { ...HARDWARE, ...patch },
});
/** n distinct entries: "lang-0", "lang-1", ... */
export const list = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

export function profileKit(app: () => TestApp) {
  async function userIdOf(email: string): Promise<string> {
    const user = await app()
      .admin.selectFrom("users")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    return user.id;
  }

  /** A reader signed in with the Better Auth session cookie. */
  async function cookieReader(name: string): Promise<Reader> {
    const email = uniqueEmail(name.toLowerCase());
    const client = new Client(app().url);
    const signUp = await client.post("/api/auth/sign-up/email", {
      email,
      password: GOOD_PASSWORD,
      name,
    });
    assert.equal(signUp.status, 200, JSON.stringify(signUp.body));
    return { client, userId: await userIdOf(email), email };
  }

  /** A reader holding only a bearer access token (token API), no cookie. */
  async function bearerReader(name: string, background?: unknown): Promise<Reader> {
    const email = uniqueEmail(name.toLowerCase());
    const client = new Client(app().url);
    const signUp = await client.post<{ userId: string; accessToken: string }>("/api/auth/signup", {
      email,
      password: GOOD_PASSWORD,
      name,
      ...(background ? { background } : {}),
    });
    assert.equal(signUp.status, 201, JSON.stringify(signUp.body));
    client.clearCookies();
    client.bearer = signUp.body.accessToken;
    return { client, userId: signUp.body.userId, email };
  }

  /** An admin, by cookie and by bearer token: role set on the row, then a fresh sign-in. */
  async function adminReaders(): Promise<{ cookie: Client; bearer: Client; userId: string }> {
    const { email, userId } = await cookieReader("Admin");
    await app()
      .admin.updateTable("users")
      .set({ role: "admin" })
      .where("id", "=", userId)
      .execute();
    const cookie = new Client(app().url);
    const signIn = await cookie.post("/api/auth/sign-in/email", {
      email,
      password: GOOD_PASSWORD,
    });
    assert.equal(signIn.status, 200);
    const bearer = new Client(app().url);
    const tokens = await bearer.post<{ accessToken: string }>("/api/auth/signin", {
      email,
      password: GOOD_PASSWORD,
    });
    assert.equal(tokens.status, 200);
    bearer.clearCookies();
    bearer.bearer = tokens.body.accessToken;
    assert.deepEqual(decodeJwt(tokens.body.accessToken).roles, ["admin"]);
    return { cookie, bearer, userId };
  }

  /** The three rows as stored (owner connection, so RLS does not hide them). */
  async function rawRows(userId: string) {
    const [profile, software, hardware] = await Promise.all([
      app()
        .admin.selectFrom("profiles")
        .selectAll()
        .where("user_id", "=", userId)
        .executeTakeFirst(),
      app()
        .admin.selectFrom("software_backgrounds")
        .selectAll()
        .where("user_id", "=", userId)
        .executeTakeFirst(),
      app()
        .admin.selectFrom("hardware_backgrounds")
        .selectAll()
        .where("user_id", "=", userId)
        .executeTakeFirst(),
    ]);
    return { profile: profile ?? null, software: software ?? null, hardware: hardware ?? null };
  }

  /** The stored rows in the API's shape, to compare with what was sent or answered. */
  async function stored(userId: string) {
    const { profile, software, hardware } = await rawRows(userId);
    return {
      version: profile?.version ?? null,
      profileComplete: profile?.profile_complete ?? null,
      softwareBackground: software && {
        programmingLanguages: software.programming_languages,
        frameworks: software.frameworks,
        experienceLevel: software.experience_level,
        specializations: software.specializations,
        yearsOfExperience: software.years_of_experience,
        programmingBackground: software.programming_background,
      },
      hardwareBackground: hardware && {
        familiarPlatforms: hardware.familiar_platforms,
        roboticsExperience: hardware.robotics_experience,
        electronicsKnowledge: hardware.electronics_knowledge,
        preferredTools: hardware.preferred_tools,
      },
    };
  }

  async function auditRows(userId: string) {
    return app()
      .admin.selectFrom("audit_logs")
      .select(["action", "actor_id", "entity", "old_values", "new_values"])
      .where("user_id", "=", userId)
      .orderBy("id")
      .execute();
  }

  async function cached(userId: string): Promise<PublicProfile | null> {
    const value = await app().context.store.get(`profile:${userId}`);
    return value === null ? null : (JSON.parse(value) as PublicProfile);
  }

  const put = (client: Client, body: unknown, path = "/api/profile", headers = {}) =>
    client.request<ProfileBody & ErrorBody>("PUT", path, body, headers);
  const post = (client: Client, body: unknown) =>
    client.post<ProfileBody & ErrorBody>("/api/profile", body);

  /** Asserts a 400 VALIDATION_FAILED naming `path`. */
  function assertInvalid(res: { status: number; body: ErrorBody }, path: string, label = "") {
    assert.equal(res.status, 400, `${label}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.code, "VALIDATION_FAILED");
    assert.equal(res.body.error, "Bad Request");
    assert.equal(typeof res.body.message, "string");
    const paths = (res.body.details ?? []).map((detail) => detail.path);
    assert.ok(paths.includes(path), `${label}: expected "${path}" in ${JSON.stringify(paths)}`);
  }

  return {
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
  };
}
