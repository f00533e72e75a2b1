/**
 * What the ReaderKit plugin (browser and build) and server share: the vocabulary, the persona
 * and its cookie, the profile schema, the content-index format, the password rules and the API's
 * error codes. zod is the only dependency; nothing here touches Node.
 */
export * from "./accounts.ts";
export * from "./content-index.ts";
export * from "./csp.ts";
export * from "./error-codes.ts";
export * from "./password-policy/index.ts";
export * from "./persona.ts";
export * from "./profile-schema.ts";
export * from "./vocabulary.ts";
