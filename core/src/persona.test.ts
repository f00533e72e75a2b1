import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DEFAULT_READER_PERSONA,
  formatPersona,
  injectPersonaAttributes,
  mergePersona,
  parsePersona,
  personaFromProfile,
  personaHtmlAttributes,
  readCookie,
} from "./persona.ts";

describe("parsePersona", () => {
  it("reads the cookie format", () => {
    assert.deepEqual(parsePersona("level:expert,language:cpp,platform:jetson,robotics:hobbyist"), {
      level: "expert",
      language: "cpp",
      platform: "jetson",
      robotics: "hobbyist",
    });
  });

  it("reads a URL-encoded value and tolerates spaces", () => {
    assert.deepEqual(parsePersona("level%3Aexpert%2C%20language%3Acpp"), {
      level: "expert",
      language: "cpp",
    });
  });

  it("drops unknown keys, unknown values and junk instead of failing", () => {
    assert.deepEqual(parsePersona("level:guru,colour:red,language:rust,platform,:x,%E0%A4%A"), {
      language: "rust",
    });
    assert.deepEqual(parsePersona(""), {});
  });

  it("round-trips through formatPersona in a fixed order", () => {
    const text = formatPersona({ platform: "esp32", level: "advanced" });
    assert.equal(text, "level:advanced,platform:esp32");
    assert.deepEqual(parsePersona(text), { level: "advanced", platform: "esp32" });
  });
});

describe("readCookie", () => {
  it("finds a cookie among others, by exact name", () => {
    const header =
      "theme=dark; readerkit_persona_old=x; readerkit_persona=level:expert,language:cpp";
    assert.equal(readCookie(header, "readerkit_persona"), "level:expert,language:cpp");
    assert.equal(readCookie(header, "missing"), null);
    assert.equal(readCookie(undefined, "readerkit_persona"), null);
  });
});

describe("personaFromProfile", () => {
  it("maps level, the first known language and board, and robotics experience", () => {
    const persona = personaFromProfile(
      {
        softwareBackground: {
          programmingLanguages: ["Fortran", "C++", "Python"],
          experienceLevel: "expert",
        },
        hardwareBackground: {
          familiarPlatforms: ["STM32", "Jetson Orin Nano"],
          roboticsExperience: "professional",
        },
      },
      DEFAULT_READER_PERSONA,
    );
    assert.deepEqual(persona, {
      level: "expert",
      language: "cpp",
      platform: "jetson",
      robotics: "professional",
    });
  });

  it("keeps the fallback for anything unknown or missing", () => {
    assert.deepEqual(personaFromProfile(null, DEFAULT_READER_PERSONA), DEFAULT_READER_PERSONA);
    const partial = personaFromProfile(
      {
        softwareBackground: { programmingLanguages: ["COBOL"], experienceLevel: null },
        hardwareBackground: null,
      },
      DEFAULT_READER_PERSONA,
    );
    assert.deepEqual(partial, DEFAULT_READER_PERSONA);
  });
});

describe("mergePersona", () => {
  it("takes only valid values from the personalization API", () => {
    const merged = mergePersona(DEFAULT_READER_PERSONA, {
      level: "advanced",
      language: "klingon",
      platform: 3,
    });
    assert.deepEqual(merged, { ...DEFAULT_READER_PERSONA, level: "advanced" });
  });
});

describe("injectPersonaAttributes (server hook for readers without JavaScript)", () => {
  const html = '<!doctype html>\n<html lang="en" dir="ltr" class="docs-wrapper">\n<head>';

  it("adds the persona and signed-in attributes from the cookie", () => {
    const out = injectPersonaAttributes(html, "a=b; readerkit_persona=level:expert,language:cpp");
    assert.match(
      out,
      /^<!doctype html>\n<html data-rk-signed-in data-rk-level="expert" data-rk-language="cpp" lang="en"/,
    );
  });

  it("leaves the page alone without the cookie, and never echoes unknown values", () => {
    assert.equal(injectPersonaAttributes(html, "theme=dark"), html);
    const out = injectPersonaAttributes(
      html,
      'readerkit_persona=level:"><script>alert(1)</script>',
    );
    assert.equal(out, html.replace("<html", "<html data-rk-signed-in"));
  });

  it("uses a custom cookie name", () => {
    assert.deepEqual(personaHtmlAttributes("platform:esp32"), {
      "data-rk-signed-in": "",
      "data-rk-platform": "esp32",
    });
    assert.match(
      injectPersonaAttributes(html, "rk=platform:esp32", "rk"),
      /data-rk-platform="esp32"/,
    );
  });
});
