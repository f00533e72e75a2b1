import assert from "node:assert/strict";
import { test } from "node:test";
import { isCommonPassword } from "./common-passwords.ts";
import { checkPassword, DEFAULT_PASSWORD_POLICY } from "./policy.ts";

const codes = (password: string, policy = DEFAULT_PASSWORD_POLICY) =>
  checkPassword(password, policy).map((issue) => issue.code);

test("each rule has its own code", () => {
  const cases: [string, string[]][] = [
    ["Gr8-Robots", []],
    ["Gr8-Rob", ["PASSWORD_TOO_SHORT"]],
    ["gr8-robots", ["PASSWORD_MISSING_UPPERCASE"]],
    ["GR8-ROBOTS", ["PASSWORD_MISSING_LOWERCASE"]],
    ["Great-Robots", ["PASSWORD_MISSING_DIGIT"]],
    ["Password1", ["PASSWORD_TOO_COMMON"]],
    [
      "abc",
      [
        "PASSWORD_TOO_SHORT",
        "PASSWORD_MISSING_UPPERCASE",
        "PASSWORD_MISSING_DIGIT",
        "PASSWORD_TOO_COMMON",
      ],
    ],
  ];
  for (const [password, expected] of cases) assert.deepEqual(codes(password), expected, password);
});

test("length counts characters at both edges: 8 and 128 pass, 7 and 129 fail", () => {
  assert.deepEqual(codes("Aa1bcdef"), []);
  assert.deepEqual(codes("Aa1bcde"), ["PASSWORD_TOO_SHORT"]);
  assert.deepEqual(codes(`Aa1${"b".repeat(125)}`), []);
  assert.deepEqual(codes(`Aa1${"b".repeat(126)}`), ["PASSWORD_TOO_LONG"]);
  // Four-byte characters count once each: 8 emoji plus the classes is not "too long" in bytes.
  assert.deepEqual(codes(`Aa1${"🤖".repeat(125)}`), []);
});

test("rules are configurable, the blocklist always applies", () => {
  const relaxed = {
    ...DEFAULT_PASSWORD_POLICY,
    requireUpper: false,
    requireDigit: false,
    requireSymbol: true,
  };
  assert.deepEqual(codes("servo arms!", relaxed), []);
  assert.deepEqual(codes("servoarms", relaxed), ["PASSWORD_MISSING_SYMBOL"]);
  assert.deepEqual(codes("letmein!!", relaxed), ["PASSWORD_TOO_COMMON"]);
});

test("common passwords are caught with decorations, uncommon ones are not", () => {
  for (const common of ["Password1", "Welcome2024!", "qwerty123", "LetMeIn99", "iloveyou"]) {
    assert.equal(isCommonPassword(common), true, common);
  }
  for (const fine of ["Servo-Arm-42x", "Kinematics7!", "passwordless-robot-9"]) {
    assert.equal(isCommonPassword(fine), false, fine);
  }
});
