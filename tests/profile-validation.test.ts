/**
 * What a profile write may hold: every schema bound at its edge, unknown (server-owned) fields,
 * trimming and de-duplication, and text Postgres cannot store. A refused write changes no row.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import {
  FULL,
  list,
  profileKit,
  SOFTWARE,
  withHardware,
  withSoftware,
} from "./harness/profiles.ts";

after(closeSharedBackends);

/** Seed 002's short background, sent inside `{background: ...}`. */
const SHORT = {
  software_experience: "expert",
  programming_background: "basic",
  hardware_knowledge: "basic",
};

/**
 * The schema bounds, each at its edge. `path` is the exact `details[].path` a 400 must carry;
 * null means the write is accepted and stored as sent.
 */
const BOUNDS: [label: string, body: unknown, path: string | null][] = [
  [
    "0 languages",
    withSoftware({ programmingLanguages: [] }),
    "softwareBackground.programmingLanguages",
  ],
  ["1 language", withSoftware({ programmingLanguages: ["Rust"] }), null],
  ["20 languages", withSoftware({ programmingLanguages: list(20, "lang") }), null],
  [
    "21 languages",
    withSoftware({ programmingLanguages: list(21, "lang") }),
    "softwareBackground.programmingLanguages",
  ],
  ["0 frameworks", withSoftware({ frameworks: [] }), null],
  ["20 frameworks", withSoftware({ frameworks: list(20, "fw") }), null],
  ["21 frameworks", withSoftware({ frameworks: list(21, "fw") }), "softwareBackground.frameworks"],
  ["0 specializations", withSoftware({ specializations: [] }), null],
  ["10 specializations", withSoftware({ specializations: list(10, "spec") }), null],
  [
    "11 specializations",
    withSoftware({ specializations: list(11, "spec") }),
    "softwareBackground.specializations",
  ],
  ["0 platforms", withHardware({ familiarPlatforms: [] }), "hardwareBackground.familiarPlatforms"],
  ["1 platform", withHardware({ familiarPlatforms: ["ESP32"] }), null],
  ["10 platforms", withHardware({ familiarPlatforms: list(10, "board") }), null],
  [
    "11 platforms",
    withHardware({ familiarPlatforms: list(11, "board") }),
    "hardwareBackground.familiarPlatforms",
  ],
  ["0 tools", withHardware({ preferredTools: [] }), null],
  ["10 tools", withHardware({ preferredTools: list(10, "tool") }), null],
  [
    "11 tools",
    withHardware({ preferredTools: list(11, "tool") }),
    "hardwareBackground.preferredTools",
  ],
  [
    "21 languages, duplicates included",
    withSoftware({ programmingLanguages: [...list(20, "l"), "L-0"] }),
    "softwareBackground.programmingLanguages",
  ],
  ["-1 years", withSoftware({ yearsOfExperience: -1 }), "softwareBackground.yearsOfExperience"],
  ["0 years", withSoftware({ yearsOfExperience: 0 }), null],
  ["50 years", withSoftware({ yearsOfExperience: 50 }), null],
  ["51 years", withSoftware({ yearsOfExperience: 51 }), "softwareBackground.yearsOfExperience"],
  ["2.5 years", withSoftware({ yearsOfExperience: 2.5 }), "softwareBackground.yearsOfExperience"],
  [
    '"3" years (text)',
    withSoftware({ yearsOfExperience: "3" }),
    "softwareBackground.yearsOfExperience",
  ],
  ["a 64-character item", withSoftware({ frameworks: ["f".repeat(64)] }), null],
  [
    "a 65-character item",
    withSoftware({ frameworks: ["ok", "f".repeat(65)] }),
    "softwareBackground.frameworks.1",
  ],
  [
    "a 65-character platform",
    withHardware({ familiarPlatforms: ["p".repeat(65)] }),
    "hardwareBackground.familiarPlatforms.0",
  ],
  [
    "a whitespace-only item",
    withSoftware({ programmingLanguages: ["   "] }),
    "softwareBackground.programmingLanguages.0",
  ],
  [
    "a whitespace-only tool",
    withHardware({ preferredTools: ["x", "\t \n"] }),
    "hardwareBackground.preferredTools.1",
  ],
  [
    "an empty specialization",
    withSoftware({ specializations: [""] }),
    "softwareBackground.specializations.0",
  ],
  [
    "a number as an item",
    withSoftware({ programmingLanguages: [42] }),
    "softwareBackground.programmingLanguages.0",
  ],
  [
    "experienceLevel guru",
    withSoftware({ experienceLevel: "guru" }),
    "softwareBackground.experienceLevel",
  ],
  [
    "experienceLevel upper-case",
    withSoftware({ experienceLevel: "Expert" }),
    "softwareBackground.experienceLevel",
  ],
  [
    "programmingBackground pro",
    withSoftware({ programmingBackground: "pro" }),
    "softwareBackground.programmingBackground",
  ],
  [
    "roboticsExperience expert",
    withHardware({ roboticsExperience: "expert" }),
    "hardwareBackground.roboticsExperience",
  ],
  [
    "electronicsKnowledge expert",
    withHardware({ electronicsKnowledge: "expert" }),
    "hardwareBackground.electronicsKnowledge",
  ],
  [
    "experienceLevel missing",
    withSoftware({ experienceLevel: undefined }),
    "softwareBackground.experienceLevel",
  ],
  ["softwareBackground as text", { softwareBackground: "lots" }, "softwareBackground"],
  ["version 0", { ...FULL, version: 0 }, "version"],
  [
    "short form, software_experience advanced",
    {
      software_experience: "advanced",
      programming_background: "basic",
      hardware_knowledge: "basic",
    },
    "software_experience",
  ],
  [
    "short form, hardware_knowledge missing",
    { software_experience: "expert", programming_background: "basic" },
    "hardware_knowledge",
  ],
  [
    "envelope, software_experience wizard",
    { background: { ...SHORT, software_experience: "wizard" } },
    "background.software_experience",
  ],
  [
    "envelope, programming_background missing",
    { background: { ...SHORT, programming_background: undefined } },
    "background.programming_background",
  ],
  ["envelope, background as text", { background: "expert" }, "background"],
];

