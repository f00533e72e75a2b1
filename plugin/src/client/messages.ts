/**
 * Reader-facing words for server codes and vocabulary values, all through Docusaurus `translate`
 * so a site can localise them (`docusaurus write-translations` collects the ids).
 */
import { translate } from "@docusaurus/Translate";
import { checkPassword } from "@readerkit/core/password-policy";
import { ApiError, NETWORK_ERROR, ORIGIN_NOT_TRUSTED, type ServerProblem } from "./api.ts";
import type { PasswordPolicy, PasswordRuleCode } from "./password.ts";

export function passwordRuleLabel(
  code: PasswordRuleCode,
  minLength: number,
  maxLength: number,
): string {
  switch (code) {
    case "PASSWORD_TOO_SHORT":
      return translate(
        { id: "readerkit.password.rule.minLength", message: "At least {minLength} characters" },
        { minLength },
      );
    case "PASSWORD_TOO_LONG":
      return translate(
        { id: "readerkit.password.rule.maxLength", message: "At most {maxLength} characters" },
        { maxLength },
      );
    case "PASSWORD_MISSING_UPPERCASE":
      return translate({ id: "readerkit.password.rule.upper", message: "An uppercase letter" });
    case "PASSWORD_MISSING_LOWERCASE":
      return translate({ id: "readerkit.password.rule.lower", message: "A lowercase letter" });
    case "PASSWORD_MISSING_DIGIT":
      return translate({ id: "readerkit.password.rule.digit", message: "A digit" });
    case "PASSWORD_MISSING_SYMBOL":
      return translate({ id: "readerkit.password.rule.symbol", message: "A symbol" });
    case "PASSWORD_TOO_COMMON":
      return translate({ id: "readerkit.password.rule.common", message: "Not a common password" });
  }
}

export function strengthLabel(score: number): string {
  const labels = [
    translate({ id: "readerkit.password.strength.0", message: "Too weak" }),
    translate({ id: "readerkit.password.strength.1", message: "Weak" }),
    translate({ id: "readerkit.password.strength.2", message: "Fair" }),
    translate({ id: "readerkit.password.strength.3", message: "Good" }),
    translate({ id: "readerkit.password.strength.4", message: "Strong" }),
  ];
  return labels[score] ?? labels[0] ?? "";
}

/**
 * Why the pages cannot talk to the ReaderKit server. A refused origin is a setup mistake of the
 * site's maintainer, so the message says exactly what to change on the server.
 */
export function serverProblemMessage(problem: ServerProblem): string {
  if (problem === ORIGIN_NOT_TRUSTED)
    return translate(
      {
        id: "readerkit.error.originNotTrusted",
        message:
          "This site's origin ({origin}) is not allowed by the ReaderKit server. Add {origin} to TRUSTED_ORIGINS in the server's settings and restart it.",
      },
      { origin: window.location.origin },
    );
  return translate({
    id: "readerkit.error.network",
    message: "The server could not be reached. Check your connection and try again.",
  });
}

/** A server or network error as one plain sentence. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError))
    return translate({
      id: "readerkit.error.unknown",
      message: "Something went wrong. Please try again.",
    });
  if (error.code === NETWORK_ERROR || error.code === ORIGIN_NOT_TRUSTED)
    return serverProblemMessage(error.code);
  if (error.status === 429)
    return error.retryAfterSeconds === undefined
      ? translate({
          id: "readerkit.error.rateLimited",
          message: "Too many attempts. Please wait a moment and try again.",
        })
      : translate(
          {
            id: "readerkit.error.rateLimitedFor",
            message: "Too many attempts. Please try again in {seconds} seconds.",
          },
          { seconds: error.retryAfterSeconds },
        );
  if (error.code === "INVALID_EMAIL_OR_PASSWORD")
    return translate({
      id: "readerkit.error.invalidCredentials",
      message: "That email and password do not match an account.",
    });
  if (error.code.startsWith("USER_ALREADY_EXISTS"))
    return translate({
      id: "readerkit.error.emailTaken",
      message: "An account with this email already exists. Sign in instead?",
    });
  if (error.code === "PROFILE_VERSION_CONFLICT")
    return translate({
      id: "readerkit.error.conflict",
      message:
        "Your profile was changed elsewhere. Reload the page to see the latest version, then make your changes again.",
    });
  if (error.code === "AUTH_TOKEN_INVALID")
    return translate({
      id: "readerkit.error.signedOut",
      message: "Your session has ended. Please sign in again.",
    });
  return error.message;
}

/** A password-reset link the server refused (or a reset page opened without one). */
export function resetLinkInvalidMessage(): string {
  return translate({
    id: "readerkit.error.resetLinkInvalid",
    message:
      "This reset link has expired, was already used, or is incomplete. Ask for a new one below.",
  });
}

/** A failed reset request or reset, as one plain sentence; other codes as everywhere else. */
export function resetErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  if (error.code === "INVALID_TOKEN") return resetLinkInvalidMessage();
  if (error.code === "MAIL_NOT_CONFIGURED")
    return translate({
      id: "readerkit.error.mailNotConfigured",
      message:
        "This site cannot send mail yet, so passwords cannot be reset by mail. Please contact the site's maintainers.",
    });
  return errorMessage(error);
}

