/**
 * Test data for the personalization tests: a small book shaped like the Physical AI textbook
 * (fixed here, so tests do not move while the real book is being written) and a profile builder.
 */
import {
  type ContentDoc,
  type ContentIndex,
  contentIndexSchema,
} from "@readerkit/core/content-index";
import type {
  CompleteProfile,
  HardwareBackground,
  SoftwareBackground,
} from "@readerkit/core/profile-schema";
import type {
  CodeLanguage,
  ContentKind,
  ExperienceLevel,
  Platform,
} from "@readerkit/core/vocabulary";

type DocSpec = [
  id: string,
  kind: ContentKind,
  difficulty: ExperienceLevel,
  topics: string[],
  prerequisites: string[],
  languages: CodeLanguage[],
  platforms: Platform[],
  minutes: number,
];

const PY_CPP: CodeLanguage[] = ["python", "cpp"];

const SPECS: DocSpec[] = [
  [
    "intro",
    "chapter",
    "beginner",
    ["physical-ai", "sensors", "actuators"],
    [],
    PY_CPP,
    ["raspberry-pi", "arduino", "jetson", "esp32"],
    20,
  ],
  [
    "sensors",
    "chapter",
    "beginner",
    ["sensors", "imu", "electronics"],
    ["intro"],
    PY_CPP,
    ["raspberry-pi", "arduino", "jetson"],
    30,
  ],
  [
    "actuators",
    "chapter",
    "beginner",
    ["actuators", "motors", "electronics", "pid"],
    ["intro"],
    PY_CPP,
    ["raspberry-pi", "arduino"],
    30,
  ],
  [
    "kinematics",
    "chapter",
    "intermediate",
    ["kinematics", "manipulators", "differential-drive"],
    ["actuators"],
    PY_CPP,
    [],
    35,
  ],
  [
    "control",
    "chapter",
    "intermediate",
    ["control", "pid", "motors"],
    ["sensors", "actuators"],
    PY_CPP,
    ["raspberry-pi", "arduino"],
    40,
  ],
  [
    "vision",
    "chapter",
    "intermediate",
    ["computer-vision", "opencv", "sensors"],
    ["sensors"],
    PY_CPP,
    ["raspberry-pi", "jetson"],
    45,
  ],
  [
    "ros2",
    "chapter",
    "intermediate",
    ["ros2", "navigation"],
    ["intro"],
    PY_CPP,
    ["raspberry-pi", "jetson"],
    45,
  ],
  [
    "estimation",
    "chapter",
    "advanced",
    ["state-estimation", "kalman-filter", "imu"],
    ["sensors", "control"],
    PY_CPP,
    [],
    45,
  ],
  [
    "slam",
    "chapter",
    "advanced",
    ["slam", "navigation", "state-estimation"],
    ["estimation", "ros2"],
    ["cpp"],
    ["jetson"],
    50,
  ],
  [
    "learning",
    "chapter",
    "expert",
    ["machine-learning", "reinforcement-learning"],
    ["vision", "control"],
    ["python"],
    ["jetson"],
    50,
  ],
  [
    "line-follower",
    "project",
    "beginner",
    ["pid", "sensors"],
    ["sensors", "actuators"],
    ["cpp"],
    ["arduino"],
    120,
  ],
  [
    "rover",
    "project",
    "beginner",
    ["sensors", "actuators"],
    ["sensors", "actuators"],
    PY_CPP,
    ["raspberry-pi", "arduino"],
    150,
  ],
  [
    "face-tracker",
    "project",
    "intermediate",
    ["computer-vision", "opencv", "actuators"],
    ["vision", "actuators"],
    ["python"],
    ["raspberry-pi", "jetson"],
    180,
  ],
  [
    "teleop",
    "project",
    "intermediate",
    ["ros2", "differential-drive"],
    ["ros2", "kinematics"],
    PY_CPP,
    ["raspberry-pi", "jetson"],
    240,
  ],
  [
    "balancer",
    "project",
    "advanced",
    ["state-estimation", "control", "imu"],
    ["estimation", "control"],
    ["cpp"],
    ["arduino", "esp32"],
    300,
  ],
];

export function makeDoc(spec: DocSpec): ContentDoc {
  const [id, kind, difficulty, topics, prerequisites, languages, platforms, minutes] = spec;
  const title = id.charAt(0).toUpperCase() + id.slice(1);
  const folder = kind === "chapter" ? "chapters" : "projects";
  return {
    id,
    title,
    description: `About ${id}.`,
    permalink: `/${folder}/${id}`,
    kind,
    difficulty,
    topics,
    languages,
    platforms,
    prerequisites,
    minutes,
  };
}

export function makeIndex(docs: ContentDoc[]): ContentIndex {
  return contentIndexSchema.parse({ version: 1, docs });
}

export const BOOK: ContentIndex = makeIndex(SPECS.map(makeDoc));

type ProfilePatch = {
  software?: Partial<SoftwareBackground>;
  hardware?: Partial<HardwareBackground>;
};

/** A newcomer with Python and a Raspberry Pi, changed by `patch`. */
export function makeProfile(patch: ProfilePatch = {}): CompleteProfile {
  return {
    software: {
      programmingLanguages: ["Python"],
      frameworks: [],
      experienceLevel: "beginner",
      specializations: [],
      ...patch.software,
    },
    hardware: {
      familiarPlatforms: ["Raspberry Pi 5"],
      roboticsExperience: "none",
      electronicsKnowledge: "none",
      preferredTools: [],
      ...patch.hardware,
    },
  };
}

/** The reader personas the table-driven tests share. */
export const READERS = {
  newcomer: makeProfile(),
  visionDeveloper: makeProfile({
    software: {
      programmingLanguages: ["C++", "Python"],
      frameworks: ["OpenCV", "ROS 2"],
      experienceLevel: "intermediate",
      specializations: ["Computer Vision"],
      yearsOfExperience: 4,
    },
    hardware: {
      familiarPlatforms: ["Jetson Orin Nano"],
      roboticsExperience: "hobbyist",
      electronicsKnowledge: "basic",
    },
  }),
  roboticist: makeProfile({
    software: {
      programmingLanguages: ["C++"],
      frameworks: ["ROS 2"],
      experienceLevel: "expert",
      specializations: ["SLAM", "control systems"],
    },
    hardware: {
      familiarPlatforms: ["Jetson"],
      roboticsExperience: "professional",
      electronicsKnowledge: "advanced",
    },
  }),
  expertNewcomer: makeProfile({
    software: { programmingLanguages: ["Rust"], experienceLevel: "expert" },
    hardware: { familiarPlatforms: ["ESP32"] },
  }),
} as const;
