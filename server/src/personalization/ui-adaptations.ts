/**
 * How the pages adapt for a reader: which code tab and board opens first, and which notes show.
 * The plugin bakes every variant into the static HTML; these values pick among them.
 */
import type { ContentIndex } from "@readerkit/core/content-index";
import type { CompleteProfile } from "@readerkit/core/profile-schema";
import {
  type CodeLanguage,
  DEFAULT_PERSONA,
  type Platform,
  toCodeLanguage,
  toPlatform,
} from "@readerkit/core/vocabulary";
import { mapHardwareExpertise, mapSoftwareExpertise } from "./expertise.ts";
import { atLeast } from "./levels.ts";

export type UIAdaptations = {
  codeLanguage: CodeLanguage;
  platform: Platform;
  showCodeExamples: boolean;
  showHardwareSetup: boolean;
  showBeginnerTips: boolean;
  showAdvancedNotes: boolean;
};

/**
 * - codeLanguage: the first of the reader's languages the book has code in (some doc lists it in
 *   `languages`), else python. platform: likewise with boards and `platforms`, else raspberry-pi.
 * - showCodeExamples: hidden only for a beginner with no programming background, who gets the
 *   explanation first (the code stays one click away).
 * - showHardwareSetup: shown up to an intermediate hardware level (setup is where newcomers get
 *   stuck), and for anyone whose board the book covers; hidden for experienced builders whose
 *   board the book does not cover, since the steps would be for someone else's board.
 * - tips up to intermediate, advanced notes from advanced on (the effective software level).
 */
export function buildUIAdaptations(profile: CompleteProfile, index: ContentIndex): UIAdaptations {
  const software = mapSoftwareExpertise(profile.software);
  const hardware = mapHardwareExpertise(profile.hardware);
  const bookLanguages = new Set(index.docs.flatMap((doc) => doc.languages));
  const bookPlatforms = new Set(index.docs.flatMap((doc) => doc.platforms));
  const codeLanguage = profile.software.programmingLanguages
    .map(toCodeLanguage)
    .find((code): code is CodeLanguage => code !== null && bookLanguages.has(code));
  const platform = profile.hardware.familiarPlatforms
    .map(toPlatform)
    .find((board): board is Platform => board !== null && bookPlatforms.has(board));
  const advanced = atLeast(software.level, "advanced");
  return {
    codeLanguage: codeLanguage ?? DEFAULT_PERSONA.language,
    platform: platform ?? DEFAULT_PERSONA.platform,
    showCodeExamples: !(
      software.level === "beginner" && profile.software.programmingBackground === "none"
    ),
    showHardwareSetup: !atLeast(hardware.level, "advanced") || platform !== undefined,
    showBeginnerTips: !advanced,
    showAdvancedNotes: advanced,
  };
}
