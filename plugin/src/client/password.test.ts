import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DEFAULT_PASSWORD_POLICY,
  passwordRules,
  passwordStrength,
  toPasswordPolicy,
} from "./password.ts";

describe("password feedback", () => {
  it("lists the policy's rules, none met before typing", () => {
    const rules = passwordRules("", DEFAULT_PASSWORD_POLICY);
    assert.deepEqual(
      rules.map((rule) => rule.code),
      [
        "PASSWORD_TOO_SHORT",
        "PASSWORD_MISSING_UPPERCASE",
        "PASSWORD_MISSING_LOWERCASE",
        "PASSWORD_MISSING_DIGIT",
        "PASSWORD_TOO_COMMON",
      ],
    );
    assert.ok(rules.every((rule) => !rule.met));
  });

  it("ticks rules as they are met and adds the symbol rule when required", () => {
    const policy = { ...DEFAULT_PASSWORD_POLICY, requireSymbol: true };
    const met = Object.fromEntries(
      passwordRules("Gear7box", policy).map((rule) => [rule.code, rule.met]),
    );
    assert.deepEqual(met, {
      PASSWORD_TOO_SHORT: true,
      PASSWORD_MISSING_UPPERCASE: true,
      PASSWORD_MISSING_LOWERCASE: true,
      PASSWORD_MISSING_DIGIT: true,
      PASSWORD_MISSING_SYMBOL: false,
      PASSWORD_TOO_COMMON: true,
    });
  });

  it("scores strength from 0 to 4, capping anything that breaks a rule", () => {
    assert.equal(passwordStrength("", DEFAULT_PASSWORD_POLICY), 0);
    assert.equal(passwordStrength("Password1", DEFAULT_PASSWORD_POLICY), 0);
    assert.equal(passwordStrength("abcdefghijklmnopq", DEFAULT_PASSWORD_POLICY), 1);
    assert.equal(passwordStrength("Gear7box", DEFAULT_PASSWORD_POLICY), 2);
    assert.equal(passwordStrength("Gear7box-Servo", DEFAULT_PASSWORD_POLICY), 3);
    assert.equal(passwordStrength("Gear7box-Servo-Lidar", DEFAULT_PASSWORD_POLICY), 4);
  });

  it("reads the server policy, falling back per field", () => {
    assert.deepEqual(toPasswordPolicy({ minLength: 12, requireSymbol: true, maxLength: "x" }), {
      ...DEFAULT_PASSWORD_POLICY,
      minLength: 12,
      requireSymbol: true,
    });
    assert.deepEqual(toPasswordPolicy(null), DEFAULT_PASSWORD_POLICY);
  });
});
