import { API_CONTENT_SECURITY_POLICY } from "@readerkit/core/csp";
import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Helmet's headers, recorded once at start-up: they never depend on the request, so each answer
 * gets them in one loop instead of a dozen middlewares.
 */
function helmetHeaders(): Map<string, string> {
  const recorded = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => recorded.set(name, String(value)),
    removeHeader: (name: string) => recorded.delete(name),
  };
  helmet({
    // Pages get their own policy (site.ts, from the build's hashes); API answers get theirs.
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
  })(
    {} as Parameters<RequestHandler>[0],
    recorder as unknown as Parameters<RequestHandler>[1],
    () => {},
  );
  if (recorded.size === 0) throw new Error("helmet set no header: its API changed");
  return recorded;
}

const HELMET = helmetHeaders();

/**
 * Those of helmet's headers that mean something for a JSON answer (OWASP's REST list); framing
 * is refused by the API's CSP (frame-ancestors 'none'), and a JSON answer has no links to refer.
 */
const FOR_API = [
  "Strict-Transport-Security",
  "X-Content-Type-Options",
  "Cross-Origin-Resource-Policy",
];

function setAll(headers: [string, string][]): RequestHandler {
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

/** Pages and assets: all of helmet's headers (their CSP comes with each page, site.ts). */
export const pageHeaders = (): RequestHandler => setAll([...HELMET]);

/**
 * Every API answer: no cache may keep it (tokens, personal data; an endpoint may relax it),
 * nothing may render or frame it as a document, and helmet's headers that apply to JSON.
 */
export const apiHeaders: RequestHandler = setAll([
  ["Cache-Control", "no-store"],
  ["Content-Security-Policy", API_CONTENT_SECURITY_POLICY],
  ...FOR_API.map((name) => {
    const value = HELMET.get(name);
    if (value === undefined) throw new Error(`helmet no longer sets ${name}`);
    return [name, value] as [string, string];
  }),
]);
