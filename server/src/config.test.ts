import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

const quiet = () => {};

test("defaults: port 3000, PGlite under the data dir, in-process store, frozen", async () => {
  const dir = await mkdtemp(join(tmpdir(), "rk-config-"));
  try {
    const config = loadConfig({ DATA_DIR: dir }, quiet);
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, `pglite://${join(dir, "pglite")}`);
    assert.equal(config.redisUrl, undefined);
    assert.equal(config.jwtIssuer, "http://localhost:3000");
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.passwordPolicy));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("development generates the secret once, keeps it, and warns", async () => {
  const dir = await mkdtemp(join(tmpdir(), "rk-config-"));
  try {
    const warnings: string[] = [];
    const first = loadConfig({ DATA_DIR: dir }, (message) => warnings.push(message));
    const second = loadConfig({ DATA_DIR: dir }, (message) => warnings.push(message));
    assert.equal(first.authSecret, second.authSecret);
    assert.equal((await readFile(join(dir, "auth-secret"), "utf8")).trim(), first.authSecret);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? "", /BETTER_AUTH_SECRET/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("production refuses a missing or weak secret, naming the variable", () => {
  assert.throws(
    () => loadConfig({ NODE_ENV: "production" }, quiet),
    /BETTER_AUTH_SECRET is required/,
  );
  assert.throws(
    () => loadConfig({ NODE_ENV: "production", BETTER_AUTH_SECRET: "changeme" }, quiet),
    /BETTER_AUTH_SECRET is too weak/,
  );
  assert.throws(
    () => loadConfig({ NODE_ENV: "production", BETTER_AUTH_SECRET: "a".repeat(40) }, quiet),
    /too weak/,
  );
  const config = loadConfig(
    { NODE_ENV: "production", BETTER_AUTH_SECRET: "q8V2mZ7rT1xK9wB4nL6pS3dF0hJ5gC8e" },
    quiet,
  );
  assert.equal(config.env, "production");
});

test("a bad value stops start-up with the variable's name", () => {
  assert.throws(
    () => loadConfig({ PORT: "eighty" }, quiet),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /PORT/);
      return true;
    },
  );
  assert.throws(() => loadConfig({ PASSWORD_MIN_LENGTH: "4" }, quiet), /PASSWORD_MIN_LENGTH/);
  assert.throws(() => loadConfig({ BASE_URL: "not a url" }, quiet), /BASE_URL/);
});

test("trusted origins and password rules come from the environment", () => {
  const config = loadConfig(
    {
      NODE_ENV: "test",
      BETTER_AUTH_SECRET: "x",
      TRUSTED_ORIGINS: "https://book.example/, HTTPS://Docs.Example",
      PASSWORD_REQUIRE_SYMBOL: "true",
      PASSWORD_MIN_LENGTH: "12",
    },
    quiet,
  );
  assert.deepEqual(config.trustedOrigins, [
    "http://localhost:3000",
    "https://book.example",
    "https://docs.example",
  ]);
  assert.equal(config.passwordPolicy.requireSymbol, true);
  assert.equal(config.passwordPolicy.minLength, 12);
});

test("a trusted origin with a path, or not a URL, stops start-up naming TRUSTED_ORIGINS", () => {
  for (const value of ["https://book.example/docs", "book.example", "ftp://book.example"]) {
    assert.throws(
      () =>
        loadConfig({ NODE_ENV: "test", BETTER_AUTH_SECRET: "x", TRUSTED_ORIGINS: value }, quiet),
      (error: unknown) => error instanceof ConfigError && /TRUSTED_ORIGINS/.test(error.message),
      value,
    );
  }
});

test("in development, localhost, 127.0.0.1 and [::1] of the same port trust each other", () => {
  const origins = (env: Record<string, string>) =>
    loadConfig({ BETTER_AUTH_SECRET: "x", ...env }, quiet).trustedOrigins;
  assert.deepEqual(origins({ PORT: "3000" }), [
    "http://localhost:3000",
    "http://127.0.0.1:3000",
    "http://[::1]:3000",
  ]);
  assert.deepEqual(
    origins({ TRUSTED_ORIGINS: "http://127.0.0.1:3001" }).filter((o) => o.endsWith(":3001")),
    ["http://127.0.0.1:3001", "http://localhost:3001", "http://[::1]:3001"],
  );
  // Outside development, only what was configured.
  assert.deepEqual(origins({ NODE_ENV: "test" }), ["http://localhost:3000"]);
});

test("relative paths are taken from the folder the server starts in", () => {
  const config = loadConfig({ NODE_ENV: "test", BETTER_AUTH_SECRET: "x" }, quiet, "/srv/book");
  assert.equal(config.dataDir, "/srv/book/.data");
  assert.equal(config.siteDir, "/srv/book/build");
  assert.equal(config.contentIndexPath, "/srv/book/build/readerkit/content-index.json");
  assert.equal(config.databaseUrl, "pglite:///srv/book/.data/pglite");
  assert.equal(config.databaseUrlGiven, false);
});

test("METRICS_TOKEN: unset or empty means loopback scrapes only; a short one stops the start", () => {
  const token = (value?: string) =>
    loadConfig(
      {
        NODE_ENV: "test",
        BETTER_AUTH_SECRET: "x",
        ...(value === undefined ? {} : { METRICS_TOKEN: value }),
      },
      quiet,
    ).metricsToken;
  assert.equal(token(), undefined);
  assert.equal(token(""), undefined);
  assert.equal(token("0123456789abcdef"), "0123456789abcdef");
  assert.throws(
    () => token("too-short"),
    (error: unknown) =>
      error instanceof ConfigError && /METRICS_TOKEN: at least 16 characters/.test(error.message),
  );
});

test("mail: MAIL_URL must be smtp(s); the sender and site title default from BASE_URL", () => {
  const load = (env: Record<string, string>) =>
    loadConfig({ NODE_ENV: "test", BETTER_AUTH_SECRET: "x", ...env }, quiet);
  const plain = load({ BASE_URL: "https://book.example.com", MAIL_URL: "" });
  assert.equal(plain.mail.url, undefined);
  assert.equal(plain.siteTitle, "book.example.com");
  assert.equal(plain.mail.from, '"book.example.com" <no-reply@book.example.com>');
  assert.equal(plain.passwordResetTokenSeconds, 3600);
  const set = load({ MAIL_URL: "smtps://u:p@smtp.example.com:465", SITE_TITLE: "Robotics Book" });
  assert.equal(set.mail.url, "smtps://u:p@smtp.example.com:465");
  assert.equal(set.mail.from, '"Robotics Book" <no-reply@localhost>');
  assert.throws(
    () => load({ MAIL_URL: "https://smtp.example.com" }),
    (error: unknown) => error instanceof ConfigError && /MAIL_URL/.test(error.message),
  );
});

test("email verification: optional by default, a day-long link; a bad mode names the variable", () => {
  const load = (env: Record<string, string>) =>
    loadConfig({ NODE_ENV: "test", BETTER_AUTH_SECRET: "x", ...env }, quiet);
  const plain = load({});
  assert.equal(plain.emailVerification, "optional");
  assert.equal(plain.verifyEmailPath, "/verify-email");
  assert.equal(plain.emailVerificationTokenSeconds, 24 * 3600);
  const set = load({
    EMAIL_VERIFICATION: "required",
    VERIFY_EMAIL_PATH: "/docs/verify",
    EMAIL_VERIFICATION_TOKEN_HOURS: "0.5",
  });
  assert.deepEqual(
    [set.emailVerification, set.verifyEmailPath, set.emailVerificationTokenSeconds],
    ["required", "/docs/verify", 1800],
  );
  const bad: Record<string, string>[] = [
    { EMAIL_VERIFICATION: "sometimes" },
    { VERIFY_EMAIL_PATH: "verify" },
    { EMAIL_VERIFICATION_TOKEN_HOURS: "0" },
  ];
  for (const env of bad) {
    const name = Object.keys(env)[0] ?? "";
    assert.throws(
      () => load(env),
      (error: unknown) => error instanceof ConfigError && error.message.includes(name),
      name,
    );
  }
});
