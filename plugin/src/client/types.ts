/** The server API's shapes, as the browser sees them. */
import type { HardwareDraft, SoftwareDraft } from "@readerkit/core/profile-schema";

export type Profile = {
  userId: string;
  profileComplete: boolean;
  version: number;
  missingFields: string[];
  softwareBackground: SoftwareDraft | null;
  hardwareBackground: HardwareDraft | null;
};

export type ProfileResponse = { profile: Profile };
export type ProfileWriteResponse = { profile: Profile; accessToken?: string };

export type Reader = {
  id: string;
  email: string;
  name: string;
  image?: string | null;
  /** Whether the reader followed the verification link (EMAIL_VERIFICATION). */
  emailVerified?: boolean;
};

export type NextTopic = { docId: string; title: string; permalink: string; reason: string };
export type RecommendedDoc = {
  docId: string;
  title: string;
  permalink: string;
  kind: string;
  difficulty: string;
  minutes: number;
  reasons: string[];
};

export type PersonalizationContext = {
  persona?: Record<string, unknown>;
  ui?: Record<string, unknown>;
  learningPath?: { currentLevel?: string; nextTopics?: NextTopic[]; skillGaps?: string[] };
  recommendations?: { chapters?: RecommendedDoc[]; projects?: RecommendedDoc[] };
};
