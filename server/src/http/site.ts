import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, normalize, sep } from "node:path";
import { CSP_MANIFEST_PATH, contentSecurityPolicy, cspManifestSchema } from "@readerkit/core/csp";
import { injectPersonaAttributes } from "@readerkit/core/persona";
import express, { type Express, type Request, type Response } from "express";
import type { Logger } from "pino";

/** The weak ETag Express would have made (the `etag` package's format). */
function weakEtag(body: string): string {
  const hash = createHash("sha1").update(body, "utf8").digest("base64").slice(0, 27);
  return `W/"${Buffer.byteLength(body).toString(16)}-${hash}"`;
}

/**
 * Serves the built site on the same origin as the API. HTML pages get the reader's persona
 * attributes on `<html>` from the persona cookie, so the right variant shows before any
 * script runs, and even with JavaScript off. Assets are served as they are.
 */
export function serveSite(app: Express, siteDir: string, personaCookie: string, log: Logger): void {
  if (!existsSync(siteDir)) return;
  const root = normalize(siteDir + sep);
  const pages = new Map<string, string>();
  const policy = pagePolicy(siteDir, log);

  /** The built HTML file a URL path stands for, or null (never outside the site folder). */
  function htmlFileFor(urlPath: string): string | null {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return null;
    }
    const candidates = decoded.endsWith("/")
      ? [`${decoded}index.html`]
      : [decoded, `${decoded}.html`, `${decoded}/index.html`];
    for (const candidate of candidates) {
      const file = normalize(join(root, candidate));
      if (!file.startsWith(root) || !file.endsWith(".html")) continue;
      if (existsSync(file) && statSync(file).isFile()) return file;
    }
    return null;
  }

  function send(req: Request, res: Response, file: string, status: number) {
    // The build does not change while we run; read each page once.
    let html = pages.get(file);
    if (html === undefined) {
      html = readFileSync(file, "utf8");
      pages.set(file, html);
    }
    const body = injectPersonaAttributes(html, req.headers.cookie, personaCookie);
    res
      .status(status)
      .type("html")
      .set("Vary", "Cookie")
      .set("Cache-Control", "no-cache")
      // Revalidated with a 304 while the page and the reader's persona stay the same.
      .set("ETag", weakEtag(body))
      .set(policy ? { "Content-Security-Policy": policy } : {})
      .send(body);
  }

  app.get("/{*path}", (req, res, next) => {
    const file = htmlFileFor(req.path);
    if (file) send(req, res, file, 200);
    else next();
  });
  app.use(express.static(siteDir, { index: false, redirect: false }));
  const notFound = join(siteDir, "404.html");
  app.use((req, res) => {
    if (existsSync(notFound)) send(req, res, notFound, 404);
    else res.status(404).type("text").send("Not found");
  });
}

/**
 * The pages' Content-Security-Policy, from the manifest the plugin wrote into the build (the
 * hashes of its inline scripts); none when the build has no manifest (a site that opted out).
 */
function pagePolicy(siteDir: string, log: Logger): string | null {
  const file = join(siteDir, CSP_MANIFEST_PATH);
  if (!existsSync(file)) {
    log.warn(`no ${CSP_MANIFEST_PATH} in the site build: its pages are served without a CSP`);
    return null;
  }
  return contentSecurityPolicy(cspManifestSchema.parse(JSON.parse(readFileSync(file, "utf8"))));
}
