import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CompleteProfile } from "@readerkit/core/profile-schema";
import { EXPERIENCE_LEVELS } from "@readerkit/core/vocabulary";
import fc from "fast-check";
import { composePersonalizationContext } from "./context.ts";
import { mapExpertise } from "./expertise.ts";
import { generateLearningPath } from "./learning-path.ts";
import { levelRank } from "./levels.ts";
import { generateRecommendations, type Recommendation } from "./recommendations.ts";
import { assessDocs } from "./standing.ts";
import { indexArbitrary, profileArbitrary, shuffled } from "./test-arbitraries.ts";

const RUNS = { numRuns: 200 };

function meanDifficulty(recommendations: Recommendation[]): number {
  const total = recommendations.reduce((sum, r) => sum + levelRank(r.difficulty), 0);
  return total / recommendations.length;
}

describe("personalization properties", () => {
  it("the learning path has 3 to 5 distinct chapters when the book has 3 or more", () => {
    fc.assert(
      fc.property(profileArbitrary, indexArbitrary, (profile, index) => {
        const path = generateLearningPath(profile, mapExpertise(profile), index);
        const chapters = new Set(
          index.docs.filter((doc) => doc.kind === "chapter").map((doc) => doc.id),
        );
        const ids = path.nextTopics.map((next) => next.docId);
        if (chapters.size >= 3)
          assert.ok(ids.length >= 3 && ids.length <= 5, `${ids.length} next topics`);
        else assert.equal(ids.length, chapters.size);
        assert.equal(new Set(ids).size, ids.length);
        for (const id of ids) assert.ok(chapters.has(id), `${id} is not a chapter of the index`);
        for (const next of path.nextTopics) assert.ok(next.reason.length > 0);
        for (const gap of path.skillGaps) assert.ok(gap.length > 0);
      }),
      RUNS,
    );
  });

  it("the learning path reads every chapter after its chosen prerequisites", () => {
    fc.assert(
      fc.property(profileArbitrary, indexArbitrary, (profile, index) => {
        const ids = generateLearningPath(profile, mapExpertise(profile), index).nextTopics.map(
          (n) => n.docId,
        );
        const byId = new Map(index.docs.map((doc) => [doc.id, doc]));
        ids.forEach((id, at) => {
          for (const prerequisite of byId.get(id)?.prerequisites ?? []) {
            const before = ids.indexOf(prerequisite);
            assert.ok(before === -1 || before < at, `${prerequisite} comes after ${id}`);
          }
        });
      }),
      RUNS,
    );
  });

  it("recommends at most 5 + 5 existing, reachable, unmastered docs of the right kind, with reasons", () => {
    fc.assert(
      fc.property(profileArbitrary, indexArbitrary, (profile, index) => {
        const expertise = mapExpertise(profile);
        const standings = assessDocs(expertise, index);
        const { chapters, projects } = generateRecommendations(profile, expertise, index);
        assert.ok(chapters.length <= 5 && projects.length <= 5);
        for (const [list, kind] of [
          [chapters, "chapter"],
          [projects, "project"],
        ] as const) {
          assert.equal(new Set(list.map((r) => r.docId)).size, list.length);
          for (const r of list) {
            const standing = standings.get(r.docId);
            assert.ok(standing, `${r.docId} is not in the index`);
            assert.equal(r.kind, kind);
            assert.notEqual(standing.reach, "far");
            assert.equal(standing.mastered, false);
            assert.ok(r.reasons.length > 0 && r.reasons.every((reason) => reason.length > 0));
          }
        }
      }),
      RUNS,
    );
  });

  it("is deterministic, whatever the order of the index", () => {
    fc.assert(
      fc.property(profileArbitrary, indexArbitrary, fc.nat(), (profile, index, seed) => {
        const context = composePersonalizationContext(profile, index);
        assert.deepEqual(composePersonalizationContext(profile, index), context);
        const reordered = composePersonalizationContext(profile, shuffled(index, seed));
        assert.deepEqual(reordered.recommendations, context.recommendations);
        assert.deepEqual(reordered.learningPath, context.learningPath);
      }),
      RUNS,
    );
  });

  /**
   * Monotonicity, precisely: take two profiles equal in everything but the stated experience
   * level. If the less experienced reader is recommended no chapters (projects), neither is the
   * more experienced one; if both are recommended some, the mean difficulty rank of the more
   * experienced reader's is at least the other's.
   */
  it("never recommends easier content to a more experienced reader", () => {
    fc.assert(
      fc.property(profileArbitrary, indexArbitrary, (profile, index) => {
        const atLevel = EXPERIENCE_LEVELS.map((level) => {
          const variant: CompleteProfile = {
            ...profile,
            software: { ...profile.software, experienceLevel: level },
          };
          return generateRecommendations(variant, mapExpertise(variant), index);
        });
        for (let lower = 0; lower < atLevel.length; lower++) {
          for (let higher = lower + 1; higher < atLevel.length; higher++) {
            for (const kind of ["chapters", "projects"] as const) {
              const less = atLevel[lower]?.[kind] ?? [];
              const more = atLevel[higher]?.[kind] ?? [];
              if (less.length === 0) assert.equal(more.length, 0, `${kind}: ${lower} -> ${higher}`);
              else if (more.length > 0)
                assert.ok(
                  meanDifficulty(more) >= meanDifficulty(less),
                  `${kind}: level ${higher} got ${meanDifficulty(more)} < ${meanDifficulty(less)} at level ${lower}`,
                );
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
