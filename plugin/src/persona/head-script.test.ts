import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runInNewContext } from "node:vm";
import { DEFAULT_READER_PERSONA } from "@readerkit/core/persona";
import { buildHeadScript } from "./head-script.ts";

type Page = { cookie?: string; search?: string; showAll?: string | null; storageThrows?: boolean };

/** Runs the inline script against a fake document and returns the `<html>` attributes it set. */
function run(page: Page): Record<string, string> {
  const attributes: Record<string, string> = {};
  const context = {
    document: {
      cookie: page.cookie ?? "",
      documentElement: {
        setAttribute: (name: string, value: string) => (attributes[name] = value),
      },
    },
    location: { search: page.search ?? "" },
    URLSearchParams,
    localStorage: {
      getItem: () => {
        if (page.storageThrows) throw new Error("SecurityError");
        return page.showAll ?? null;
      },
    },
  };
  runInNewContext(
    buildHeadScript({ cookieName: "readerkit_persona", defaultPersona: DEFAULT_READER_PERSONA }),
    context,
  );
  return attributes;
}

const defaults = {
  "data-rk-level": "beginner",
  "data-rk-language": "python",
  "data-rk-platform": "raspberry-pi",
  "data-rk-robotics": "none",
};

describe("head script", () => {
  it("gives a guest the default persona", () => {
    assert.deepEqual(run({}), defaults);
  });

  it("applies the reader's cookie and marks them signed in", () => {
    const attributes = run({
      cookie: "theme=dark; readerkit_persona=level:expert,language:cpp,platform:jetson",
    });
    assert.deepEqual(attributes, {
      ...defaults,
      "data-rk-signed-in": "",
      "data-rk-level": "expert",
      "data-rk-language": "cpp",
      "data-rk-platform": "jetson",
    });
  });

  it("reads a URL-encoded cookie and ignores unknown values", () => {
    const attributes = run({ cookie: "readerkit_persona=level%3Aguru%2Clanguage%3Arust" });
    assert.equal(attributes["data-rk-level"], "beginner");
    assert.equal(attributes["data-rk-language"], "rust");
  });

  it("lets ?persona= override the cookie for an author preview", () => {
    const attributes = run({
      cookie: "readerkit_persona=level:expert",
      search: "?persona=level:beginner,platform:esp32",
    });
    assert.equal(attributes["data-rk-level"], "beginner");
    assert.equal(attributes["data-rk-platform"], "esp32");
    assert.equal(attributes["data-rk-preview"], "");
  });

  it("shows every variant for ?persona=all or the remembered reader choice", () => {
    assert.equal(run({ search: "?persona=all" })["data-rk-all"], "");
    assert.equal(run({ showAll: "1" })["data-rk-all"], "");
    assert.equal(run({ showAll: null })["data-rk-all"], undefined);
  });

  it("survives disabled storage", () => {
    assert.deepEqual(run({ storageThrows: true }), defaults);
  });

  it("stays tiny", () => {
    const size = buildHeadScript({
      cookieName: "readerkit_persona",
      defaultPersona: DEFAULT_READER_PERSONA,
    }).length;
    assert.ok(size < 1500, `head script is ${size} bytes`);
  });
});
