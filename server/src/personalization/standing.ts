/**
 * Where a reader stands with each doc. We do not track reading progress, so this is inferred from
 * the topics the reader knows (see expertise.ts), which never depend on their level:
 *
 * - known: the reader knows every topic the doc teaches.
 * - met: the reader knows most of them (more than half). A met prerequisite does not hold the
 *   reader back, whatever its difficulty: what is left they pick up on the way.
 * - mastered: known, and easier than the reader's level: nothing left to learn there. This is the
 *   only part that depends on the level.
 * - reach: "ready" when every prerequisite is met; "one-step" when some are not, but each unmet
 *   prerequisite has all of its own prerequisites met (so the reader can read it first);
 *   "far" otherwise. Never recommended when far.
 */
import type { ContentDoc, ContentIndex } from "@readerkit/core/content-index";
import type { Expertise } from "./expertise.ts";
import { levelRank } from "./levels.ts";

export type Reach = "ready" | "one-step" | "far";

export type DocStanding = {
  known: boolean;
  met: boolean;
  mastered: boolean;
  reach: Reach;
  metPrerequisites: string[];
  unmetPrerequisites: string[];
};

export type Standings = Map<string, DocStanding>;

export function assessDocs(expertise: Expertise, index: ContentIndex): Standings {
  const known = new Set(expertise.knownTopics);
  const level = levelRank(expertise.level);
  const byId = new Map(index.docs.map((doc) => [doc.id, doc]));
  const knownCount = (doc: ContentDoc) => doc.topics.filter((topic) => known.has(topic)).length;
  const isMet = (doc: ContentDoc | undefined): boolean =>
    doc !== undefined && 2 * knownCount(doc) > doc.topics.length;
  const standings: Standings = new Map();
  for (const doc of index.docs) {
    const all = knownCount(doc) === doc.topics.length;
    const metPrerequisites = doc.prerequisites.filter((id) => isMet(byId.get(id)));
    const unmetPrerequisites = doc.prerequisites.filter((id) => !isMet(byId.get(id)));
    const oneStep = unmetPrerequisites.every((id) =>
      (byId.get(id)?.prerequisites ?? []).every((grand) => isMet(byId.get(grand))),
    );
    standings.set(doc.id, {
      known: all,
      met: isMet(doc),
      mastered: all && levelRank(doc.difficulty) < level,
      reach: unmetPrerequisites.length === 0 ? "ready" : oneStep ? "one-step" : "far",
      metPrerequisites,
      unmetPrerequisites,
    });
  }
  return standings;
}

/** Easiest first: difficulty, then reading time, then id (ids are unique, so this is total). */
export function compareEasiest(a: ContentDoc, b: ContentDoc): number {
  return (
    levelRank(a.difficulty) - levelRank(b.difficulty) ||
    a.minutes - b.minutes ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Every doc after its prerequisites; among the docs whose prerequisites are all placed, the
 * easiest comes first. The index is acyclic (contentIndexSchema checks it), so all docs appear.
 */
export function prerequisiteOrder(index: ContentIndex): ContentDoc[] {
  const waiting = new Map(index.docs.map((doc) => [doc.id, new Set(doc.prerequisites)]));
  const placed: ContentDoc[] = [];
  const remaining = [...index.docs];
  while (remaining.length > 0) {
    const available = remaining.filter((doc) => (waiting.get(doc.id)?.size ?? 0) === 0);
    // A cycle cannot happen in a validated index; placing the easiest keeps this total anyway.
    const next = (available.length > 0 ? available : remaining).sort(compareEasiest)[0];
    if (!next) break;
    placed.push(next);
    remaining.splice(remaining.indexOf(next), 1);
    for (const prerequisites of waiting.values()) prerequisites.delete(next.id);
  }
  return placed;
}
