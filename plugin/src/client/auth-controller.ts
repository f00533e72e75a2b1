/**
 * The reader's session, outside React: Better Auth calls, the profile, JWT caching and the
 * persona cookie. AuthProvider subscribes to it; everything here runs in the browser only.
 */
import { personaFromProfile } from "@readerkit/core/persona";
import {
  ApiError,
  diagnoseNoAnswer,
  isNoAnswer,
  NETWORK_ERROR,
  noAnswerError,
  type RequestOptions,
  requestJson,
  type ServerProblem,
  toApiError,
} from "./api.ts";
import type { ReaderKitAuthClient } from "./auth-client.ts";
import { isFresh, jwtExpiresAt } from "./jwt.ts";
import type { ReaderKitClientData } from "./options.ts";
import { applyReaderPersona, clearReaderPersona, hasPersonaCookie } from "./persona-dom.ts";
import { forgetSessionToken } from "./session-token.ts";
import { handoffFailedPage, takeHandoff } from "./social-handoff.ts";
import type { Profile, ProfileResponse, ProfileWriteResponse, Reader } from "./types.ts";

export type AuthStatus = "loading" | "guest" | "reader";
export type ProfileStatus = "idle" | "loading" | "ready" | "missing" | "error";

export type AuthState = {
  status: AuthStatus;
  user: Reader | null;
  profile: Profile | null;
  profileStatus: ProfileStatus;
  /** Why the server gave no answer (pages then show the guest view and say why), or null. */
  serverProblem: ServerProblem | null;
};

export const INITIAL_AUTH_STATE: AuthState = {
  status: "loading",
  user: null,
  profile: null,
  profileStatus: "idle",
  serverProblem: null,
};

export type SignUpInput = {
  email: string;
  password: string;
  name: string;
  /** This site's verify page (absolute): the verification mail links there. */
  callbackURL?: string;
  /** The form's background answers, saved with the account in the same request. */
  background?: Record<string, unknown>;
};

/** After sign-up: signed in now (not with EMAIL_VERIFICATION=required), answers complete. */
export type SignUpResult = { signedIn: boolean; profileComplete: boolean };

/** Better Auth's client error (the JSON body spread over status and statusText). */
type ClientError = { status: number; statusText: string } & Record<string, unknown>;

