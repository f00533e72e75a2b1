/**
 * How a reader's free-text background maps onto the book's topic ids (the kebab-case `topics` of
 * doc front matter), and how topic ids, languages and boards read in plain words.
 *
 * The tables hold the names readers type most often; anything else falls back to its kebab-case
 * form, so a specialization "Swarm Robotics" still matches a doc tagged `swarm-robotics`.
 */
import type {
  CodeLanguage,
  ElectronicsKnowledge,
  Platform,
  RoboticsExperience,
} from "@readerkit/core/vocabulary";

/** "Computer Vision" -> "computer-vision", "C++" -> "c", "ROS 2" -> "ros-2". */
export function toTopicId(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Frameworks and libraries, keyed by topic id of their name. */
const FRAMEWORK_TOPICS: Record<string, string[]> = {
  ros: ["ros2"],
  ros2: ["ros2"],
  "ros-2": ["ros2"],
  nav2: ["navigation", "ros2"],
  moveit: ["motion-planning", "manipulators"],
  "moveit-2": ["motion-planning", "manipulators"],
  "ros2-control": ["control", "ros2"],
  opencv: ["opencv", "computer-vision"],
  yolo: ["computer-vision", "machine-learning"],
  ultralytics: ["computer-vision", "machine-learning"],
  pytorch: ["machine-learning"],
  tensorflow: ["machine-learning"],
  keras: ["machine-learning"],
  jax: ["machine-learning"],
  "scikit-learn": ["machine-learning"],
  sklearn: ["machine-learning"],
  gymnasium: ["reinforcement-learning", "machine-learning"],
  "stable-baselines3": ["reinforcement-learning", "machine-learning"],
  gazebo: ["simulation"],
  "isaac-sim": ["simulation"],
  webots: ["simulation"],
  mujoco: ["simulation"],
  pybullet: ["simulation"],
  arduino: ["embedded"],
  micropython: ["embedded"],
  freertos: ["embedded"],
  platformio: ["embedded"],
  "esp-idf": ["embedded"],
  filterpy: ["kalman-filter", "state-estimation"],
};

/** Specializations, keyed by topic id of what the reader typed. */
const SPECIALIZATION_TOPICS: Record<string, string[]> = {
  "computer-vision": ["computer-vision"],
  cv: ["computer-vision"],
  vision: ["computer-vision"],
  perception: ["computer-vision"],
  "image-processing": ["computer-vision"],
  "machine-learning": ["machine-learning"],
  ml: ["machine-learning"],
  ai: ["machine-learning"],
  "artificial-intelligence": ["machine-learning"],
  "deep-learning": ["machine-learning", "deep-learning"],
  "reinforcement-learning": ["reinforcement-learning", "machine-learning"],
  rl: ["reinforcement-learning", "machine-learning"],
  "robot-learning": ["reinforcement-learning", "machine-learning"],
  control: ["control", "pid"],
  controls: ["control", "pid"],
  "control-systems": ["control", "pid"],
  "control-theory": ["control", "pid"],
  embedded: ["embedded"],
  "embedded-systems": ["embedded"],
  firmware: ["embedded"],
  microcontrollers: ["embedded"],
  slam: ["slam", "navigation", "state-estimation"],
  navigation: ["navigation"],
  "path-planning": ["navigation", "motion-planning"],
  "motion-planning": ["motion-planning", "navigation"],
  "state-estimation": ["state-estimation", "kalman-filter"],
  "sensor-fusion": ["state-estimation", "kalman-filter"],
  localization: ["state-estimation"],
  kinematics: ["kinematics"],
  manipulation: ["kinematics", "manipulators"],
  "robot-arms": ["kinematics", "manipulators"],
  "mobile-robots": ["differential-drive", "navigation"],
  "mobile-robotics": ["differential-drive", "navigation"],
  ros: ["ros2"],
  ros2: ["ros2"],
  "ros-2": ["ros2"],
  motors: ["motors", "actuators"],
  robotics: ["physical-ai"],
};

export function frameworkTopics(framework: string): string[] {
  const id = toTopicId(framework);
  return FRAMEWORK_TOPICS[id] ?? (id === "" ? [] : [id]);
}

export function specializationTopics(specialization: string): string[] {
  const id = toTopicId(specialization);
  return SPECIALIZATION_TOPICS[id] ?? (id === "" ? [] : [id]);
}

/** Every level also knows what the levels below it know. */
const ELECTRONICS_TOPICS: Record<ElectronicsKnowledge, string[]> = {
  none: [],
  basic: ["electronics"],
  intermediate: ["electronics", "sensors"],
  advanced: ["electronics", "sensors", "embedded", "motors"],
};

const ROBOTICS_TOPICS: Record<RoboticsExperience, string[]> = {
  none: [],
  hobbyist: ["physical-ai", "sensors", "actuators"],
  professional: [
    "physical-ai",
    "sensors",
    "actuators",
    "motors",
    "control",
    "pid",
    "imu",
    "kinematics",
    "differential-drive",
    "embedded",
  ],
};

export function electronicsTopics(knowledge: ElectronicsKnowledge): string[] {
  return ELECTRONICS_TOPICS[knowledge];
}

export function roboticsTopics(experience: RoboticsExperience): string[] {
  return ROBOTICS_TOPICS[experience];
}

/** Topic names as they read mid-sentence; other ids read as their words ("kalman-filter"...). */
const TOPIC_PHRASES: Record<string, string> = {
  ros2: "ROS 2",
  opencv: "OpenCV",
  slam: "SLAM",
  pid: "PID control",
  imu: "IMUs",
  "physical-ai": "Physical AI",
  "kalman-filter": "Kalman filters",
  "differential-drive": "differential-drive robots",
  embedded: "embedded programming",
  control: "feedback control",
};

export function topicPhrase(topic: string): string {
  return TOPIC_PHRASES[topic] ?? topic.replace(/-/g, " ");
}

/** A topic as a stand-alone label: "Computer vision", "ROS 2", "Kalman filters". */
export function topicLabel(topic: string): string {
  const phrase = topicPhrase(topic);
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

export const LANGUAGE_LABELS: Record<CodeLanguage, string> = {
  python: "Python",
  cpp: "C++",
  c: "C",
  javascript: "JavaScript",
  rust: "Rust",
  java: "Java",
};

export const PLATFORM_LABELS: Record<Platform, string> = {
  "raspberry-pi": "Raspberry Pi",
  arduino: "Arduino",
  jetson: "Jetson",
  esp32: "ESP32",
};

/** Joins words as a reader would: "a", "a and b", "a, b and c". */
export function spokenList(words: readonly string[]): string {
  if (words.length < 2) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}
