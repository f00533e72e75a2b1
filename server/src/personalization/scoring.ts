/**
 * How well a doc suits a reader: a score to rank by and the reasons, in plain words.
 *
 * score = interest + fit, in whole numbers (no rounding can break a tie differently).
 *
 * interest does not depend on the reader's level: it counts specialization topics the doc covers,
 * frameworks it uses that the reader knows, a code language and a board the reader has, and
 * whether its prerequisites are met. It only reads the level-free parts of the expertise.
 *
 * fit = -(4 (d - L) - 1)^2 for doc difficulty d and reader level L (both 0..3): the doc at the
 * reader's level scores -1, one step up -9, one step down -25, two up -49, two down -81...
 * So a stretch is preferred to a review, and distance costs more the further it goes.
 *
 * Why a more experienced reader is never recommended easier content: expanding the square,
 * fit = 32 d L + (terms in d alone) + (terms in L alone). For two docs with d_b > d_a, the gap
 * score_b - score_a therefore grows by 32 (d_b - d_a) > 0 with each level step, and interest does
 * not move at all. So raising the level can only swap a harder doc above an easier one, never the
 * reverse (ties are broken by id, which does not move either). Over a fixed set of candidates,
 * every doc that enters the top five on a level step is harder than every doc that leaves it, so
 * the mean difficulty of the top five cannot go down. recommendations.ts keeps the candidate set
 * level-independent for that reason.
 */
import type { ContentDoc } from "@readerkit/core/content-index";
import type { Expertise } from "./expertise.ts";
import { LANGUAGE_LABELS, PLATFORM_LABELS, spokenList, topicPhrase } from "./known-topics.ts";
import { levelRank } from "./levels.ts";
import type { DocStanding } from "./standing.ts";

export const WEIGHTS = {
  focusTopic: 12,
  frameworkTopic: 5,
  codeLanguage: 6,
  noCodeLanguage: -4,
  board: 6,
  ready: 8,
} as const;

export type ScoredDoc = { doc: ContentDoc; score: number; reasons: string[] };

/** Difficulty fit of a doc at rank `docRank` for a reader at rank `readerRank` (see above). */
export function difficultyFit(docRank: number, readerRank: number): number {
  const gap = 4 * (docRank - readerRank) - 1;
  return -(gap * gap);
}

/** Higher score first, then id: a total order, so rankings are deterministic. */
export function compareScored(a: ScoredDoc, b: ScoredDoc): number {
  return b.score - a.score || (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0);
}

type Lookup = (id: string) => ContentDoc | undefined;

export function scoreDoc(
  doc: ContentDoc,
  standing: DocStanding,
  expertise: Expertise,
  lookup: Lookup,
): ScoredDoc {
  const reasons: string[] = [];
  let interest = 0;

  const focusMatches = doc.topics.filter((topic) => expertise.focusTopics.includes(topic));
  interest += WEIGHTS.focusTopic * focusMatches.length;
  if (focusMatches.length > 0) {
    const phrases = focusMatches.slice(0, 2).map(topicPhrase);
    reasons.push(
      `Covers ${spokenList(phrases)}, ${phrases.length === 1 ? "one of your interests" : "which interest you"}`,
    );
  }

  const frameworks = expertise.software.frameworks.filter((skill) =>
    skill.topics.some((topic) => doc.topics.includes(topic)),
  );
  const frameworkMatches = doc.topics.filter((topic) =>
    frameworks.some((skill) => skill.topics.includes(topic)),
  );
  interest += WEIGHTS.frameworkTopic * frameworkMatches.length;
  if (frameworks.length > 0) {
    const names = frameworks.slice(0, 2).map((skill) => skill.name);
    reasons.push(`Uses ${spokenList(names)}, which you know`);
  }

  const titles = (ids: string[]) => ids.slice(0, 2).map((id) => lookup(id)?.title ?? id);
  if (standing.reach === "ready") {
    interest += WEIGHTS.ready;
    reasons.push(
      doc.prerequisites.length === 0
        ? "No prerequisites: a good place to start"
        : `Next step after ${spokenList(titles(standing.metPrerequisites))}`,
    );
  } else {
    reasons.push(`Read ${spokenList(titles(standing.unmetPrerequisites))} first`);
  }

  reasons.push(levelReason(doc, standing, expertise));

  const board = expertise.hardware.boards.find((platform) => doc.platforms.includes(platform));
  if (board) {
    interest += WEIGHTS.board;
    reasons.push(`Has setup for your ${PLATFORM_LABELS[board]}`);
  }

  const language = expertise.software.codeLanguages.find((code) => doc.languages.includes(code));
  if (language) {
    interest += WEIGHTS.codeLanguage;
    reasons.push(`Code in ${LANGUAGE_LABELS[language]}`);
  } else if (doc.languages.length > 0) {
    interest += WEIGHTS.noCodeLanguage;
  }

  const fit = difficultyFit(levelRank(doc.difficulty), levelRank(expertise.level));
  return { doc, score: interest + fit, reasons };
}

function levelReason(doc: ContentDoc, standing: DocStanding, expertise: Expertise): string {
  const gap = levelRank(doc.difficulty) - levelRank(expertise.level);
  if (gap === 0) return `Matches your level (${expertise.level})`;
  if (gap === 1) return `A step up from your level (${expertise.level})`;
  if (gap > 1)
    return `A challenge: ${doc.difficulty} material, above your level (${expertise.level})`;
  return standing.known
    ? `A quick review of topics you know (${doc.difficulty})`
    : `Below your level (${expertise.level}), but covers topics new to you`;
}
