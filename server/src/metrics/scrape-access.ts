import { createHash, timingSafeEqual } from "node:crypto";

export type ScrapeRequest = {
  /** The TCP peer (`req.socket.remoteAddress`), never a header a client can write. */
  remoteAddress: string | undefined;
  authorization: string | undefined;
  /** The request names a client behind a proxy (X-Forwarded-For, Forwarded, X-Real-IP). */
  forwarded: boolean;
};

export type ScrapeDecision = "allow" | "unauthorized" | "forbidden";

const digest = (text: string) => createHash("sha256").update(text).digest();

/** 127.0.0.0/8, ::1, and the IPv4 loopback as a dual-stack socket reports it. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  if (address === "::1") return true;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Who may read /api/metrics. With METRICS_TOKEN set: whoever sends it as a bearer token, from
 * anywhere, and nobody else (401). Unset: only a scraper on this machine, talking to the server
 * directly. The peer address decides, not X-Forwarded-For; and a request that names a
 * forwarded client came through a proxy, which on this machine would make every visitor look
 * local, so it is refused too (403).
 */
export function scrapeAccess(token: string | undefined) {
  // Both sides hashed to one length, so the comparison takes the same time whatever was sent.
  const expected = token ? digest(token) : null;
  return (request: ScrapeRequest): ScrapeDecision => {
    if (expected) {
      const given = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? "")?.[1];
      return given && timingSafeEqual(digest(given), expected) ? "allow" : "unauthorized";
    }
    return isLoopback(request.remoteAddress) && !request.forwarded ? "allow" : "forbidden";
  };
}
