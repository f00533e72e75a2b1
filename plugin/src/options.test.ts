import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { DEFAULT_OPTIONS, type Options, type PluginOptions, validateOptions } from "./options.ts";

const require = createRequire(import.meta.url);
const { normalizePluginOptions } =
  require("@docusaurus/utils-validation") as typeof import("@docusaurus/utils-validation");

/** Validates the way Docusaurus does: normalizePluginOptions adds `id` and throws Joi's error. */
function validate(options?: Options): PluginOptions {
  return validateOptions({
    // Options are deep-partial while normalizePluginOptions is typed for a shallow Partial.
    validate: (schema, input) => normalizePluginOptions(schema, input as Partial<PluginOptions>),
    options,
  });
}

function rejects(options: unknown, message: RegExp): void {
  assert.throws(() => validate(options as Options), message);
}

describe("validateOptions", () => {
  it("fills every default when no options are given", () => {
    assert.deepEqual(validate(), { id: "default", ...DEFAULT_OPTIONS });
  });

  it("asks at sign-up exactly what a complete profile needs", () => {
    assert.deepEqual(validate().profileQuestions.register, [
      "programmingLanguages",
      "experienceLevel",
      "familiarPlatforms",
      "roboticsExperience",
      "electronicsKnowledge",
    ]);
  });

  it("merges partial routes and personas with the defaults", () => {
    const options = validate({
      routes: { login: "/sign-in" },
      defaultPersona: { language: "cpp" },
    });
    assert.equal(options.routes.login, "/sign-in");
    assert.equal(options.routes.profileComplete, "/profile/complete");
    assert.equal(options.routes.forgotPassword, "/forgot-password");
    assert.equal(options.routes.resetPassword, "/reset-password");
    assert.equal(options.routes.verifyEmail, "/verify-email");
    assert.deepEqual(options.defaultPersona, {
      level: "beginner",
      language: "cpp",
      platform: "raspberry-pi",
      robotics: "none",
    });
  });

  it("strips a trailing slash from serverUrl", () => {
    assert.equal(
      validate({ serverUrl: "https://api.example.com/" }).serverUrl,
      "https://api.example.com",
    );
  });

  it("takes the sources a site adds to its CSP, or false for none; refuses a source list", () => {
    const added = validate({
      contentSecurityPolicy: { "script-src": ["https://www.googletagmanager.com"] },
    });
    assert.deepEqual(added.contentSecurityPolicy, {
      "script-src": ["https://www.googletagmanager.com"],
    });
    assert.equal(validate({ contentSecurityPolicy: false }).contentSecurityPolicy, false);
    rejects(
      { contentSecurityPolicy: { "img-src": ["https://a.example https://b.example"] } },
      /"contentSecurityPolicy\.img-src\[0\]" must be one CSP source/,
    );
    rejects(
      { contentSecurityPolicy: { "script-source": [] } },
      /"contentSecurityPolicy\.script-source" is not allowed/,
    );
  });

  it("accepts an empty register question list and devProxy false", () => {
    const options = validate({ profileQuestions: { register: [] }, devProxy: false });
    assert.deepEqual(options.profileQuestions.register, []);
    assert.equal(options.devProxy, false);
  });

  it("rejects a serverUrl that is not an http(s) URL", () => {
    rejects(
      { serverUrl: "ftp://example.com" },
      /"serverUrl" must be a valid uri with a scheme matching the http\|https pattern/,
    );
    rejects({ serverUrl: "localhost:3000" }, /"serverUrl" must be a valid uri/);
  });

  it("rejects a route that is not a site path", () => {
    rejects(
      { routes: { login: "login" } },
      /"routes.login" must be a site path starting with "\/"/,
    );
  });

  it("rejects an unknown persona value, naming the allowed ones", () => {
    rejects(
      { defaultPersona: { level: "beginer" } },
      /"defaultPersona.level" must be one of \[beginner, intermediate, advanced, expert\]/,
    );
    rejects(
      { defaultPersona: { platform: "pi" } },
      /"defaultPersona.platform" must be one of \[raspberry-pi, arduino, jetson, esp32\]/,
    );
  });

  it("rejects unknown and duplicate profile questions", () => {
    rejects(
      { profileQuestions: { profile: ["favouriteColour"] } },
      /"profileQuestions.profile\[0\]" must be one of/,
    );
    rejects(
      {
        profileQuestions: {
          profile: ["experienceLevel", "programmingLanguages", "experienceLevel"],
        },
      },
      /"profileQuestions.profile\[2\]" contains a duplicate value/,
    );
  });

  it("rejects a question list that asks part of a background without its required fields", () => {
    rejects(
      { profileQuestions: { register: ["experienceLevel"] } },
      /"profileQuestions.register" asks about the software background without programmingLanguages/,
    );
    rejects(
      {
        profileQuestions: {
          register: ["programmingLanguages", "experienceLevel", "preferredTools"],
        },
      },
      /hardware background without familiarPlatforms, roboticsExperience, electronicsKnowledge/,
    );
  });

  it("rejects a cookie name with characters a cookie cannot carry", () => {
    rejects(
      { personaCookieName: "reader kit;" },
      /"personaCookieName" may only hold letters, digits, "_" and "-"/,
    );
  });

  it("rejects unknown options and wrong types", () => {
    rejects({ serverURL: "https://example.com" }, /"serverURL" is not allowed/);
    rejects({ guestSignUpPrompts: "yes" }, /"guestSignUpPrompts" must be a boolean/);
  });
});
