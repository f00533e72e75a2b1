import type { ColumnType, Generated, JSONColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type ProfilesTable = {
  id: Generated<string>;
  user_id: string;
  profile_complete: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type SoftwareBackgroundsTable = {
  user_id: string;
  programming_languages: string[];
  frameworks: string[];
  experience_level: string | null;
  specializations: string[];
  years_of_experience: number | null;
  programming_background: string | null;
  updated_at: Timestamp;
};

export type HardwareBackgroundsTable = {
  user_id: string;
  familiar_platforms: string[];
  robotics_experience: string | null;
  electronics_knowledge: string | null;
  preferred_tools: string[];
  updated_at: Timestamp;
};

export type UserPreferencesTable = {
  user_id: string;
  difficulty: string;
  focus_areas: JSONColumnType<string[]>;
  preferred_platforms: JSONColumnType<string[]>;
  code_language: string;
  platform: string;
  show_beginner_topics: boolean;
  show_advanced_topics: boolean;
  updated_at: Timestamp;
};
