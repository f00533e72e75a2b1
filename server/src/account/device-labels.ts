import { isIPv4, isIPv6 } from "node:net";

/**
 * What a reader can recognise a signed-in device by, from what Better Auth stored with its
 * session: browser and OS from the user agent, and an approximate place from the IP address.
 * Deliberately small: the common browsers and systems by their well-known tokens, nothing else.
 */

const UNKNOWN_BROWSER = "Unknown browser";
const UNKNOWN_OS = "Unknown OS";
/** Loopback, private and link-local addresses: the reader's own network, nothing to show. */
export const LOCAL_NETWORK = "local network";

/**
 * Browser tokens in the order they must be tried: every Chromium browser also says "Chrome",
 * and every iOS/macOS browser also says "Safari", so the specific ones come first.
 */
const BROWSERS: readonly [RegExp, string][] = [
  [/SamsungBrowser\//, "Samsung Internet"],
  [/\bOPR\/|\bOPiOS\/|\bOpera\b/, "Opera"],
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\b(?:Headless)?Chrome\/|\bCriOS\/|\bChromium\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];

/** Android and ChromeOS also say "Linux"; iPads and iPhones also say "like Mac OS X". */
const SYSTEMS: readonly [RegExp, string][] = [
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\biPad\b/, "iPadOS"],
  [/\biPhone\b|\biPod\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bMacintosh\b|\bMac OS X\b/, "macOS"],
  [/\bLinux\b|\bX11\b/, "Linux"],
];

export function parseUserAgent(userAgent: string | null | undefined): {
  browser: string;
  os: string;
} {
  const text = userAgent ?? "";
  const browser = BROWSERS.find(([pattern]) => pattern.test(text))?.[1] ?? UNKNOWN_BROWSER;
  const os = SYSTEMS.find(([pattern]) => pattern.test(text))?.[1] ?? UNKNOWN_OS;
  return { browser, os };
}

/** An IPv4 address written inside IPv6 ("::ffff:203.0.113.9"), as Node reports some sockets. */
function mappedIPv4(address: string): string | null {
  const match = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return match?.[1] && isIPv4(match[1]) ? match[1] : null;
}

function isLocalIPv4(octets: number[]): boolean {
  const [a = 0, b = 0] = octets;
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

/** The eight 16-bit groups of an IPv6 address ("2001:db8::1" -> [0x2001, 0xdb8, 0, ..., 1]). */
function ipv6Groups(address: string): number[] {
  const [head = "", tail] = address.split("::");
  const parse = (part: string) =>
    part ? part.split(":").map((group) => Number.parseInt(group, 16)) : [];
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

/**
 * Where a session was signed in from, from the address prefix only (IPv4 /24, IPv6 /48), so
 * the answer never holds the full address: "203.0.113.x", "2001:db8:85a3::/48",
 * "local network", or null when no usable address was stored.
 */
export function approximateLocation(ipAddress: string | null | undefined): string | null {
  // A zone ("fe80::1%eth0") is not part of the address.
  const address = (ipAddress ?? "").trim().split("%")[0] ?? "";
  const v4 = isIPv4(address) ? address : mappedIPv4(address);
  if (v4) {
    const octets = v4.split(".").map(Number);
    if (isLocalIPv4(octets)) return LOCAL_NETWORK;
    return `${octets.slice(0, 3).join(".")}.x`;
  }
  if (!isIPv6(address)) return null;
  const groups = ipv6Groups(address.toLowerCase());
  const first = groups[0] ?? 0;
  const unspecifiedOrLoopback = groups.slice(0, 7).every((group) => group === 0);
  // fc00::/7 unique local, fe80::/10 link-local.
  if (unspecifiedOrLoopback || (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) {
    return LOCAL_NETWORK;
  }
  return `${groups
    .slice(0, 3)
    .map((group) => group.toString(16))
    .join(":")}::/48`;
}
