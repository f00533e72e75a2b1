import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApp } from "../tests/harness/app.ts";
import type { Backend } from "../tests/harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "../tests/harness/http.ts";
import { bareExpress, row, throughput } from "./load.ts";
import { syntheticIndex } from "./synthetic-index.ts";

const PROFILE = {
  softwareBackground: {
    programmingLanguages: ["Python", "C++"],
    frameworks: ["ROS 2"],
    experienceLevel: "intermediate",
  },
  hardwareBackground: {
    familiarPlatforms: ["Jetson"],
    roboticsExperience: "hobbyist",
    electronicsKnowledge: "basic",
  },
};

/** Issues 4-6: token checks, refresh, profile reads and the personalization context. */
export async function apiBench(backends: Backend[]): Promise<void> {
  const indexFile = join(tmpdir(), `readerkit-bench-index-${process.pid}.json`);
  await writeFile(indexFile, JSON.stringify(syntheticIndex(500)));
  const bare = await bareExpress();
  const bareRate = await throughput(() => fetch(bare.url));
  console.log("\n## Tokens, profiles, personalization (issues 4-6)");
  row("bare Express hello, 16 in flight", bareRate);
  for (const backend of backends.filter((candidate) => candidate.name !== "neon")) {
    const app = await startApp(backend, {
      env: { RATE_LIMIT_ENABLED: "false", CONTENT_INDEX_PATH: indexFile },
    });
    const label = `${backend.name}${backend.usesRedis ? " + Redis" : ""}`;
    try {
      const client = new Client(app.url);
      const signup = await client.post<{ userId: string; accessToken: string }>(
        "/api/auth/signup",
        {
          email: uniqueEmail("bench"),
          password: GOOD_PASSWORD,
        },
      );
      const written = await client.request<{ accessToken: string }>(
        "POST",
        "/api/profile",
        PROFILE,
        {
          authorization: `Bearer ${signup.body.accessToken}`,
        },
      );
      const auth = { authorization: `Bearer ${written.body.accessToken}` };
      const get = (path: string) => () => fetch(`${app.url}${path}`, { headers: auth });

      row(
        `access-token check, signature + denylist (${label})`,
        await throughput(get("/api/me")),
        bareRate,
      );

      // Each worker rotates its own family: the chain is sequential by nature.
      const chains = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const signin = await fetch(`${app.url}/api/auth/signin`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              email: (await client.get<{ email: string }>("/api/me", auth)).body.email,
              password: GOOD_PASSWORD,
            }),
          });
          return { token: ((await signin.json()) as { refreshToken: string }).refreshToken };
        }),
      );
      let next = 0;
      const refreshRate = await throughput(
        async () => {
          const chain = chains[next++ % chains.length] as { token: string };
          const response = await fetch(`${app.url}/api/auth/refresh`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ refreshToken: chain.token }),
          });
          chain.token = ((await response.json()) as { refreshToken: string }).refreshToken;
          return null;
        },
        { concurrency: 8 },
      );
      row(`refresh with rotation, 8 families (${label})`, refreshRate, bareRate);

      row(`profile GET, cache hit (${label})`, await throughput(get("/api/profile")), bareRate);
      const missRate = await throughput(async () => {
        await app.context.store.del(`profile:${signup.body.userId}`);
        return fetch(`${app.url}/api/profile`, { headers: auth });
      });
      row(`profile GET, cache miss (${label})`, missRate, bareRate);

      row(
        `context GET, cached, 500-doc index (${label})`,
        await throughput(get("/api/personalization/context")),
        bareRate,
      );
      const coldRate = await throughput(
        () => fetch(`${app.url}/api/personalization/refresh`, { method: "POST", headers: auth }),
        { concurrency: 4 },
      );
      row(`context build cold, 500-doc index (${label})`, coldRate, bareRate);
    } finally {
      await app.close();
    }
  }
  await bare.close();
}
