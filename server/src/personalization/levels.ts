/**
 * Experience levels as numbers, so rules can say "one step above" and scores can subtract.
 * beginner = 0, intermediate = 1, advanced = 2, expert = 3 (the order of EXPERIENCE_LEVELS).
 */
import { EXPERIENCE_LEVELS, type ExperienceLevel } from "@readerkit/core/vocabulary";

export const MAX_LEVEL_RANK = EXPERIENCE_LEVELS.length - 1;

export function levelRank(level: ExperienceLevel): number {
  return EXPERIENCE_LEVELS.indexOf(level);
}

/** The level at `rank`, clamped to beginner..expert. */
export function levelAt(rank: number): ExperienceLevel {
  const clamped = Math.min(MAX_LEVEL_RANK, Math.max(0, Math.trunc(rank)));
  return EXPERIENCE_LEVELS[clamped] ?? "beginner";
}

export function shiftLevel(level: ExperienceLevel, steps: number): ExperienceLevel {
  return levelAt(levelRank(level) + steps);
}

export function atLeast(level: ExperienceLevel, floor: ExperienceLevel): boolean {
  return levelRank(level) >= levelRank(floor);
}
