import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRetryAfter, toApiError } from "./api.ts";
import { isFresh, jwtExpiresAt } from "./jwt.ts";
import { loginUrl, safeRedirect } from "./redirect.ts";

describe("API errors", () => {
  it("keeps the server's code, field and details", () => {
    const error = toApiError(400, {
      code: "PASSWORD_TOO_SHORT",
      message: "Password is too short",
      field: "password",
      details: [
        { code: "PASSWORD_TOO_SHORT", message: "Password is too short" },
        { nonsense: true },
      ],
    });
    assert.equal(error.code, "PASSWORD_TOO_SHORT");
    assert.equal(error.field, "password");
    assert.deepEqual(error.details, [
      { path: undefined, code: "PASSWORD_TOO_SHORT", message: "Password is too short" },
    ]);
  });

  it("names an error without a body by its status, and reads Retry-After", () => {
    const headers = new Headers({ "retry-after": "42" });
    const error = toApiError(429, null, headers);
    assert.equal(error.code, "RATE_LIMITED");
    assert.equal(error.retryAfterSeconds, 42);
    assert.equal(toApiError(502, "<html>").code, "HTTP_502");
  });

  it("reads Retry-After as seconds or as a date", () => {
    assert.equal(parseRetryAfter("7"), 7);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 0), 10);
    assert.equal(parseRetryAfter("soon"), undefined);
    assert.equal(parseRetryAfter(null), undefined);
  });
});

describe("redirects", () => {
  it("follows only paths on this site", () => {
    assert.equal(safeRedirect("/chapters/kinematics?x=1", "/"), "/chapters/kinematics?x=1");
    assert.equal(safeRedirect("https://evil.example", "/"), "/");
    assert.equal(safeRedirect("//evil.example", "/"), "/");
    assert.equal(safeRedirect("/\\evil.example", "/"), "/");
    assert.equal(safeRedirect(null, "/home"), "/home");
    assert.equal(loginUrl("/login", "/profile"), "/login?redirect=%2Fprofile");
  });
});

describe("JWT expiry", () => {
  const token = (payload: object) =>
    `h.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.s`;

  it("reads exp and refreshes a minute early", () => {
    assert.equal(jwtExpiresAt(token({ exp: 1000 })), 1_000_000);
    assert.equal(jwtExpiresAt("not-a-jwt"), null);
    assert.equal(isFresh({ expiresAt: 200_000 }, 100_000), true);
    assert.equal(isFresh({ expiresAt: 150_000 }, 100_000), false);
    assert.equal(isFresh(null), false);
  });
});
