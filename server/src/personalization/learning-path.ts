/**
 * The reader's learning path: their level, the next 3 to 5 chapters to read, in reading order,
 * and the skills those chapters need that the reader's background lacks.
 *
 * 1. Candidates are chapters within reach (see standing.ts) whose topics are not all known,
 *    ranked like recommendations: level fit plus specializations, frameworks, language, board.
 * 2. Taking candidates best first, a chapter brings its unmet prerequisite chapters along (they
 *    are read first), as long as the path stays within five.
 * 3. With fewer than three, the path is filled with the easiest remaining chapters in
 *    prerequisite order (chapters not mastered first), so an index with three or more chapters
 *    always yields three to five.
 * 4. The chosen chapters are put in reading order: each after its prerequisites, otherwise best
 *    first.
 */
import type { ContentDoc, ContentIndex } from "@readerkit/core/content-index";
import type { CompleteProfile } from "@readerkit/core/profile-schema";
import type { ExperienceLevel } from "@readerkit/core/vocabulary";
import type { Expertise } from "./expertise.ts";
import { LANGUAGE_LABELS, topicLabel } from "./known-topics.ts";
import { rankDocs } from "./recommendations.ts";
import { assessDocs, prerequisiteOrder, type Standings } from "./standing.ts";

export const MIN_NEXT_TOPICS = 3;
export const MAX_NEXT_TOPICS = 5;
const MAX_SKILL_GAPS = 10;

export type NextTopic = {
  docId: string;
  title: string;
  permalink: string;
  topics: string[];
  reason: string;
};

export type LearningPath = {
  currentLevel: ExperienceLevel;
  nextTopics: NextTopic[];
  /** Plain-words skills the next topics need that the reader's background lacks. */
  skillGaps: string[];
};

type Pick = { doc: ContentDoc; reason: string };

function selectByRank(expertise: Expertise, index: ContentIndex, standings: Standings): Pick[] {
  const candidates = index.docs.filter((doc) => {
    const standing = standings.get(doc.id);
    return doc.kind === "chapter" && standing && standing.reach !== "far" && !standing.known;
  });
  const byId = new Map(index.docs.map((doc) => [doc.id, doc]));
  const picks: Pick[] = [];
  const chosen = new Set<string>();
  for (const { doc, reasons } of rankDocs(candidates, standings, expertise, index)) {
    if (picks.length >= MAX_NEXT_TOPICS) break;
    if (chosen.has(doc.id)) continue;
    const before = (standings.get(doc.id)?.unmetPrerequisites ?? [])
      .map((id) => byId.get(id))
      .filter((prerequisite): prerequisite is ContentDoc => prerequisite?.kind === "chapter")
      .filter((prerequisite) => !chosen.has(prerequisite.id));
    if (picks.length + before.length + 1 > MAX_NEXT_TOPICS) continue;
    for (const prerequisite of before) {
      picks.push({ doc: prerequisite, reason: `Needed before ${doc.title}` });
      chosen.add(prerequisite.id);
    }
    picks.push({ doc, reason: reasons.slice(0, 2).join("; ") });
    chosen.add(doc.id);
  }
  return picks;
}

function fillToMinimum(
  picks: Pick[],
  expertise: Expertise,
  index: ContentIndex,
  standings: Standings,
): Pick[] {
  const chosen = new Set(picks.map((pick) => pick.doc.id));
  const remaining = prerequisiteOrder(index).filter(
    (doc) => doc.kind === "chapter" && !chosen.has(doc.id),
  );
  const mastered = (doc: ContentDoc) => standings.get(doc.id)?.mastered === true;
  const fill = [...remaining.filter((doc) => !mastered(doc)), ...remaining.filter(mastered)].slice(
    0,
    Math.max(0, MIN_NEXT_TOPICS - picks.length),
  );
  const ranked = rankDocs(fill, standings, expertise, index);
  const reasonOf = new Map(
    ranked.map(({ doc, reasons }) => [doc.id, reasons.slice(0, 2).join("; ")]),
  );
  return [...picks, ...fill.map((doc) => ({ doc, reason: reasonOf.get(doc.id) ?? "" }))];
}

/** Each pick after its picked prerequisites; otherwise in the order they were picked. */
function readingOrder(picks: Pick[]): Pick[] {
  const pending = [...picks];
  const ordered: Pick[] = [];
  const placed = new Set<string>();
  const picked = new Set(picks.map((pick) => pick.doc.id));
  while (pending.length > 0) {
    const at = pending.findIndex((pick) =>
      pick.doc.prerequisites.every((id) => placed.has(id) || !picked.has(id)),
    );
    const [next] = pending.splice(Math.max(at, 0), 1);
    if (!next) break;
    ordered.push(next);
    placed.add(next.doc.id);
  }
  return ordered;
}

function skillGapsOf(docs: ContentDoc[], expertise: Expertise): string[] {
  const known = new Set(expertise.knownTopics);
  const gaps: string[] = [];
  for (const doc of docs) {
    for (const topic of doc.topics) if (!known.has(topic)) gaps.push(topicLabel(topic));
    const [firstLanguage] = doc.languages;
    const speaksOne = doc.languages.some((code) => expertise.software.codeLanguages.includes(code));
    if (firstLanguage && !speaksOne) gaps.push(`Programming in ${LANGUAGE_LABELS[firstLanguage]}`);
  }
  return [...new Set(gaps)].slice(0, MAX_SKILL_GAPS);
}

/** `profile` is the source of `expertise`; the path is read from the expertise and the index. */
export function generateLearningPath(
  profile: CompleteProfile,
  expertise: Expertise,
  index: ContentIndex,
): LearningPath {
  void profile;
  const standings = assessDocs(expertise, index);
  const picks = readingOrder(
    fillToMinimum(selectByRank(expertise, index, standings), expertise, index, standings),
  );
  return {
    currentLevel: expertise.level,
    nextTopics: picks.map(({ doc, reason }) => ({
      docId: doc.id,
      title: doc.title,
      permalink: doc.permalink,
      topics: doc.topics,
      reason,
    })),
    skillGaps: skillGapsOf(
      picks.map((pick) => pick.doc),
      expertise,
    ),
  };
}
