import type { Transaction } from "kysely";
import type { Database } from "../db/database.ts";

export type ProfileRecord = {
  userId: string;
  profileComplete: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  software: {
    programmingLanguages: string[];
    frameworks: string[];
    experienceLevel: string | null;
    specializations: string[];
    yearsOfExperience: number | null;
    programmingBackground: string | null;
  } | null;
  hardware: {
    familiarPlatforms: string[];
    roboticsExperience: string | null;
    electronicsKnowledge: string | null;
    preferredTools: string[];
  } | null;
};

/** The complete profile in one query (two left joins). Run inside withUserContext: RLS applies. */
export async function findProfile(
  trx: Transaction<Database>,
  userId: string,
): Promise<ProfileRecord | null> {
  const row = await trx
    .selectFrom("profiles as p")
    .leftJoin("software_backgrounds as s", "s.user_id", "p.user_id")
    .leftJoin("hardware_backgrounds as h", "h.user_id", "p.user_id")
    .select([
      "p.user_id",
      "p.profile_complete",
      "p.version",
      "p.created_at",
      "p.updated_at",
      "s.user_id as s_user_id",
      "s.programming_languages",
      "s.frameworks",
      "s.experience_level",
      "s.specializations",
      "s.years_of_experience",
      "s.programming_background",
      "h.user_id as h_user_id",
      "h.familiar_platforms",
      "h.robotics_experience",
      "h.electronics_knowledge",
      "h.preferred_tools",
    ])
    .where("p.user_id", "=", userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    userId: row.user_id,
    profileComplete: row.profile_complete,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    software: row.s_user_id
      ? {
          programmingLanguages: row.programming_languages ?? [],
          frameworks: row.frameworks ?? [],
          experienceLevel: row.experience_level,
          specializations: row.specializations ?? [],
          yearsOfExperience: row.years_of_experience,
          programmingBackground: row.programming_background,
        }
      : null,
    hardware: row.h_user_id
      ? {
          familiarPlatforms: row.familiar_platforms ?? [],
          roboticsExperience: row.robotics_experience,
          electronicsKnowledge: row.electronics_knowledge,
          preferredTools: row.preferred_tools ?? [],
        }
      : null,
  };
}
