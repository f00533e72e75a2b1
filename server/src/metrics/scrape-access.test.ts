import assert from "node:assert/strict";
import { test } from "node:test";
import { isLoopback, scrapeAccess } from "./scrape-access.ts";

const TOKEN = "s3cret-metrics-token-0123456789";
const direct = (remoteAddress: string, authorization?: string) => ({
  remoteAddress,
  authorization,
  forwarded: false,
});

test("loopback addresses, as Node reports the peer of each socket kind", () => {
  for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.0.0.53"]) {
    assert.ok(isLoopback(address), address);
  }
  for (const address of ["192.0.2.2", "::ffff:192.0.2.2", "10.0.0.1", "fd00::2", "", undefined]) {
    assert.ok(!isLoopback(address), String(address));
  }
  assert.ok(!isLoopback("127.0.0.1.evil.example"), "a host name is not an address");
});

test("without a token: loopback peers only, and never through a proxy", () => {
  const decide = scrapeAccess(undefined);
  assert.equal(decide(direct("127.0.0.1")), "allow");
  assert.equal(decide(direct("::1")), "allow");
  assert.equal(decide(direct("::ffff:127.0.0.1")), "allow");
  assert.equal(decide(direct("192.0.2.2")), "forbidden");
  assert.equal(decide(direct("::ffff:10.1.2.3")), "forbidden");
  assert.equal(decide(direct("192.0.2.2", `Bearer ${TOKEN}`)), "forbidden", "no token to match");
  assert.equal(
    decide({ remoteAddress: "127.0.0.1", authorization: undefined, forwarded: true }),
    "forbidden",
    "a local reverse proxy would make every visitor look local",
  );
});

test("with a token: the exact bearer token from anywhere, nothing else", () => {
  const decide = scrapeAccess(TOKEN);
  assert.equal(decide(direct("192.0.2.2", `Bearer ${TOKEN}`)), "allow");
  assert.equal(decide(direct("127.0.0.1", `bearer ${TOKEN}`)), "allow", "the scheme is any case");
  assert.equal(decide(direct("127.0.0.1")), "unauthorized", "loopback needs it too");
  assert.equal(decide(direct("127.0.0.1", `Bearer ${TOKEN}x`)), "unauthorized");
  assert.equal(decide(direct("127.0.0.1", `Bearer ${TOKEN.slice(0, -1)}`)), "unauthorized");
  assert.equal(decide(direct("127.0.0.1", TOKEN)), "unauthorized", "the scheme is required");
  assert.equal(decide(direct("127.0.0.1", `Basic ${TOKEN}`)), "unauthorized");
  assert.equal(decide(direct("127.0.0.1", "Bearer ")), "unauthorized");
});
