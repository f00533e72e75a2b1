/**
 * The mapping file: which column of the source's profiles table holds each field of our software
 * and hardware background (examples/supabase-import/mapping.json). A field left out, or a null
 * column, is simply not set; the result is then checked by the same zod schema as a reader's
 * own profile write, so an import can never store a background the app would refuse.
 */
import { readFile } from "node:fs/promises";
import { type ProfileDraft, profileBackgroundSchema } from "@readerkit/core/profile-schema";
import * as z from "zod";

const column = z.string().regex(/^[a-z_][a-z0-9_]*$/i, { error: "Expected a column name" });

export const mappingSchema = z.strictObject({
  /** The profiles column holding the Supabase user id (auth.users.id). */
  userIdColumn: column.default("id"),
  softwareBackground: z
    .strictObject({
      programmingLanguages: column,
      frameworks: column,
      experienceLevel: column,
      specializations: column,
      yearsOfExperience: column,
      programmingBackground: column,
    })
    .partial()
    .default({}),
  hardwareBackground: z
    .strictObject({
      familiarPlatforms: column,
      roboticsExperience: column,
      electronicsKnowledge: column,
      preferredTools: column,
    })
    .partial()
    .default({}),
});
export type Mapping = z.output<typeof mappingSchema>;

/** Without --mapping: our field names in snake_case, the usual Postgres spelling. */
export const DEFAULT_MAPPING: Mapping = mappingSchema.parse({
  softwareBackground: {
    programmingLanguages: "programming_languages",
    frameworks: "frameworks",
    experienceLevel: "experience_level",
    specializations: "specializations",
    yearsOfExperience: "years_of_experience",
    programmingBackground: "programming_background",
  },
  hardwareBackground: {
    familiarPlatforms: "familiar_platforms",
    roboticsExperience: "robotics_experience",
    electronicsKnowledge: "electronics_knowledge",
    preferredTools: "preferred_tools",
  },
});

export async function readMapping(file: string): Promise<Mapping> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new Error(`--mapping ${file}: ${(error as Error).message}`);
  }
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`--mapping ${file}: ${z.prettifyError(parsed.error).replace(/\n/g, " ")}`);
  }
  return parsed.data;
}

function pick(row: Record<string, unknown>, fields: Record<string, string | undefined>) {
  const out: Record<string, unknown> = {};
  for (const [field, col] of Object.entries(fields)) {
    const value = col === undefined ? undefined : row[col];
    if (value !== undefined && value !== null) out[field] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

export type MappedProfile = { ok: true; draft: ProfileDraft } | { ok: false; reason: string };

/** A source profiles row (as JSON) to our draft, or why it cannot be one. */
export function mapProfile(row: Record<string, unknown>, mapping: Mapping): MappedProfile {
  const parsed = profileBackgroundSchema.safeParse({
    softwareBackground: pick(row, mapping.softwareBackground),
    hardwareBackground: pick(row, mapping.hardwareBackground),
  });
  if (parsed.success) return { ok: true, draft: parsed.data };
  const first = parsed.error.issues[0];
  return {
    ok: false,
    reason: `invalid background: ${first?.path.join(".")}: ${first?.message}`,
  };
}
