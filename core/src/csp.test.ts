import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contentSecurityPolicy, cspManifestSchema } from "./csp.ts";

describe("the site's Content-Security-Policy", () => {
  it("allows the site's own scripts and exactly the hashed inline ones", () => {
    const policy = contentSecurityPolicy({
      version: 1,
      scriptHashes: ["sha256-AAAA", "sha256-BBBB="],
      sources: {},
    });
    assert.match(policy, /(^|; )script-src 'self' 'sha256-AAAA' 'sha256-BBBB='(;|$)/);
    for (const directive of [
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
      "connect-src 'self'",
      "default-src 'self'",
    ]) {
      assert.ok(policy.includes(directive), directive);
    }
    assert.doesNotMatch(policy, /script-src[^;]*unsafe-inline/);
  });

  it("adds the sources a site declares, once each", () => {
    const policy = contentSecurityPolicy({
      version: 1,
      scriptHashes: [],
      sources: {
        "script-src": ["https://www.googletagmanager.com"],
        "connect-src": ["https://api.book.example", "https://api.book.example"],
      },
    });
    assert.match(policy, /script-src 'self' https:\/\/www\.googletagmanager\.com(;|$)/);
    assert.match(policy, /connect-src 'self' https:\/\/api\.book\.example;/);
  });

  it("refuses a manifest with a source that could break out of its directive", () => {
    for (const bad of ["https://a.example; script-src *", "x y", "'unsafe-inline' *"]) {
      const parsed = cspManifestSchema.safeParse({
        version: 1,
        scriptHashes: [],
        sources: { "img-src": [bad] },
      });
      assert.equal(parsed.success, false, bad);
    }
  });
});