export function createAuthController(
  options: ReaderKitClientData,
  onChange: (state: AuthState) => void,
) {
  let state = INITIAL_AUTH_STATE;
  let client: ReaderKitAuthClient | null = null;
  let jwt: { token: string; expiresAt: number } | null = null;
  const crossOrigin = options.serverUrl !== "";
  // A provider sign-in handed over in the URL fragment: out of the address bar at once.
  let handoff = crossOrigin ? takeHandoff() : null;

  // Better Auth's client arrives in its own chunk, after the page is interactive.
  const auth = async (): Promise<ReaderKitAuthClient> => {
    client ??= (await import("./auth-client.ts")).createReaderKitAuthClient(options.serverUrl);
    return client;
  };
  const update = (patch: Partial<AuthState>): void => {
    state = { ...state, ...patch };
    onChange(state);
  };
  const rememberJwt = (token: string | undefined): void => {
    const expiresAt = token ? jwtExpiresAt(token) : null;
    jwt = token && expiresAt ? { token, expiresAt } : null;
  };

  async function getToken(): Promise<string | null> {
    if (isFresh(jwt)) return jwt?.token ?? null;
    const { data } = await (await auth()).token();
    rememberJwt(data?.token);
    return jwt?.token ?? null;
  }

  /** A call to our API: the cookie on the same origin, a bearer JWT across origins. */
  async function request<T>(path: string, init: RequestOptions = {}): Promise<T> {
    const token = crossOrigin ? await getToken() : null;
    try {
      return await requestJson<T>(options.serverUrl, path, { ...init, token });
    } catch (error) {
      if (isNoAnswer(error)) update({ serverProblem: error.code });
      // A revoked or rotated token: fetch a new one once before giving up.
      if (!(crossOrigin && error instanceof ApiError && error.status === 401)) throw error;
      jwt = null;
      return requestJson<T>(options.serverUrl, path, { ...init, token: await getToken() });
    }
  }

  function applyPersonaOf(profile: Profile | null): void {
    applyReaderPersona(
      options.personaCookieName,
      personaFromProfile(profile, options.defaultPersona),
    );
  }

  async function loadProfile(): Promise<void> {
    update({ profileStatus: "loading" });
    try {
      const { profile } = await request<ProfileResponse>("/api/profile");
      update({ profile, profileStatus: "ready" });
      applyPersonaOf(profile);
    } catch (error) {
      if (error instanceof ApiError && error.code === "PROFILE_NOT_FOUND") {
        update({ profile: null, profileStatus: "missing" });
        applyPersonaOf(null);
      } else {
        update({ profileStatus: "error" });
        // Keep whatever persona the cookie has; give a first-time reader the default one.
        if (!hasPersonaCookie(options.personaCookieName)) applyPersonaOf(null);
      }
    }
  }

  /**
   * Trades the handed-over token for the session (stored like a password sign-in's, by the
   * client's `set-auth-token` hook). Used once; ignored if this tab started no provider sign-in.
   * A used or expired token sends the reader to the login page, which says so.
   */
  async function redeemHandoff(): Promise<void> {
    const taken = handoff;
    handoff = null;
    if (!taken?.started) return;
    let refused: boolean;
    try {
      const body = { token: taken.token };
      const answer = await (await auth()).$fetch("/one-time-token/verify", {
        method: "POST",
        body,
      });
      refused = Boolean(answer.error);
    } catch {
      return; // No answer: the refresh that follows says why.
    }
    jwt = null;
    if (refused) window.location.replace(handoffFailedPage(taken.started));
  }

  /** `newAccount`: a just-created account has no profile yet, so do not ask for one (a 404). */
  async function refresh(newAccount = false): Promise<void> {
    if (handoff) await redeemHandoff();
    let session: Awaited<ReturnType<ReaderKitAuthClient["getSession"]>>;
    try {
      session = await (await auth()).getSession();
    } catch {
      const serverProblem = await diagnoseNoAnswer(options.serverUrl);
      update({ status: "guest", user: null, serverProblem });
      return;
    }
    if (session.error) {
      // The server answers but fails: show the guest view but keep the reader's persona.
      update({ status: "guest", user: null, serverProblem: NETWORK_ERROR });
      return;
    }
    const user = session.data?.user;
    if (!user) {
      jwt = null;
      clearReaderPersona(options.personaCookieName, options.defaultPersona);
      update({ ...INITIAL_AUTH_STATE, status: "guest" });
      return;
    }
    update({
      status: "reader",
      serverProblem: null,
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        image: user.image ?? null,
        emailVerified: user.emailVerified,
      },
    });
    if (!newAccount) return loadProfile();
    update({ profile: null, profileStatus: "missing" });
    applyPersonaOf(null);
  }

  /** Runs a Better Auth call, turning its `{error}` (or a thrown network error) into ApiError. */
  async function call(
    run: (
      onError: (context: { response: Response }) => void,
    ) => Promise<{ error: ClientError | null }>,
  ) {
    let headers: Headers | undefined;
    const onError = ({ response }: { response: Response }) => {
      headers = response.headers;
    };
    let result: { error: ClientError | null };
    try {
      result = await run(onError);
    } catch (error) {
      const noAnswer = await noAnswerError(options.serverUrl, error);
      update({ serverProblem: noAnswer.code });
      throw noAnswer;
    }
    if (result.error) throw toApiError(result.error.status, result.error, headers);
  }

  async function signIn(email: string, password: string): Promise<void> {
    await call(async (onError) => (await auth()).signIn.email({ email, password }, { onError }));
    jwt = null;
    await refresh();
  }

  async function signUp(input: SignUpInput): Promise<SignUpResult> {
    await call(async (onError) => (await auth()).signUp.email(input, { onError }));
    jwt = null;
    // With answers sent, the new account has a profile to load.
    await refresh(input.background === undefined);
    return {
      signedIn: state.status === "reader",
      profileComplete: state.profile?.profileComplete ?? false,
    };
  }

  /** Follows a verification link's token; Better Auth then signs the reader in. */
  async function verifyEmail(token: string): Promise<void> {
    await call(async (onError) => (await auth()).verifyEmail({ query: { token } }, { onError }));
    jwt = null;
    await refresh();
  }

  /** Mails a new verification link; `callbackURL` is this site's verify page (absolute). */
  async function sendVerificationEmail(email: string, callbackURL: string): Promise<void> {
    await call(async (onError) =>
      (await auth()).sendVerificationEmail({ email, callbackURL }, { onError }),
    );
  }

  async function signOut(): Promise<void> {
    try {
      await (await auth()).signOut();
    } finally {
      // Signed out locally even if the server could not be told: the session then just expires.
      jwt = null;
      forgetSessionToken();
      clearReaderPersona(options.personaCookieName, options.defaultPersona);
      update({ ...INITIAL_AUTH_STATE, status: "guest" });
    }
  }

  /** Creates the profile the first time (POST), updates it afterwards (PUT). */
  async function saveProfile(body: Record<string, unknown>): Promise<Profile> {
    const method = state.profile ? "PUT" : "POST";
    const response = await request<ProfileWriteResponse>("/api/profile", { method, body });
    rememberJwt(response.accessToken);
    update({ profile: response.profile, profileStatus: "ready" });
    applyPersonaOf(response.profile);
    return response.profile;
  }

  return {
    getToken,
    request,
    refresh: () => refresh(),
    signIn,
    signUp,
    signOut,
    saveProfile,
    verifyEmail,
    sendVerificationEmail,
  };
}

export type AuthController = ReturnType<typeof createAuthController>;
