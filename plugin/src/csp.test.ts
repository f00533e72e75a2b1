import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { inlineScriptHashes } from "./csp.ts";

const sha = (text: string) => `sha256-${createHash("sha256").update(text).digest("base64")}`;

describe("inline script hashes of a built page", () => {
  it("hashes each executable inline script exactly as written, nothing else", () => {
    const html = [
      "<html><head><script>document.documentElement.dataset.a=1</script>",
      '<script type="module">import("./x.js")</script>',
      '<script src="/assets/main.js" defer></script>',
      '<script data-rh=true type=application/ld+json>{"@type":"Article"}</script>',
      "<SCRIPT>\n  var b = 2;\n</SCRIPT></head></html>",
    ].join("");
    assert.deepEqual(inlineScriptHashes(html), [
      sha("document.documentElement.dataset.a=1"),
      sha('import("./x.js")'),
      sha("\n  var b = 2;\n"),
    ]);
  });
});
