import type { HardwareDraft, SoftwareDraft } from "@readerkit/core/profile-schema";
import type { Transaction } from "kysely";
import type { Database } from "../db/database.ts";

/** Write side of the profile repository: every function takes the caller's transaction. */

export async function lockProfileVersion(trx: Transaction<Database>, userId: string) {
  const row = await trx
    .selectFrom("profiles")
    .select(["version"])
    .where("user_id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  return row?.version ?? null;
}

export async function insertProfileRow(
  trx: Transaction<Database>,
  userId: string,
  complete: boolean,
) {
  await trx
    .insertInto("profiles")
    .values({ user_id: userId, profile_complete: complete })
    .execute();
}

export async function bumpProfileRow(
  trx: Transaction<Database>,
  userId: string,
  version: number,
  complete: boolean,
) {
  await trx
    .updateTable("profiles")
    .set({ version: version + 1, profile_complete: complete, updated_at: new Date() })
    .where("user_id", "=", userId)
    .execute();
}

/** A software background as its table's columns (the import writes them too). */
export function softwareColumns(software: SoftwareDraft) {
  return {
    programming_languages: software.programmingLanguages,
    frameworks: software.frameworks,
    experience_level: software.experienceLevel,
    specializations: software.specializations,
    years_of_experience: software.yearsOfExperience,
    programming_background: software.programmingBackground,
  };
}

/** A hardware background as its table's columns (the import writes them too). */
export function hardwareColumns(hardware: HardwareDraft) {
  return {
    familiar_platforms: hardware.familiarPlatforms,
    robotics_experience: hardware.roboticsExperience,
    electronics_knowledge: hardware.electronicsKnowledge,
    preferred_tools: hardware.preferredTools,
  };
}

export async function upsertSoftware(
  trx: Transaction<Database>,
  userId: string,
  software: SoftwareDraft,
) {
  const values = { ...softwareColumns(software), updated_at: new Date() };
  await trx
    .insertInto("software_backgrounds")
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(values))
    .execute();
}

export async function upsertHardware(
  trx: Transaction<Database>,
  userId: string,
  hardware: HardwareDraft,
) {
  const values = { ...hardwareColumns(hardware), updated_at: new Date() };
  await trx
    .insertInto("hardware_backgrounds")
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(values))
    .execute();
}

export async function insertAudit(
  trx: Transaction<Database>,
  row: {
    userId: string;
    actorId: string;
    action: "create" | "update" | "delete";
    oldValues: unknown;
    newValues: unknown;
  },
) {
  await trx
    .insertInto("audit_logs")
    .values({
      user_id: row.userId,
      actor_id: row.actorId,
      action: row.action,
      entity: "profile",
      old_values: row.oldValues === null ? null : JSON.stringify(row.oldValues),
      new_values: row.newValues === null ? null : JSON.stringify(row.newValues),
    })
    .execute();
}
