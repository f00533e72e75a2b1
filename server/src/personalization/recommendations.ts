/**
 * The top five chapters and top five projects for a reader, each with its reasons.
 *
 * Candidates: docs within reach (prerequisites met, or unmet ones only one step away) whose topics
 * are not all known to the reader. Only when no such doc exists do we fall back to docs whose
 * topics the reader knows, and then never to one they have mastered.
 *
 * The candidate set in the usual case does not depend on the level at all (known and reach are
 * level-free), so the argument in scoring.ts applies as is. In the fallback, the candidates are
 * the known docs at or above the reader's level: a level step only drops the easiest of them.
 * Dropping docs that are no harder than every doc kept cannot lower the mean difficulty either.
 * Hence: for two readers who differ only in experience level, the more experienced one's
 * recommended chapters (and projects) have a mean difficulty at least as high, and when the less
 * experienced one gets none, so does the more experienced one.
 */
import type { ContentDoc, ContentIndex } from "@readerkit/core/content-index";
import type { CompleteProfile } from "@readerkit/core/profile-schema";
import type { ContentKind, ExperienceLevel } from "@readerkit/core/vocabulary";
import type { Expertise } from "./expertise.ts";
import { compareScored, scoreDoc } from "./scoring.ts";
import { assessDocs, type Standings } from "./standing.ts";

export const RECOMMENDATIONS_PER_KIND = 5;

export type Recommendation = {
  docId: string;
  title: string;
  permalink: string;
  kind: ContentKind;
  difficulty: ExperienceLevel;
  minutes: number;
  score: number;
  reasons: string[];
};

export type Recommendations = { chapters: Recommendation[]; projects: Recommendation[] };

/** The docs of `kind` a reader may be recommended (see the header comment). */
export function recommendationCandidates(
  kind: ContentKind,
  index: ContentIndex,
  standings: Standings,
): ContentDoc[] {
  const reachable = index.docs.filter((doc) => {
    const standing = standings.get(doc.id);
    return doc.kind === kind && standing !== undefined && standing.reach !== "far";
  });
  const fresh = reachable.filter((doc) => !standings.get(doc.id)?.known);
  if (fresh.length > 0) return fresh;
  return reachable.filter((doc) => !standings.get(doc.id)?.mastered);
}

export function rankDocs(
  docs: readonly ContentDoc[],
  standings: Standings,
  expertise: Expertise,
  index: ContentIndex,
) {
  const byId = new Map(index.docs.map((doc) => [doc.id, doc]));
  const lookup = (id: string) => byId.get(id);
  return docs
    .flatMap((doc) => {
      const standing = standings.get(doc.id);
      return standing ? [scoreDoc(doc, standing, expertise, lookup)] : [];
    })
    .sort(compareScored);
}

function topOfKind(
  kind: ContentKind,
  expertise: Expertise,
  index: ContentIndex,
  standings: Standings,
): Recommendation[] {
  const candidates = recommendationCandidates(kind, index, standings);
  return rankDocs(candidates, standings, expertise, index)
    .slice(0, RECOMMENDATIONS_PER_KIND)
    .map(({ doc, score, reasons }) => ({
      docId: doc.id,
      title: doc.title,
      permalink: doc.permalink,
      kind: doc.kind,
      difficulty: doc.difficulty,
      minutes: doc.minutes,
      score,
      reasons,
    }));
}

/**
 * Top chapters and projects, best first (ties broken by id). `profile` is the source of
 * `expertise`; everything the ranking needs is read from the expertise.
 */
export function generateRecommendations(
  profile: CompleteProfile,
  expertise: Expertise,
  index: ContentIndex,
): Recommendations {
  void profile;
  const standings = assessDocs(expertise, index);
  return {
    chapters: topOfKind("chapter", expertise, index, standings),
    projects: topOfKind("project", expertise, index, standings),
  };
}
