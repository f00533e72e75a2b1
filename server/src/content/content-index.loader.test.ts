import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { createContentIndexLoader } from "./content-index.loader.ts";

const doc = (id: string) => ({
  id,
  title: id,
  description: "",
  permalink: `/${id}`,
  kind: "chapter",
  difficulty: "beginner",
  topics: ["sensors"],
  languages: ["python"],
  platforms: [],
  prerequisites: [],
  minutes: 5,
});

test("loads the built index, reloads it when it changes, keeps the last good one on a bad write", async () => {
  const dir = await mkdtemp(join(tmpdir(), "rk-index-"));
  const indexFile = join(dir, "content-index.json");
  await writeFile(indexFile, JSON.stringify({ version: 1, docs: [doc("a")] }));
  // The loader's own log says when a reload was tried and refused.
  const logged: string[] = [];
  const log = pino({ level: "error" }, { write: (line: string) => void logged.push(line) });
  const loader = createContentIndexLoader({ indexFile, docsDir: join(dir, "docs") }, log);
  try {
    assert.deepEqual(
      (await loader.get()).docs.map((d) => d.id),
      ["a"],
    );
    await writeFile(indexFile, JSON.stringify({ version: 1, docs: [doc("a"), doc("b")] }));
    let ids: string[] = [];
    for (let i = 0; i < 50 && ids.length !== 2; i++) {
      await sleep(100);
      ids = (await loader.get()).docs.map((d) => d.id);
    }
    assert.deepEqual(ids, ["a", "b"]);
    await writeFile(indexFile, "{ not json");
    for (let i = 0; i < 50 && !logged.some((line) => line.includes("reload failed")); i++)
      await sleep(100);
    assert.ok(
      logged.some((line) => line.includes("reload failed")),
      "the bad file was read and refused",
    );
    assert.deepEqual(
      (await loader.get()).docs.map((d) => d.id),
      ["a", "b"],
      "a bad file keeps the last good index",
    );
  } finally {
    loader.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("without a build it builds the index from the docs folder", async () => {
  const dir = await mkdtemp(join(tmpdir(), "rk-index-"));
  const docsDir = join(dir, "docs");
  await mkdir(docsDir);
  await writeFile(
    join(docsDir, "sensors.mdx"),
    "---\nkind: chapter\ndifficulty: beginner\ntopics: [sensors]\nminutes: 10\n---\n# Sensors\n",
  );
  const loader = createContentIndexLoader(
    { indexFile: join(dir, "missing.json"), docsDir },
    pino({ level: "silent" }),
  );
  try {
    const index = await loader.get();
    assert.deepEqual(
      index.docs.map((d) => [d.id, d.title, d.permalink]),
      [["sensors", "Sensors", "/sensors"]],
    );
  } finally {
    loader.close();
    await rm(dir, { recursive: true, force: true });
  }
});
