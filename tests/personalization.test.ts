import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail, waitFor } from "./harness/http.ts";

after(closeSharedBackends);

type Context = {
  profileVersion: number;
  persona: { level: string; language: string; platform: string };
  ui: {
    codeLanguage: string;
    platform: string;
    showBeginnerTips: boolean;
    showAdvancedNotes: boolean;
  };
  learningPath: { nextTopics: { docId: string; permalink: string }[] };
  recommendations: {
    chapters: { docId: string; reasons: string[] }[];
    projects: { docId: string }[];
  };
  assistant: {
    readerLevel: string;
    codeLanguage: string;
    platform: string;
    favourTopics: string[];
  };
};

const beginner = {
  softwareBackground: { programmingLanguages: ["Python"], experienceLevel: "beginner" },
  hardwareBackground: {
    familiarPlatforms: ["Raspberry Pi"],
    roboticsExperience: "none",
    electronicsKnowledge: "basic",
  },
};
const expert = {
  softwareBackground: {
    programmingLanguages: ["C++", "Python"],
    frameworks: ["ROS 2", "OpenCV"],
    experienceLevel: "expert",
    specializations: ["computer vision"],
    yearsOfExperience: 12,
  },
  hardwareBackground: {
    familiarPlatforms: ["Jetson"],
    roboticsExperience: "professional",
    electronicsKnowledge: "advanced",
  },
};

async function reader(app: TestApp) {
  const client = new Client(app.url);
  const signup = await client.post<{ userId: string; accessToken: string }>("/api/auth/signup", {
    email: uniqueEmail("persona"),
    password: GOOD_PASSWORD,
  });
  assert.equal(signup.status, 201);
  client.bearer = signup.body.accessToken;
  return { client, userId: signup.body.userId };
}

/** Writes the profile and switches the client to the fresh token the API returns. */
async function setProfile(client: Client, body: unknown, method: "POST" | "PUT") {
  const response = await client.request<{ accessToken: string }>(method, "/api/profile", body);
  assert.equal(response.status, method === "POST" ? 201 : 200);
  client.bearer = response.body.accessToken;
}

for (const backend of await availableBackends()) {
  describe(`personalization context on ${backend.name}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startApp(backend);
    });
    after(() => app?.close());

    test("an incomplete profile gets 403 AUTH_PROFILE_INCOMPLETE with redirectTo", async () => {
      const { client } = await reader(app);
      const none = await client.get<{ code: string; redirectTo: string }>(
        "/api/personalization/context",
      );
      assert.equal(none.status, 403);
      assert.deepEqual(
        [none.body.code, none.body.redirectTo],
        ["AUTH_PROFILE_INCOMPLETE", "/profile/complete"],
      );
      await setProfile(
        client,
        {
          software_experience: "beginner",
          programming_background: "none",
          hardware_knowledge: "none",
        },
        "POST",
      );
      const partial = await client.get<{ code: string }>("/api/personalization/context");
      assert.equal(partial.status, 403);
      assert.equal((await new Client(app.url).get("/api/personalization/context")).status, 401);
    });

    test("a complete profile gets a context built from the book, and its preferences row", async () => {
      const { client, userId } = await reader(app);
      await setProfile(client, beginner, "POST");
      const { status, body } = await client.get<{ context: Context }>(
        "/api/personalization/context",
      );
      assert.equal(status, 200);
      const { context } = body;
      assert.deepEqual(context.persona, {
        level: "beginner",
        language: "python",
        platform: "raspberry-pi",
      });
      assert.equal(context.ui.showBeginnerTips, true);
      assert.equal(context.ui.showAdvancedNotes, false);
      const docIds = new Set((await app.context.content.get()).docs.map((doc) => doc.id));
      assert.ok(
        context.learningPath.nextTopics.length >= 3 && context.learningPath.nextTopics.length <= 5,
      );
      for (const item of [
        ...context.learningPath.nextTopics,
        ...context.recommendations.chapters,
      ]) {
        assert.ok(docIds.has(item.docId), `${item.docId} is a real doc of the book`);
      }
      assert.ok(context.recommendations.chapters.every((chapter) => chapter.reasons.length > 0));
      assert.deepEqual(
        [context.assistant.readerLevel, context.assistant.codeLanguage, context.assistant.platform],
        ["beginner", "python", "raspberry-pi"],
      );
      const row = await app.admin
        .selectFrom("user_preferences")
        .selectAll()
        .where("user_id", "=", userId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.difficulty, row.code_language, row.platform],
        ["beginner", "python", "raspberry-pi"],
      );
    });

    test("cached after a read, rebuilt after a profile update", async () => {
      const { client, userId } = await reader(app);
      await setProfile(client, beginner, "POST");
      await client.get("/api/personalization/context");
      const second = await client.get<{ context: Context }>("/api/personalization/context");
      assert.match(second.headers.get("x-cache") ?? "", /^(local|redis)$/);
      assert.ok(await app.context.store.get(`personalization:${userId}`));

      await setProfile(client, { ...expert, version: 1 }, "PUT");
      const context = await waitFor(
        "the context rebuilt for profile version 2",
        async () =>
          (await client.get<{ context: Context }>("/api/personalization/context")).body.context,
        (value) => value.profileVersion === 2,
        { ms: 5_000 },
      );
      assert.equal(context?.profileVersion, 2);
      assert.deepEqual(context?.persona, { level: "expert", language: "cpp", platform: "jetson" });
      assert.equal(context?.ui.showAdvancedNotes, true);
      assert.equal(context?.ui.showBeginnerTips, false);
      const refreshed = await client.post<{ context: Context }>("/api/personalization/refresh");
      assert.equal(refreshed.status, 200);
      assert.equal(refreshed.body.context.profileVersion, 2);
    });
  });
}

const shared = (await availableBackends()).filter((backend) => backend.usesRedis);
for (const backend of shared) {
  describe(`two instances on one Redis (${backend.name})`, () => {
    test("a profile change on one instance shows in the other's next read within 5 s", async () => {
      const a = await startApp(backend);
      // A second instance of the same deployment: same database, Redis, secret, issuer, audience.
      const b = await startApp(backend, {
        databaseUrl: a.databaseUrl,
        env: {
          BETTER_AUTH_SECRET: a.context.config.authSecret,
          JWT_ISSUER: a.context.config.jwtIssuer,
          JWT_AUDIENCE: a.context.config.jwtAudience,
        },
      });
      try {
        const { client } = await reader(a);
        await setProfile(client, beginner, "POST");
        const onB = new Client(b.url);
        onB.bearer = client.bearer;
        const first = await onB.get<{ context: Context }>("/api/personalization/context");
        assert.equal(first.body.context.persona.level, "beginner");
        await onB.get("/api/personalization/context"); // now cached on B as well
        await setProfile(client, { ...expert, version: 1 }, "PUT");
        onB.bearer = client.bearer;
        const level = await waitFor(
          "instance B sees the change",
          async () =>
            (await onB.get<{ context: Context }>("/api/personalization/context")).body.context
              .persona.level,
          (value) => value === "expert",
          { ms: 5_000, every: 50 },
        );
        assert.equal(level, "expert", "instance B saw the change within 5 s");
      } finally {
        await b.close();
        await a.close();
      }
    });
  });
}
