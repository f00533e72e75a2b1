/** Example bodies for the OpenAPI document, shaped like real answers (see tests/openapi.test.ts). */
export const PROFILE_EXAMPLE = {
  userId: "X6DoMmM2mu9c8NnJbBJMf8HBBJS65ifo",
  profileComplete: true,
  version: 2,
  missingFields: [],
  softwareBackground: {
    programmingLanguages: ["Python", "C++"],
    frameworks: ["ROS 2"],
    experienceLevel: "intermediate",
    specializations: ["computer vision"],
    yearsOfExperience: 3,
    programmingBackground: "intermediate",
  },
  hardwareBackground: {
    familiarPlatforms: ["Raspberry Pi"],
    roboticsExperience: "hobbyist",
    electronicsKnowledge: "basic",
    preferredTools: ["KiCad"],
  },
  createdAt: "2026-11-30T10:40:48.650Z",
  updatedAt: "2026-11-30T11:02:10.112Z",
};
export const WRITE_EXAMPLE = {
  softwareBackground: PROFILE_EXAMPLE.softwareBackground,
  hardwareBackground: PROFILE_EXAMPLE.hardwareBackground,
  version: 1,
};
export const TOKENS_EXAMPLE = {
  accessToken: "eyJhbGciOiJSUzI1NiIsImtpZCI6Ii4uLiJ9.eyJ0eXAiOiJhY2Nlc3MiLCJzdWIiOiIuLi4ifQ.c2ln",
  refreshToken: "d3126f1453f98a951810509ab20e3c11f119ced0862c13f4cce6d643bdbe2c76",
  expiresIn: 900,
};
