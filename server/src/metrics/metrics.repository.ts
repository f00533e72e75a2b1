import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { transaction, withUserContext } from "../db/transaction.ts";

export type Counts = { activeSessions: number; users: number; completeProfiles: number };

/**
 * The counts the metrics report, in one round trip. Profiles sit behind row-level security, so
 * the transaction takes the admin flag: only totals leave it, never a row.
 */
export function readCounts(db: Kysely<Database>): Promise<Counts> {
  return transaction(db, async (trx) => {
    await withUserContext(trx, { userId: null, isAdmin: true });
    const row = await trx
      .selectNoFrom((eb) => [
        // Sessions of both APIs (the token API opens a Better Auth session for each sign-in);
        // sign-out, bans and reuse delete theirs, so unexpired rows are the live ones.
        eb
          .selectFrom("session")
          .select(eb.fn.countAll<string>().as("n"))
          .where("expiresAt", ">", new Date())
          .as("active_sessions"),
        eb.selectFrom("users").select(eb.fn.countAll<string>().as("n")).as("users"),
        eb
          .selectFrom("profiles")
          .select(eb.fn.countAll<string>().as("n"))
          .where("profile_complete", "=", true)
          .as("complete_profiles"),
      ])
      .executeTakeFirstOrThrow();
    return {
      activeSessions: Number(row.active_sessions),
      users: Number(row.users),
      completeProfiles: Number(row.complete_profiles),
    };
  });
}
