import assert from "node:assert/strict";
import { test } from "node:test";
import { approximateLocation, LOCAL_NETWORK, parseUserAgent } from "./device-labels.ts";

/** Real user agents, one per browser and system the device list names. */
const AGENTS: [string, string, string][] = [
  [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Chrome",
    "Windows",
  ],
  [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
    "Edge",
    "Windows",
  ],
  [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Firefox",
    "macOS",
  ],
  [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Safari",
    "macOS",
  ],
  [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Safari",
    "iOS",
  ],
  [
    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
    "Chrome",
    "iPadOS",
  ],
  [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15",
    "Firefox",
    "iOS",
  ],
  [
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
    "Samsung Internet",
    "Android",
  ],
  [
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
    "Chrome",
    "Android",
  ],
  [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36 OPR/109.0.0.0",
    "Opera",
    "Windows",
  ],
  ["Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "Firefox", "Linux"],
  [
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Chrome",
    "ChromeOS",
  ],
  [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36",
    "Chrome",
    "Linux",
  ],
];

test("the common browsers and systems are named from their user agents", () => {
  for (const [agent, browser, os] of AGENTS) {
    assert.deepEqual(parseUserAgent(agent), { browser, os }, agent);
  }
});

test("an unknown, empty or missing user agent is named as unknown", () => {
  assert.deepEqual(parseUserAgent("curl/8.5.0"), { browser: "Unknown browser", os: "Unknown OS" });
  assert.deepEqual(parseUserAgent(""), { browser: "Unknown browser", os: "Unknown OS" });
  assert.deepEqual(parseUserAgent(null), { browser: "Unknown browser", os: "Unknown OS" });
  assert.deepEqual(parseUserAgent("node"), { browser: "Unknown browser", os: "Unknown OS" });
});

test("a public IPv4 address shows its /24 only", () => {
  assert.equal(approximateLocation("203.0.113.77"), "203.0.113.x");
  assert.equal(approximateLocation("::ffff:198.51.100.9"), "198.51.100.x");
  assert.equal(approximateLocation(" 8.8.4.4 "), "8.8.4.x");
});

test("a public IPv6 address shows its /48 only, written short", () => {
  assert.equal(approximateLocation("2001:db8:85a3:8d3:1319:8a2e:370:7348"), "2001:db8:85a3::/48");
  // As Better Auth stores it: expanded, already cut to a /64.
  assert.equal(approximateLocation("2001:0db8:0000:0042:0000:0000:0000:0000"), "2001:db8:0::/48");
  assert.equal(approximateLocation("2a00:1450::1"), "2a00:1450:0::/48");
});

test("loopback, private and link-local addresses are the local network", () => {
  for (const address of [
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.5",
    "172.31.255.1",
    "192.168.1.20",
    "169.254.3.4",
    "::1",
    "::ffff:127.0.0.1",
    "fd12:3456:789a::1",
    "fe80::1%eth0",
  ]) {
    assert.equal(approximateLocation(address), LOCAL_NETWORK, address);
  }
  assert.equal(approximateLocation("172.32.0.1"), "172.32.0.x", "just past 172.16/12 is public");
});

test("no address, or something that is not an address, gives no location", () => {
  assert.equal(approximateLocation(null), null);
  assert.equal(approximateLocation(""), null);
  assert.equal(approximateLocation("999.1.1.1"), null);
  assert.equal(approximateLocation("not-an-ip"), null);
});
