import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { get as httpGet } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startApp, type TestApp } from "./harness/app.ts";

const page = (title: string) =>
  `<!doctype html><html lang="en" dir="ltr"><head><title>${title}</title></head><body>${title}</body></html>`;

describe("the built site on the API's origin", () => {
  let app: TestApp;
  let site: string;
  before(async () => {
    site = await mkdtemp(join(tmpdir(), "rk-site-"));
    await mkdir(join(site, "chapters/kinematics"), { recursive: true });
    await mkdir(join(site, "assets"), { recursive: true });
    await writeFile(join(site, "index.html"), page("Home"));
    await writeFile(join(site, "chapters/kinematics/index.html"), page("Kinematics"));
    await writeFile(join(site, "404.html"), page("Page not found"));
    await writeFile(join(site, "assets/app.js"), "console.log('hi')");
    await mkdir(join(site, "readerkit"), { recursive: true });
    await writeFile(
      join(site, "readerkit/csp.json"),
      JSON.stringify({ version: 1, scriptHashes: ["sha256-abc="], sources: {} }),
    );
    app = await startApp({ name: "pglite", usesRedis: false }, { env: { SITE_DIR: site } });
  });
  after(async () => {
    await app?.close();
    await rm(site, { recursive: true, force: true });
  });

  const get = (path: string, cookie?: string) =>
    fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {} });

  test("pages carry the reader's persona on <html> from the cookie, before any script", async () => {
    const response = await get(
      "/chapters/kinematics",
      "other=1; readerkit_persona=level:expert,language:cpp,platform:jetson",
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("vary"), "Cookie");
    const html = await response.text();
    assert.match(
      html,
      /^<!doctype html><html data-rk-signed-in data-rk-level="expert" data-rk-language="cpp" data-rk-platform="jetson" lang="en"/,
    );
  });

  test("guests and forged cookies get the plain page: nothing from the cookie is echoed", async () => {
    assert.match(await (await get("/")).text(), /<html lang="en"/);
    const forged = await (
      await get("/", 'readerkit_persona=level:"><script>alert(1)</script>')
    ).text();
    assert.doesNotMatch(forged, /script>alert/);
    assert.doesNotMatch(forged, /data-rk-level/);
  });

  test("pages carry the build's Content-Security-Policy; API answers a closed one", async () => {
    const page = await get("/chapters/kinematics");
    const policy = page.headers.get("content-security-policy") ?? "";
    assert.match(policy, /script-src 'self' 'sha256-abc='/);
    assert.match(policy, /frame-ancestors 'none'/);
    const api = await get("/api/health");
    assert.equal(
      api.headers.get("content-security-policy"),
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  test("assets are served as they are; unknown paths get the 404 page; nothing outside the site", async () => {
    const asset = await get("/assets/app.js");
    assert.equal(asset.status, 200);
    assert.equal(await asset.text(), "console.log('hi')");
    const missing = await get("/no/such/page");
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /Page not found/);
    for (const path of ["/../package.json", "/%2e%2e/package.json", "/..%2fpackage.json"]) {
      const escaped = await get(path);
      assert.equal(escaped.status, 404, path);
      assert.doesNotMatch(await escaped.text(), /"workspaces"/, path);
    }
  });

  test("pages carry helmet's headers and an ETag a reader's browser revalidates with a 304", async () => {
    const page = await get("/chapters/kinematics", "readerkit_persona=level:expert");
    const helmets: [string, string][] = [
      ["x-content-type-options", "nosniff"],
      ["x-frame-options", "SAMEORIGIN"],
      ["referrer-policy", "no-referrer"],
      ["cross-origin-opener-policy", "same-origin"],
      ["cross-origin-resource-policy", "same-origin"],
    ];
    for (const [name, value] of helmets) {
      assert.equal(page.headers.get(name), value, name);
    }
    assert.match(page.headers.get("strict-transport-security") ?? "", /max-age=\d+/);
    const etag = page.headers.get("etag") ?? "";
    assert.match(etag, /^W\/"[0-9a-f]+-[\w+/]{27}"$/);
    // node:http, as a browser revalidates (fetch would add Cache-Control: no-cache to it).
    const status = (cookie: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        const request = httpGet(
          `${app.url}/chapters/kinematics`,
          { headers: { cookie, "if-none-match": etag } },
          (response) => {
            response.resume();
            resolve(response.statusCode);
          },
        );
        request.once("error", reject);
      });
    assert.equal(await status("readerkit_persona=level:expert"), 304);
    // Another persona is another page: the old ETag does not match it.
    assert.equal(await status("readerkit_persona=level:beginner"), 200);
  });

  test("API answers carry the headers that apply to JSON, no-store, a request id, and no ETag", async () => {
    for (const path of ["/api/me", "/api/nothing-here"]) {
      const answer = await get(path);
      assert.equal(answer.headers.get("cache-control"), "no-store", path);
      assert.equal(answer.headers.get("x-content-type-options"), "nosniff", path);
      assert.equal(answer.headers.get("cross-origin-resource-policy"), "same-origin", path);
      assert.match(answer.headers.get("strict-transport-security") ?? "", /max-age=\d+/, path);
      assert.match(answer.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
      assert.match(answer.headers.get("x-request-id") ?? "", /^[\w-]+$/, path);
      assert.equal(answer.headers.get("etag"), null, path);
      const body = (await answer.json()) as { requestId?: string };
      assert.equal(body.requestId, answer.headers.get("x-request-id"), path);
    }
    // A caller's own request id is kept when it is a plain token, replaced otherwise.
    const kept = await fetch(`${app.url}/api/me`, { headers: { "x-request-id": "trace-42" } });
    assert.equal(kept.headers.get("x-request-id"), "trace-42");
    const replaced = await fetch(`${app.url}/api/me`, { headers: { "x-request-id": "a b<c>" } });
    assert.notEqual(replaced.headers.get("x-request-id"), "a b<c>");
  });
});
