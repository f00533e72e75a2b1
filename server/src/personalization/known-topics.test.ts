import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { spokenList, topicLabel, topicPhrase, toTopicId } from "./known-topics.ts";

describe("toTopicId", () => {
  const cases: Array<[string, string]> = [
    ["Computer Vision", "computer-vision"],
    ["  SLAM ", "slam"],
    ["ROS 2", "ros-2"],
    ["C++", "c"],
    ["Sensors & Actuators", "sensors-and-actuators"],
    ["--", ""],
  ];
  for (const [text, id] of cases) {
    it(`${JSON.stringify(text)} -> ${JSON.stringify(id)}`, () => assert.equal(toTopicId(text), id));
  }
});

describe("topic words", () => {
  const cases: Array<[string, string, string]> = [
    ["ros2", "ROS 2", "ROS 2"],
    ["computer-vision", "computer vision", "Computer vision"],
    ["kalman-filter", "Kalman filters", "Kalman filters"],
    ["pid", "PID control", "PID control"],
    ["swarm-robotics", "swarm robotics", "Swarm robotics"],
  ];
  for (const [topic, phrase, label] of cases) {
    it(topic, () => {
      assert.equal(topicPhrase(topic), phrase);
      assert.equal(topicLabel(topic), label);
    });
  }
});

describe("spokenList", () => {
  const cases: Array<[string[], string]> = [
    [[], ""],
    [["a"], "a"],
    [["a", "b"], "a and b"],
    [["a", "b", "c"], "a, b and c"],
  ];
  for (const [words, spoken] of cases) {
    it(JSON.stringify(words), () => assert.equal(spokenList(words), spoken));
  }
});
