/**
 * fast-check generators for the personalization property tests: valid reader profiles and valid
 * content indexes with random prerequisite DAGs of 3 to 40 docs, in random order.
 */

import type { ContentDoc, ContentIndex } from "@readerkit/core/content-index";
import {
  type CompleteProfile,
  hardwareBackgroundSchema,
  softwareBackgroundSchema,
} from "@readerkit/core/profile-schema";
import {
  CODE_LANGUAGES,
  CONTENT_KINDS,
  ELECTRONICS_KNOWLEDGE,
  EXPERIENCE_LEVELS,
  PLATFORMS,
  PROGRAMMING_BACKGROUNDS,
  ROBOTICS_EXPERIENCE,
} from "@readerkit/core/vocabulary";
import fc from "fast-check";
import { makeIndex } from "./test-fixtures.ts";

const LANGUAGES = ["Python", "C++", "Rust", "JavaScript", "Go", "C", "Java", "Julia"];
const FRAMEWORKS = ["ROS 2", "OpenCV", "PyTorch", "Gazebo", "Nav2", "Drake", "TensorFlow"];
const SPECIALIZATIONS = [
  "Computer Vision",
  "SLAM",
  "control systems",
  "ML",
  "embedded",
  "kinematics",
  "Swarm Robotics",
];
const BOARDS = ["Raspberry Pi 5", "Arduino", "Jetson Orin Nano", "ESP32", "Pico"];
/** Topics the profiles above can know, plus some nobody knows. */
const TOPICS = [
  "physical-ai",
  "sensors",
  "actuators",
  "motors",
  "electronics",
  "pid",
  "imu",
  "kinematics",
  "control",
  "computer-vision",
  "opencv",
  "ros2",
  "navigation",
  "state-estimation",
  "slam",
  "machine-learning",
  "embedded",
  "swarm-robotics",
  "haptics",
  "legged-locomotion",
];

export const profileArbitrary: fc.Arbitrary<CompleteProfile> = fc
  .record({
    programmingLanguages: fc.shuffledSubarray(LANGUAGES, { minLength: 1, maxLength: 4 }),
    frameworks: fc.shuffledSubarray(FRAMEWORKS, { maxLength: 3 }),
    experienceLevel: fc.constantFrom(...EXPERIENCE_LEVELS),
    specializations: fc.shuffledSubarray(SPECIALIZATIONS, { maxLength: 3 }),
    yearsOfExperience: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
    programmingBackground: fc.option(fc.constantFrom(...PROGRAMMING_BACKGROUNDS), {
      nil: undefined,
    }),
    familiarPlatforms: fc.shuffledSubarray(BOARDS, { minLength: 1, maxLength: 3 }),
    roboticsExperience: fc.constantFrom(...ROBOTICS_EXPERIENCE),
    electronicsKnowledge: fc.constantFrom(...ELECTRONICS_KNOWLEDGE),
  })
  .map(({ familiarPlatforms, roboticsExperience, electronicsKnowledge, ...software }) => ({
    software: softwareBackgroundSchema.parse(
      Object.fromEntries(Object.entries(software).filter(([, value]) => value !== undefined)),
    ),
    hardware: hardwareBackgroundSchema.parse({
      familiarPlatforms,
      roboticsExperience,
      electronicsKnowledge,
      preferredTools: [],
    }),
  }));

const docShape = fc.record({
  kind: fc.constantFrom(...CONTENT_KINDS),
  difficulty: fc.constantFrom(...EXPERIENCE_LEVELS),
  topics: fc.shuffledSubarray(TOPICS, { minLength: 1, maxLength: 4 }),
  languages: fc.subarray([...CODE_LANGUAGES], { maxLength: 2 }),
  platforms: fc.subarray([...PLATFORMS], { maxLength: 3 }),
  minutes: fc.integer({ min: 1, max: 600 }),
  /** Picks among the docs generated before this one, so the prerequisites form a DAG. */
  prerequisiteSeeds: fc.array(fc.nat(), { maxLength: 3 }),
});

export const indexArbitrary: fc.Arbitrary<ContentIndex> = fc
  .integer({ min: 3, max: 40 })
  .chain((size) =>
    fc.tuple(
      fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/), {
        minLength: size,
        maxLength: size,
      }),
      fc.array(docShape, { minLength: size, maxLength: size }),
      fc.array(fc.nat(), { minLength: size, maxLength: size }),
    ),
  )
  .map(([ids, shapes, orderKeys]) => {
    const docs: ContentDoc[] = shapes.map(({ prerequisiteSeeds, ...shape }, at) => {
      const id = ids[at] ?? `doc-${at}`;
      const prerequisites =
        at === 0 ? [] : [...new Set(prerequisiteSeeds.map((seed) => ids[seed % at] ?? ""))];
      return {
        id,
        title: `Doc ${id}`,
        description: "",
        permalink: `/docs/${id}`,
        ...shape,
        prerequisites,
      };
    });
    // Index order unrelated to prerequisite order or ids.
    const order = docs.map((doc, at) => ({ doc, key: orderKeys[at] ?? 0, at }));
    order.sort((a, b) => a.key - b.key || a.at - b.at);
    return makeIndex(order.map(({ doc }) => doc));
  });

/** The same index with its docs in another order. */
export function shuffled(index: ContentIndex, seed: number): ContentIndex {
  const keyed = index.docs.map((doc, at) => ({ doc, key: (at * 7919 + seed * 104729) % 1000003 }));
  keyed.sort((a, b) => a.key - b.key);
  return makeIndex(keyed.map(({ doc }) => doc));
}
