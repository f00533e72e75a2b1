import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_READER_PERSONA } from "@readerkit/core/persona";
import { buildPersonaCss } from "./persona-css.ts";

describe("persona CSS", () => {
  const css = buildPersonaCss(DEFAULT_READER_PERSONA);

  it("hides variants that do not match the reader's value", () => {
    assert.ok(
      css.includes(
        'html[data-rk-level="expert"]:not([data-rk-all]) [data-rk-show-level]:not([data-rk-show-level~="expert"])',
      ),
    );
  });

  it("treats a missing attribute as the default persona (readers without JavaScript)", () => {
    assert.ok(
      css.includes('html:is([data-rk-level="beginner"],:not([data-rk-level])):not([data-rk-all])'),
    );
    assert.ok(css.includes('html:is([data-rk-platform="raspberry-pi"],:not([data-rk-platform]))'));
    assert.ok(
      !css.includes(
        ':not([data-rk-level])):not([data-rk-all]) [data-rk-show-level]:not([data-rk-show-level~="expert"])',
      ),
    );
  });

  it("follows a site's own default persona", () => {
    const custom = buildPersonaCss({ ...DEFAULT_READER_PERSONA, language: "cpp" });
    assert.ok(custom.includes('html:is([data-rk-language="cpp"],:not([data-rk-language]))'));
    assert.ok(custom.includes('html[data-rk-language="python"]:not([data-rk-all])'));
  });

  it("opens tab sets on the reader's value, or on the first tab when they have none", () => {
    assert.ok(
      css.includes(
        '[data-rk-tabs="platform"]:not([data-rk-chosen])[data-rk-values~="jetson"] > [data-rk-panels] > [data-rk-tab]:not([data-rk-tab="jetson"])',
      ),
    );
    assert.ok(css.includes("> [data-rk-panels] > [data-rk-tab]:not(:first-child)"));
  });

  it("decides tab sets from their own opening tag, never from panels parsed later (no :has())", () => {
    assert.ok(!css.includes(":has("));
    assert.ok(
      css.includes('[data-rk-tabs="language"]:not([data-rk-chosen]):not([data-rk-values~="cpp"])'),
    );
  });

  it("shows guest-only and reader-only parts by the signed-in attribute", () => {
    assert.ok(css.includes("html[data-rk-signed-in] [data-rk-guest-only]"));
    assert.ok(css.includes("html:not([data-rk-signed-in]) [data-rk-reader-only]"));
  });
});
