import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  asCompleteProfile,
  hardwareBackgroundSchema,
  isProfileComplete,
  MAX_ITEM_LENGTH,
  missingProfileFields,
  type ProfileDraft,
  profileBackgroundSchema,
  profileWriteSchema,
  shortBackgroundSchema,
  softwareBackgroundSchema,
} from "./profile-schema.ts";

const software = {
  programmingLanguages: ["Python"],
  frameworks: [],
  experienceLevel: "intermediate",
  specializations: [],
};
const hardware = {
  familiarPlatforms: ["Raspberry Pi"],
  roboticsExperience: "hobbyist",
  electronicsKnowledge: "basic",
  preferredTools: [],
};

function items(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `item-${i}`);
}

/** The issues of a failed parse as `path: code`, or "ok" when it parsed. */
function outcome(result: { success: boolean; error?: { issues: readonly Issue[] } }): string[] {
  if (result.success) return ["ok"];
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join(".")}: ${issue.code}`);
}
type Issue = { path: readonly PropertyKey[]; code: string; message: string };

describe("list bounds", () => {
  const cases: Array<[string, "software" | "hardware", string, number, string[]]> = [
    [
      "programmingLanguages 0",
      "software",
      "programmingLanguages",
      0,
      ["programmingLanguages: too_small"],
    ],
    ["programmingLanguages 1", "software", "programmingLanguages", 1, ["ok"]],
    ["programmingLanguages 20", "software", "programmingLanguages", 20, ["ok"]],
    [
      "programmingLanguages 21",
      "software",
      "programmingLanguages",
      21,
      ["programmingLanguages: too_big"],
    ],
    ["frameworks 0", "software", "frameworks", 0, ["ok"]],
    ["frameworks 1", "software", "frameworks", 1, ["ok"]],
    ["frameworks 20", "software", "frameworks", 20, ["ok"]],
    ["frameworks 21", "software", "frameworks", 21, ["frameworks: too_big"]],
    ["specializations 0", "software", "specializations", 0, ["ok"]],
    ["specializations 1", "software", "specializations", 1, ["ok"]],
    ["specializations 10", "software", "specializations", 10, ["ok"]],
    ["specializations 11", "software", "specializations", 11, ["specializations: too_big"]],
    ["familiarPlatforms 0", "hardware", "familiarPlatforms", 0, ["familiarPlatforms: too_small"]],
    ["familiarPlatforms 1", "hardware", "familiarPlatforms", 1, ["ok"]],
    ["familiarPlatforms 10", "hardware", "familiarPlatforms", 10, ["ok"]],
    ["familiarPlatforms 11", "hardware", "familiarPlatforms", 11, ["familiarPlatforms: too_big"]],
    ["preferredTools 0", "hardware", "preferredTools", 0, ["ok"]],
    ["preferredTools 1", "hardware", "preferredTools", 1, ["ok"]],
    ["preferredTools 10", "hardware", "preferredTools", 10, ["ok"]],
    ["preferredTools 11", "hardware", "preferredTools", 11, ["preferredTools: too_big"]],
  ];
  for (const [name, part, field, count, expected] of cases) {
    it(name, () => {
      const schema = part === "software" ? softwareBackgroundSchema : hardwareBackgroundSchema;
      const base = part === "software" ? software : hardware;
      assert.deepEqual(outcome(schema.safeParse({ ...base, [field]: items(count) })), expected);
    });
  }

  it("bounds count what was sent, before duplicates are dropped", () => {
    const sent = [...items(20), "ITEM-0"];
    assert.deepEqual(
      outcome(softwareBackgroundSchema.safeParse({ ...software, programmingLanguages: sent })),
      ["programmingLanguages: too_big"],
    );
  });

  it("optional lists may be left out and read as empty", () => {
    const parsed = softwareBackgroundSchema.parse({
      programmingLanguages: ["C"],
      experienceLevel: "expert",
    });
    assert.deepEqual(parsed.frameworks, []);
    assert.deepEqual(parsed.specializations, []);
    assert.deepEqual(
      hardwareBackgroundSchema.parse({ ...hardware, preferredTools: undefined }).preferredTools,
      [],
    );
  });
});

describe("list items", () => {
  const long = "x".repeat(MAX_ITEM_LENGTH);
  const cases: Array<[string, unknown, string[]]> = [
    ["empty string", "", ["frameworks.1: too_small"]],
    ["only spaces", "   ", ["frameworks.1: too_small"]],
    ["one character", "a", ["ok"]],
    ["64 characters", long, ["ok"]],
    ["65 characters", `${long}x`, ["frameworks.1: too_big"]],
    ["64 characters padded with spaces", `  ${long}  `, ["ok"]],
    ["a number", 42, ["frameworks.1: invalid_type"]],
  ];
  for (const [name, value, expected] of cases) {
    it(name, () => {
      const result = softwareBackgroundSchema.safeParse({
        ...software,
        frameworks: ["ROS 2", value],
      });
      assert.deepEqual(outcome(result), expected);
    });
  }

  it("trims every entry", () => {
    const parsed = hardwareBackgroundSchema.parse({
      ...hardware,
      familiarPlatforms: ["  Jetson Orin\t"],
    });
    assert.deepEqual(parsed.familiarPlatforms, ["Jetson Orin"]);
  });

  it("drops case-insensitive duplicates, keeping the first spelling and the order", () => {
    const parsed = softwareBackgroundSchema.parse({
      ...software,
      programmingLanguages: ["Python", "C++", " python ", "PYTHON", "c++", "Rust"],
    });
    assert.deepEqual(parsed.programmingLanguages, ["Python", "C++", "Rust"]);
  });

  it("says which entry is wrong in words a reader understands", () => {
    const result = softwareBackgroundSchema.safeParse({ ...software, programmingLanguages: [] });
    assert.equal(result.error?.issues[0]?.message, "Add at least one programming language");
    const tooMany = hardwareBackgroundSchema.safeParse({
      ...hardware,
      familiarPlatforms: items(11),
    });
    assert.equal(tooMany.error?.issues[0]?.message, "List at most 10 platforms");
  });
});

describe("numbers and choices", () => {
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ["years -1", { yearsOfExperience: -1 }, ["yearsOfExperience: too_small"]],
    ["years 0", { yearsOfExperience: 0 }, ["ok"]],
    ["years 1", { yearsOfExperience: 1 }, ["ok"]],
    ["years 50", { yearsOfExperience: 50 }, ["ok"]],
    ["years 51", { yearsOfExperience: 51 }, ["yearsOfExperience: too_big"]],
    ["years 2.5", { yearsOfExperience: 2.5 }, ["yearsOfExperience: invalid_type"]],
    ["years as text", { yearsOfExperience: "3" }, ["yearsOfExperience: invalid_type"]],
    ["years left out", { yearsOfExperience: undefined }, ["ok"]],
    ["level typo", { experienceLevel: "beginer" }, ["experienceLevel: invalid_value"]],
    ["level missing", { experienceLevel: undefined }, ["experienceLevel: invalid_value"]],
    ["background ok", { programmingBackground: "basic" }, ["ok"]],
    [
      "background wrong",
      { programmingBackground: "expert" },
      ["programmingBackground: invalid_value"],
    ],
  ];
  for (const [name, patch, expected] of cases) {
    it(name, () => {
      assert.deepEqual(
        outcome(softwareBackgroundSchema.safeParse({ ...software, ...patch })),
        expected,
      );
    });
  }

  it("names the options when a choice is wrong", () => {
    const result = softwareBackgroundSchema.safeParse({ ...software, experienceLevel: "beginer" });
    assert.equal(
      result.error?.issues[0]?.message,
      '"beginer" is not an option; choose beginner, intermediate, advanced or expert',
    );
    const missing = hardwareBackgroundSchema.safeParse({
      ...hardware,
      roboticsExperience: undefined,
    });
    assert.equal(
      missing.error?.issues[0]?.message,
      "Choose your robotics experience: none, hobbyist or professional",
    );
  });
});

describe("unknown fields", () => {
  const cases: Array<[string, unknown, string[]]> = [
    [
      "in softwareBackground",
      { softwareBackground: { ...software, isAdmin: true } },
      ["softwareBackground: unrecognized_keys"],
    ],
    [
      "in hardwareBackground",
      { hardwareBackground: { ...hardware, userId: "u" } },
      ["hardwareBackground: unrecognized_keys"],
    ],
    [
      "at the top level",
      { softwareBackground: software, roles: ["admin"] },
      [": unrecognized_keys"],
    ],
    [
      "in the short form",
      {
        software_experience: "expert",
        programming_background: "none",
        hardware_knowledge: "none",
        profile_complete: true,
      },
      [": unrecognized_keys"],
    ],
    [
      "mixing both forms",
      {
        software_experience: "expert",
        programming_background: "none",
        hardware_knowledge: "none",
        softwareBackground: software,
      },
      [": unrecognized_keys"],
    ],
  ];
  for (const [name, body, expected] of cases) {
    it(`rejects them ${name}`, () => {
      assert.deepEqual(outcome(profileWriteSchema.safeParse(body)), expected);
    });
  }

  it("names the unknown field", () => {
    const result = profileWriteSchema.safeParse({ softwareBackground: software, isAdmin: true });
    assert.equal(result.error?.issues[0]?.message, "Unknown field: isAdmin");
  });
});

describe("profileWriteSchema", () => {
  it("normalises the full form into a draft with every field present", () => {
    const draft = profileWriteSchema.parse({
      softwareBackground: software,
      hardwareBackground: hardware,
      version: 3,
    });
    assert.deepEqual(draft, {
      software: { ...software, yearsOfExperience: null, programmingBackground: null },
      hardware,
      version: 3,
    });
  });

  it("leaves an unmentioned part null and omits an absent version", () => {
    assert.deepEqual(profileWriteSchema.parse({ hardwareBackground: hardware }), {
      software: null,
      hardware,
    });
    assert.deepEqual(profileWriteSchema.parse({}), { software: null, hardware: null });
  });

  const versions: Array<[unknown, string[]]> = [
    [0, ["version: too_small"]],
    [1, ["ok"]],
    [1.5, ["version: invalid_type"]],
  ];
  for (const [version, expected] of versions) {
    it(`version ${String(version)}`, () => {
      assert.deepEqual(outcome(profileWriteSchema.safeParse({ version })), expected);
    });
  }

  it("keeps the exact path of a nested error", () => {
    const result = profileWriteSchema.safeParse({
      softwareBackground: { ...software, programmingLanguages: ["Python", ""] },
    });
    assert.deepEqual(outcome(result), ["softwareBackground.programmingLanguages.1: too_small"]);
  });

  it("rejects a body that is not an object", () => {
    for (const body of [null, "profile", 42, []]) {
      assert.equal(profileWriteSchema.safeParse(body).success, false, JSON.stringify(body));
    }
  });
});

describe("short form", () => {
  const short = {
    software_experience: "expert",
    programming_background: "advanced",
    hardware_knowledge: "basic",
  };

  it("maps onto the full shape and leaves the rest empty", () => {
    assert.deepEqual(profileWriteSchema.parse({ ...short, version: 2 }), {
      software: {
        programmingLanguages: [],
        frameworks: [],
        experienceLevel: "expert",
        specializations: [],
        yearsOfExperience: null,
        programmingBackground: "advanced",
      },
      hardware: {
        familiarPlatforms: [],
        roboticsExperience: null,
        electronicsKnowledge: "basic",
        preferredTools: [],
      },
      version: 2,
    });
  });

  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    [
      "advanced is not a short-form level",
      { software_experience: "advanced" },
      ["software_experience: invalid_value"],
    ],
    [
      "programming background typo",
      { programming_background: "basics" },
      ["programming_background: invalid_value"],
    ],
    [
      "hardware knowledge missing",
      { hardware_knowledge: undefined },
      ["hardware_knowledge: invalid_value"],
    ],
  ];
  for (const [name, patch, expected] of cases) {
    it(name, () => {
      assert.deepEqual(outcome(shortBackgroundSchema.safeParse({ ...short, ...patch })), expected);
      assert.deepEqual(outcome(profileWriteSchema.safeParse({ ...short, ...patch })), expected);
    });
  }

  it("is never complete on its own", () => {
    const draft = profileWriteSchema.parse(short);
    assert.deepEqual(missingProfileFields(draft), [
      "softwareBackground.programmingLanguages",
      "hardwareBackground.familiarPlatforms",
      "hardwareBackground.roboticsExperience",
    ]);
    assert.equal(isProfileComplete(draft), false);
    assert.equal(asCompleteProfile(draft), null);
  });
});

describe("background envelope (seed 002's body)", () => {
  const short = {
    software_experience: "beginner",
    programming_background: "none",
    hardware_knowledge: "basic",
  };

  it("reads as the short form it wraps, version included", () => {
    assert.deepEqual(
      profileWriteSchema.parse({ background: short }),
      profileWriteSchema.parse(short),
    );
    assert.deepEqual(
      profileWriteSchema.parse({ background: short, version: 3 }),
      profileWriteSchema.parse({ ...short, version: 3 }),
    );
  });

  it("holds what sign-up's background holds: the full form too", () => {
    const full = { softwareBackground: software, hardwareBackground: hardware };
    assert.deepEqual(
      profileWriteSchema.parse({ background: full }),
      profileWriteSchema.parse(full),
    );
    assert.deepEqual(profileBackgroundSchema.parse(short), profileWriteSchema.parse(short));
  });

  const cases: Array<[string, unknown, string[]]> = [
    [
      "a bad value inside",
      { background: { ...short, software_experience: "wizard" } },
      ["background.software_experience: invalid_value"],
    ],
    [
      "a missing field inside",
      { background: { ...short, hardware_knowledge: undefined } },
      ["background.hardware_knowledge: invalid_value"],
    ],
    [
      "an unknown field inside",
      { background: { ...short, isAdmin: true } },
      ["background: unrecognized_keys"],
    ],
    [
      "a version inside (it goes next to background)",
      { background: { ...short, version: 2 } },
      ["background: unrecognized_keys"],
    ],
    [
      "an envelope inside the envelope",
      { background: { background: short } },
      ["background: unrecognized_keys"],
    ],
    ["background that is not an object", { background: "expert" }, ["background: invalid_type"]],
    ["a bad version next to it", { background: short, version: 0 }, ["version: too_small"]],
    ["short-form fields next to it", { background: short, ...short }, [": unrecognized_keys"]],
    [
      "the full form next to it",
      { background: short, softwareBackground: software },
      [": unrecognized_keys"],
    ],
  ];
  for (const [name, body, expected] of cases) {
    it(`rejects ${name}`, () => {
      assert.deepEqual(outcome(profileWriteSchema.safeParse(body)), expected);
    });
  }

  it("says why a field next to the envelope is refused", () => {
    const result = profileWriteSchema.safeParse({
      background: short,
      software_experience: "expert",
    });
    assert.match(result.error?.issues[0]?.message ?? "", /^Unknown field: software_experience/);
    assert.match(result.error?.issues[0]?.message ?? "", /inside "background"/);
  });
});

describe("completion", () => {
  const full = profileWriteSchema.parse({
    softwareBackground: software,
    hardwareBackground: hardware,
  });
  const cases: Array<[string, ProfileDraft, string[]]> = [
    ["complete", full, []],
    [
      "empty",
      { software: null, hardware: null },
      [
        "softwareBackground.programmingLanguages",
        "softwareBackground.experienceLevel",
        "hardwareBackground.familiarPlatforms",
        "hardwareBackground.roboticsExperience",
        "hardwareBackground.electronicsKnowledge",
      ],
    ],
    [
      "hardware missing",
      { ...full, hardware: null },
      [
        "hardwareBackground.familiarPlatforms",
        "hardwareBackground.roboticsExperience",
        "hardwareBackground.electronicsKnowledge",
      ],
    ],
    [
      "no languages",
      {
        ...full,
        software: {
          ...(full.software as NonNullable<ProfileDraft["software"]>),
          programmingLanguages: [],
        },
      },
      ["softwareBackground.programmingLanguages"],
    ],
    [
      "no electronics knowledge",
      {
        ...full,
        hardware: {
          ...(full.hardware as NonNullable<ProfileDraft["hardware"]>),
          electronicsKnowledge: null,
        },
      },
      ["hardwareBackground.electronicsKnowledge"],
    ],
  ];
  for (const [name, draft, expected] of cases) {
    it(name, () => {
      assert.deepEqual(missingProfileFields(draft), expected);
      assert.equal(isProfileComplete(draft), expected.length === 0);
      assert.equal(asCompleteProfile(draft) !== null, expected.length === 0);
    });
  }

  it("narrows a complete draft back to the schema's shape", () => {
    const draft = profileWriteSchema.parse({
      softwareBackground: { ...software, yearsOfExperience: 4, programmingBackground: "basic" },
      hardwareBackground: hardware,
    });
    const profile = asCompleteProfile(draft);
    assert.deepEqual(profile, {
      software: { ...software, yearsOfExperience: 4, programmingBackground: "basic" },
      hardware,
    });
    assert.deepEqual(softwareBackgroundSchema.parse(profile?.software), profile?.software);
  });

  it("omits unknown optional fields rather than storing null", () => {
    const profile = asCompleteProfile(full);
    assert.equal(profile && "yearsOfExperience" in profile.software, false);
    assert.equal(profile && "programmingBackground" in profile.software, false);
  });
});
