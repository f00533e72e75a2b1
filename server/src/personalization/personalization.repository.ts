import type { Transaction } from "kysely";
import type { Database } from "../db/database.ts";
import type { ContentPreferences } from "./preferences.ts";
import type { UIAdaptations } from "./ui-adaptations.ts";

/** Upserts the reader's derived preferences (RLS: inside withUserContext for that reader). */
export async function upsertPreferences(
  trx: Transaction<Database>,
  userId: string,
  preferences: ContentPreferences,
  ui: UIAdaptations,
) {
  const values = {
    difficulty: preferences.difficulty,
    focus_areas: JSON.stringify(preferences.focusAreas),
    preferred_platforms: JSON.stringify(preferences.preferredPlatforms),
    code_language: ui.codeLanguage,
    platform: ui.platform,
    show_beginner_topics: preferences.showBeginnerTopics,
    show_advanced_topics: preferences.showAdvancedTopics,
    updated_at: new Date(),
  };
  await trx
    .insertInto("user_preferences")
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(values))
    .execute();
}