/** Mass assignment: fields the server owns. Unknown keys are reported on the object holding them. */
const UNKNOWN_FIELDS: [label: string, body: unknown, path: string, key: string][] = [
  ["profileComplete", { ...FULL, profileComplete: true }, "profileComplete", "profileComplete"],
  ["userId", { ...FULL, userId: "someone-else" }, "userId", "userId"],
  ["createdAt", { ...FULL, createdAt: "2000-01-01T00:00:00Z" }, "createdAt", "createdAt"],
  [
    "softwareBackground.userId",
    withSoftware({ userId: "someone-else" }),
    "softwareBackground.userId",
    "userId",
  ],
  [
    "hardwareBackground.isAdmin",
    withHardware({ isAdmin: true }),
    "hardwareBackground.isAdmin",
    "isAdmin",
  ],
  [
    "short form + profileComplete",
    {
      software_experience: "expert",
      programming_background: "basic",
      hardware_knowledge: "basic",
      profileComplete: true,
    },
    "profileComplete",
    "profileComplete",
  ],
  [
    "envelope + background.isAdmin",
    { background: { ...SHORT, isAdmin: true } },
    "background.isAdmin",
    "isAdmin",
  ],
  [
    "envelope + short-form fields beside it",
    { background: SHORT, ...SHORT },
    "software_experience",
    "software_experience",
  ],
  [
    "envelope + full form beside it",
    { background: SHORT, softwareBackground: SOFTWARE },
    "softwareBackground",
    "softwareBackground",
  ],
];

