import type { ContentIndex } from "@readerkit/core/content-index";
import { CODE_LANGUAGES, EXPERIENCE_LEVELS, PLATFORMS } from "@readerkit/core/vocabulary";

const TOPICS = [
  "sensors",
  "actuators",
  "pid",
  "control",
  "kinematics",
  "computer-vision",
  "opencv",
  "ros2",
  "slam",
  "navigation",
  "state-estimation",
  "kalman-filter",
  "machine-learning",
  "embedded",
  "electronics",
  "motors",
  "imu",
];

/** A deterministic book of `count` docs with a prerequisite DAG (each doc needs up to 2 earlier ones). */
export function syntheticIndex(count: number): ContentIndex {
  const docs = Array.from({ length: count }, (_, i) => {
    const id = `doc-${i}`;
    return {
      id,
      title: `Doc ${i}`,
      description: `Synthetic doc ${i}`,
      permalink: `/bench/${id}`,
      kind: i % 4 === 3 ? ("project" as const) : ("chapter" as const),
      difficulty: EXPERIENCE_LEVELS[Math.min(3, Math.floor((i / count) * 4))] ?? "beginner",
      topics: [
        TOPICS[i % TOPICS.length] ?? "sensors",
        TOPICS[(i * 7 + 3) % TOPICS.length] ?? "control",
      ].filter((topic, index, all) => all.indexOf(topic) === index),
      languages: [CODE_LANGUAGES[i % 2] ?? "python"],
      platforms: [PLATFORMS[i % PLATFORMS.length] ?? "raspberry-pi"],
      prerequisites:
        i === 0
          ? []
          : [`doc-${Math.floor(i / 2)}`, ...(i > 3 ? [`doc-${i - 3}`] : [])].filter(
              (p, k, all) => all.indexOf(p) === k && p !== id,
            ),
      minutes: 10 + (i % 50),
    };
  });
  return { version: 1, docs };
}
