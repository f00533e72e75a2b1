import { join } from "node:path";
import { sql } from "kysely";
import { connectDatabase } from "../server/src/db/connect.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "../tests/harness/http.ts";
import { type BenchServer, secondInstance } from "./bench-server.ts";
import type { Measured } from "./success-criteria.bench.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export async function killDuringSignUps(server: BenchServer): Promise<Measured> {
  // A queue for the whole burst: the subject is the kill, not the overload gate.
  const victim = await secondInstance(server, { PASSWORD_HASH_QUEUE: "100" });
  const emails = Array.from({ length: 40 }, () => uniqueEmail("sc003"));
  const answers = emails.map((email) =>
    fetch(`${victim.url}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: GOOD_PASSWORD }),
    }).then(
      (response) => response.status,
      () => 0,
    ),
  );
  // Half-way: about one sign-up in two has its answer when the process dies.
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  await victim.kill9();
  const statuses = await Promise.all(answers);
  await victim.dispose();
  const acknowledged = emails.filter((_, at) => statuses[at] === 201);
  const database = connectDatabase(server.databaseUrl);
  try {
    const stored = acknowledged.length
      ? await database.admin
          .selectFrom("users")
          .select("email")
          .where("email", "in", acknowledged)
          .execute()
      : [];
    const { rows } = await sql<{ count: string }>`select count(*) as count from users u
      where not exists (select 1 from account a where a."userId" = u.id)`.execute(database.admin);
    const halfMade = Number(rows[0]?.count);
    return {
      id: "SC-003",
      what: "kill -9 during 40 sign-ups: acknowledged ones kept, none half-made",
      result: `${acknowledged.length} acknowledged, ${stored.length} stored, ${halfMade} half-made`,
      met: stored.length === acknowledged.length && halfMade === 0,
    };
  } finally {
    await database.close();
  }
}

export async function movedClock(server: BenchServer): Promise<Measured> {
  const email = uniqueEmail("sc004");
  const browser = new Client(server.url);
  await browser.post("/api/auth/sign-up/email", { email, password: GOOD_PASSWORD, name: "Day" });
  const tokens = await new Client(server.url).post<{ refreshToken: string }>("/api/auth/signin", {
    email,
    password: GOOD_PASSWORD,
  });
  const later = await secondInstance(server, { CLOCK_OFFSET_MS: String(DAY_MS) }, [
    "--import",
    join(import.meta.dirname, "moved-clock.ts"),
  ]);
  try {
    const moved = await (await fetch(`${later.url}/api/health`)).headers.get("date");
    const session = await new Client(later.url).get<{ session?: unknown } | null>(
      "/api/auth/get-session",
      { cookie: browser.cookieHeader() },
    );
    const refreshed = await new Client(later.url).post("/api/auth/refresh", {
      refreshToken: tokens.body.refreshToken,
    });
    const ok = session.status === 200 && Boolean(session.body?.session) && refreshed.status === 200;
    return {
      id: "SC-004",
      what: "a session 24 h later (server clock moved a day ahead)",
      result: `server date ${moved}; cookie session ${session.body?.session ? "valid" : "gone"}, refresh ${refreshed.status}`,
      met: ok,
    };
  } finally {
    await later.dispose();
  }
}