for (const backend of await availableBackends()) {
  describe(`profile validation on ${backend.name}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startApp(backend);
    });
    after(() => app?.close());

    const { cookieReader, bearerReader, rawRows, stored, auditRows, put, post, assertInvalid } =
      profileKit(() => app);

    test("each schema bound at its edge: 400 with the exact field path and no row changed", async () => {
      const { client, userId } = await cookieReader("Bounds");
      assert.equal((await post(client, FULL)).status, 201);
      for (const [label, body, path] of BOUNDS) {
        const before = await rawRows(userId);
        const auditsBefore = (await auditRows(userId)).length;
        const res = await put(client, body);
        if (path === null) {
          assert.equal(res.status, 200, `${label}: ${JSON.stringify(res.body)}`);
          const sent = body as typeof FULL;
          const now = await stored(userId);
          assert.deepEqual(now.softwareBackground, sent.softwareBackground, label);
          assert.deepEqual(now.hardwareBackground, sent.hardwareBackground, label);
          assert.equal(now.version, (before.profile?.version ?? 0) + 1, label);
          continue;
        }
        assertInvalid(res, path, label);
        assert.deepEqual(await rawRows(userId), before, `${label}: rows changed`);
        assert.equal((await auditRows(userId)).length, auditsBefore, `${label}: audit row written`);
      }
    });

    test("unknown fields (mass assignment) are refused and change nothing", async () => {
      const { client, userId } = await bearerReader("Mass");
      // A first write that would set a server-owned field creates nothing.
      assertInvalid(
        await post(client, { ...FULL, profileComplete: true }),
        "profileComplete",
        "POST",
      );
      assert.equal((await rawRows(userId)).profile, null);
      assert.equal((await post(client, { softwareBackground: SOFTWARE })).status, 201);
      for (const [label, body, path, key] of UNKNOWN_FIELDS) {
        const before = await rawRows(userId);
        const res = await put(client, body);
        assertInvalid(res, path, label);
        const detail = res.body.details?.find((d) => d.path === path);
        assert.match(detail?.message ?? "", new RegExp(`Unknown field.*${key}`), label);
        assert.deepEqual(await rawRows(userId), before, `${label}: rows changed`);
      }
      const other = await cookieReader("Victim");
      const hijack = await put(client, { ...FULL, userId: other.userId });
      assert.equal(hijack.status, 400);
      assert.equal((await rawRows(other.userId)).profile, null);
      const now = await stored(userId);
      assert.equal(now.profileComplete, false, "profileComplete stays the server's to decide");
    });

    test("a refused envelope creates nothing on POST: 400 naming the field inside it", async () => {
      const { client, userId } = await bearerReader("Envelope");
      for (const [body, path] of [
        [{ background: { ...SHORT, hardware_knowledge: "guru" } }, "background.hardware_knowledge"],
        [{ background: { ...SHORT, userId: "someone-else" } }, "background.userId"],
        [{ background: SHORT, profileComplete: true }, "profileComplete"],
      ] as const) {
        const res = await post(client, body);
        assertInvalid(res, path, path);
        assert.match(
          res.body.message,
          new RegExp(`^${path.replace(".", "\\.")}: `),
          "message names it",
        );
        assert.deepEqual(await rawRows(userId), { profile: null, software: null, hardware: null });
      }
      assert.equal((await post(client, { background: SHORT })).status, 201);
    });

    test("item text is trimmed and duplicates dropped, case-insensitively", async () => {
      const { client, userId } = await cookieReader("Trim");
      const res = await post(
        client,
        withSoftware({ programmingLanguages: ["  Python ", "python", "C++", "PYTHON"] }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body.profile.softwareBackground?.programmingLanguages, [
        "Python",
        "C++",
      ]);
      const now = await stored(userId);
      assert.deepEqual(now.softwareBackground?.programmingLanguages, ["Python", "C++"]);
    });

    test("a NUL character in an item is a 400, not a database error", async () => {
      // Postgres text cannot hold U+0000 and zod's string checks let it through: the write
      // reaches the database and fails there. It must be refused as a validation error.
      const { client, userId } = await cookieReader("Nul");
      assert.equal((await post(client, FULL)).status, 201);
      const before = await rawRows(userId);
      const res = await put(client, withSoftware({ programmingLanguages: ["Py\u0000thon"] }));
      assert.deepEqual(await rawRows(userId), before, "rows changed");
      assertInvalid(
        res,
        "softwareBackground.programmingLanguages.0",
        "U+0000 must be refused by the schema, not reach Postgres (22021, a 500)",
      );
    });
  });
}
