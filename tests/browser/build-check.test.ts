/**
 * The build-time check of the MDX tags, end to end: a copy of the example site with one
 * misspelled tag value must fail `docusaurus build`, naming the file, the line and the allowed
 * values. The copy lives next to this file so Node resolves the plugin from the repo's
 * node_modules; it is removed afterwards, also when the test fails or the process exits early.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { after, before, test } from "node:test";
import { buildSite, ROOT } from "./harness.ts";

const SOURCE = join(ROOT, "website");
const COPY = join(import.meta.dirname, `.tmp-site-${process.pid}`);
const CHAPTER = "docs/chapters/kinematics.mdx";
const SKIPPED = new Set(["build", ".docusaurus", "node_modules"]);

const removeCopy = () => rmSync(COPY, { recursive: true, force: true });

before(async () => {
  process.once("exit", removeCopy);
  await cp(SOURCE, COPY, {
    recursive: true,
    filter: (path) => !SKIPPED.has(relative(SOURCE, path).split("/")[0] ?? ""),
  });
});

after(async () => {
  await rm(COPY, { recursive: true, force: true });
  process.removeListener("exit", removeCopy);
});

test("a misspelled tag value fails the build with its file, line and the allowed values", {
  timeout: 180_000,
}, async () => {
  const file = join(COPY, CHAPTER);
  const lines = (await readFile(file, "utf8")).split("\n");
  const index = lines.findIndex((line) => line.includes('<Personalized level="beginner">'));
  assert.ok(index >= 0, `${CHAPTER} has no <Personalized level="beginner"> to misspell`);
  lines[index] = lines[index]?.replace('level="beginner"', 'level="beginer"') ?? "";
  await writeFile(file, lines.join("\n"));

  const build = await buildSite(COPY, join(COPY, "build"));
  console.log(`# failing build took ${build.seconds} s`);
  assert.notEqual(build.code, 0, `the build succeeded:\n${build.output}`);
  const expected = `${CHAPTER}:${index + 1}: <Personalized level="beginer">: level must be one of beginner | intermediate | advanced | expert`;
  assert.ok(
    build.output.includes(expected),
    `the build output does not say\n  ${expected}\nit says:\n${build.output.slice(-4000)}`,
  );
});
