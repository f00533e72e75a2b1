import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PROFILE_QUESTIONS } from "../questions.ts";
import { buildProfileBody, errorsFromDetails, valuesFromProfile } from "./profile-form.ts";
import type { Profile } from "./types.ts";

const REQUIRED = [
  "programmingLanguages",
  "experienceLevel",
  "familiarPlatforms",
  "roboticsExperience",
  "electronicsKnowledge",
] as const;

const saved: Profile = {
  userId: "u1",
  profileComplete: true,
  version: 3,
  missingFields: [],
  softwareBackground: {
    programmingLanguages: ["python", "C++", "Fortran"],
    frameworks: ["ROS 2"],
    experienceLevel: "advanced",
    specializations: [],
    yearsOfExperience: 6,
    programmingBackground: null,
  },
  hardwareBackground: {
    familiarPlatforms: ["Raspberry Pi 5", "STM32"],
    roboticsExperience: "hobbyist",
    electronicsKnowledge: "basic",
    preferredTools: ["KiCad"],
  },
};

describe("profile form", () => {
  it("splits saved lists into checkbox choices and free text", () => {
    const values = valuesFromProfile(saved);
    assert.deepEqual(values.programmingLanguages, ["Python", "C++"]);
    assert.equal(values.otherLanguages, "Fortran");
    assert.deepEqual(values.familiarPlatforms, ["Raspberry Pi"]);
    assert.equal(values.otherPlatforms, "STM32");
    assert.equal(values.yearsOfExperience, "6");
    assert.equal(values.programmingBackground, "");
  });

  it("builds a body the shared schema accepts, with the version for optimistic locking", () => {
    const { body, errors } = buildProfileBody(valuesFromProfile(saved), PROFILE_QUESTIONS, saved);
    assert.deepEqual(errors, {});
    assert.deepEqual(body, {
      softwareBackground: {
        programmingLanguages: ["Python", "C++", "Fortran"],
        experienceLevel: "advanced",
        yearsOfExperience: 6,
        frameworks: ["ROS 2"],
        specializations: [],
      },
      hardwareBackground: {
        familiarPlatforms: ["Raspberry Pi", "STM32"],
        roboticsExperience: "hobbyist",
        electronicsKnowledge: "basic",
        preferredTools: ["KiCad"],
      },
      version: 3,
    });
  });

  it("keys schema errors by question and sends nothing invalid", () => {
    const values = { ...valuesFromProfile(null), yearsOfExperience: "lots" };
    const { body, errors } = buildProfileBody(values, PROFILE_QUESTIONS, null);
    assert.deepEqual(Object.keys(errors).sort(), [
      "electronicsKnowledge",
      "experienceLevel",
      "familiarPlatforms",
      "programmingLanguages",
      "roboticsExperience",
      "yearsOfExperience",
    ]);
    assert.equal(
      errors.experienceLevel,
      "Choose your experience level: beginner, intermediate, advanced or expert",
    );
    assert.deepEqual(body, {});
  });

  it("keeps saved answers to questions the page does not ask", () => {
    const values = { ...valuesFromProfile(saved), experienceLevel: "expert" };
    const { body } = buildProfileBody(values, REQUIRED, saved);
    const software = body.softwareBackground as Record<string, unknown>;
    assert.equal(software.experienceLevel, "expert");
    assert.deepEqual(software.frameworks, ["ROS 2"]);
    assert.equal(software.yearsOfExperience, 6);
  });

  it("sends only the parts the page asks about", () => {
    const { body, errors } = buildProfileBody(valuesFromProfile(null), [], null);
    assert.deepEqual(body, {});
    assert.deepEqual(errors, {});
  });

  it("maps server validation details onto questions", () => {
    assert.deepEqual(
      errorsFromDetails([
        {
          path: "softwareBackground.programmingLanguages.0",
          message: "A programming language cannot be blank",
        },
        {
          path: "hardwareBackground.roboticsExperience",
          message: "Choose your robotics experience",
        },
        { path: "version", message: "Version must be a number" },
      ]),
      {
        programmingLanguages: "A programming language cannot be blank",
        roboticsExperience: "Choose your robotics experience",
        form: "Version must be a number",
      },
    );
  });
});
