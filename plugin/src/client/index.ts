/**
 * The browser API of ReaderKit, for theme components and for site code:
 *   import {useAuth} from "@readerkit/docusaurus-plugin/client";
 */
export { ApiError, type ErrorDetail, isNoAnswer, type ServerProblem } from "./api.ts";
export { type AuthContextValue, AuthProvider, useAuth } from "./auth-context.tsx";
export type {
  AuthState,
  AuthStatus,
  ProfileStatus,
  SignUpInput,
  SignUpResult,
} from "./auth-controller.ts";
export { errorMessage, optionLabel, serverProblemMessage } from "./messages.ts";
export { useReaderKitOptions } from "./options.ts";
export { currentPersona, isShowingAll, setShowAll, subscribePersona } from "./persona-dom.ts";
export { type ContextState, usePersonalizationContext } from "./personalization.ts";
export { loginUrl, safeRedirect } from "./redirect.ts";
export type {
  NextTopic,
  PersonalizationContext,
  Profile,
  Reader,
  RecommendedDoc,
} from "./types.ts";
