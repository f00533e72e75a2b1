/**
 * The site's generated reference pages (error codes, environment variables, plugin options) are
 * committed, because the tests build the site with `docusaurus build` directly: they must be what
 * `website/scripts/generate-reference.ts` writes from the code today, or this test fails.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { API_ERROR_STATUS } from "@readerkit/core/error-codes";

const ROOT = resolve(import.meta.dirname, "..");
const COMMITTED = join(ROOT, "website/docs/guides/reference");
const PAGES = ["env-variables.mdx", "error-codes.mdx", "plugin-options.mdx"];
let outDir = "";

before(async () => {
  outDir = await mkdtemp(join(tmpdir(), "readerkit-reference-"));
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, "website/scripts/generate-reference.ts"), outDir],
    { cwd: ROOT },
  );
});
after(() => rm(outDir, { recursive: true, force: true }));

test("the generator writes the three reference pages", () => {
  assert.deepEqual(readdirSync(outDir).sort(), PAGES);
});

for (const page of PAGES) {
  test(`the committed ${page} is what the generator writes (run: node website/scripts/generate-reference.ts)`, () => {
    assert.equal(
      readFileSync(join(COMMITTED, page), "utf8"),
      readFileSync(join(outDir, page), "utf8"),
    );
  });
}

test("every API error code appears in error-codes.mdx with its status", () => {
  const text = readFileSync(join(COMMITTED, "error-codes.mdx"), "utf8");
  for (const [code, status] of Object.entries(API_ERROR_STATUS)) {
    assert.match(text, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), code);
  }
});

test("every page says where it was generated from", () => {
  for (const page of PAGES) {
    assert.match(
      readFileSync(join(COMMITTED, page), "utf8"),
      /\{\/\* generated from \S+ by website\/scripts\/generate-reference\.ts, do not edit \*\/\}/,
    );
  }
});