const OPTION_LABELS: Record<string, () => string> = {
  beginner: () => translate({ id: "readerkit.option.beginner", message: "Beginner" }),
  intermediate: () => translate({ id: "readerkit.option.intermediate", message: "Intermediate" }),
  advanced: () => translate({ id: "readerkit.option.advanced", message: "Advanced" }),
  expert: () => translate({ id: "readerkit.option.expert", message: "Expert" }),
  none: () => translate({ id: "readerkit.option.none", message: "None" }),
  basic: () => translate({ id: "readerkit.option.basic", message: "Basic" }),
  hobbyist: () => translate({ id: "readerkit.option.hobbyist", message: "Hobbyist" }),
  professional: () => translate({ id: "readerkit.option.professional", message: "Professional" }),
  python: () => translate({ id: "readerkit.language.python", message: "Python" }),
  cpp: () => translate({ id: "readerkit.language.cpp", message: "C++" }),
  c: () => translate({ id: "readerkit.language.c", message: "C" }),
  javascript: () => translate({ id: "readerkit.language.javascript", message: "JavaScript" }),
  rust: () => translate({ id: "readerkit.language.rust", message: "Rust" }),
  java: () => translate({ id: "readerkit.language.java", message: "Java" }),
  "raspberry-pi": () =>
    translate({ id: "readerkit.platform.raspberry-pi", message: "Raspberry Pi" }),
  arduino: () => translate({ id: "readerkit.platform.arduino", message: "Arduino" }),
  jetson: () => translate({ id: "readerkit.platform.jetson", message: "NVIDIA Jetson" }),
  esp32: () => translate({ id: "readerkit.platform.esp32", message: "ESP32" }),
};

/** The display name of a vocabulary value (level, language id, platform id...). */
export function optionLabel(value: string): string {
  return OPTION_LABELS[value]?.() ?? value;
}

/** The reader-facing message for a password rule code the server or the form reports. */
export function passwordErrorMessage(code: string, fallback: string): string {
  switch (code) {
    case "PASSWORD_TOO_SHORT":
      return translate({
        id: "readerkit.error.password.short",
        message: "This password is too short.",
      });
    case "PASSWORD_TOO_LONG":
      return translate({
        id: "readerkit.error.password.long",
        message: "This password is too long.",
      });
    case "PASSWORD_MISSING_UPPERCASE":
      return translate({
        id: "readerkit.error.password.upper",
        message: "Add an uppercase letter.",
      });
    case "PASSWORD_MISSING_LOWERCASE":
      return translate({
        id: "readerkit.error.password.lower",
        message: "Add a lowercase letter.",
      });
    case "PASSWORD_MISSING_DIGIT":
      return translate({ id: "readerkit.error.password.digit", message: "Add a digit." });
    case "PASSWORD_MISSING_SYMBOL":
      return translate({ id: "readerkit.error.password.symbol", message: "Add a symbol." });
    case "PASSWORD_TOO_COMMON":
      return translate({
        id: "readerkit.error.password.common",
        message: "This password is too common; choose one that is harder to guess.",
      });
    default:
      return fallback;
  }
}

/**
 * What to say under the new-password field when the server refused it (sign-up names the field
 * `password`; change and reset name it `newPassword`); null for any other error.
 */
export function serverPasswordError(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.field !== "password" && error.field !== "newPassword") return null;
  return passwordErrorMessage(error.code, error.message);
}

/** What the forms say about a new password and its confirmation; `{}` when both are fine. */
export function newPasswordErrors(
  password: string,
  confirmation: string,
  policy: PasswordPolicy,
): { password?: string; confirmation?: string } {
  const issue = checkPassword(password, policy)[0];
  return {
    ...(issue ? { password: passwordErrorMessage(issue.code, issue.message) } : {}),
    ...(confirmation === password
      ? {}
      : {
          confirmation: translate({
            id: "readerkit.register.mismatch",
            message: "The two passwords do not match.",
          }),
        }),
  };
}

const QUESTION_LABELS: Record<string, () => string> = {
  programmingLanguages: () =>
    translate({
      id: "readerkit.question.programmingLanguages",
      message: "Programming languages you use",
    }),
  experienceLevel: () =>
    translate({ id: "readerkit.question.experienceLevel", message: "Software experience level" }),
  programmingBackground: () =>
    translate({
      id: "readerkit.question.programmingBackground",
      message: "Programming background",
    }),
  yearsOfExperience: () =>
    translate({
      id: "readerkit.question.yearsOfExperience",
      message: "Years of programming experience",
    }),
  frameworks: () =>
    translate({ id: "readerkit.question.frameworks", message: "Frameworks and libraries" }),
  specializations: () =>
    translate({ id: "readerkit.question.specializations", message: "Specializations" }),
  familiarPlatforms: () =>
    translate({ id: "readerkit.question.familiarPlatforms", message: "Boards you have used" }),
  roboticsExperience: () =>
    translate({ id: "readerkit.question.roboticsExperience", message: "Robotics experience" }),
  electronicsKnowledge: () =>
    translate({ id: "readerkit.question.electronicsKnowledge", message: "Electronics knowledge" }),
  preferredTools: () =>
    translate({ id: "readerkit.question.preferredTools", message: "Tools you like to use" }),
};

/** The label of a profile question; accepts `softwareBackground.experienceLevel` paths too. */
export function questionLabel(field: string): string {
  const key = field.split(".").pop() ?? field;
  return QUESTION_LABELS[key]?.() ?? key;
}
