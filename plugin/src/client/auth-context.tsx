/**
 * AuthProvider and useAuth(): the reader's session, user and profile for every component.
 * Mounted once by theme/Root, so it survives client-side navigation; a reload re-reads the
 * session from the server. The first render is always the "loading" state, on the server and in
 * the browser alike, so hydration never mismatches.
 */
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { RequestOptions } from "./api.ts";
import {
  type AuthController,
  type AuthState,
  createAuthController,
  INITIAL_AUTH_STATE,
  type SignUpInput,
  type SignUpResult,
} from "./auth-controller.ts";
import { useReaderKitOptions } from "./options.ts";
import type { Profile } from "./types.ts";

export type AuthContextValue = AuthState & {
  /** A short-lived RS256 access JWT for other services, or null for a guest. */
  getToken(): Promise<string | null>;
  signIn(email: string, password: string): Promise<void>;
  /** Resolves true when signed in, false when the address must be verified first. */
  signUp(input: SignUpInput): Promise<SignUpResult>;
  /** Follows a verification link's token (signs the reader in). */
  verifyEmail(token: string): Promise<void>;
  /** Mails a new verification link that opens `callbackURL` (this site's verify page). */
  sendVerificationEmail(email: string, callbackURL: string): Promise<void>;
  signOut(): Promise<void>;
  /** Re-reads the session and the profile from the server. */
  refresh(): Promise<void>;
  /** An authenticated JSON call to the ReaderKit server API. */
  request<T>(path: string, options?: RequestOptions): Promise<T>;
  saveProfile(body: Record<string, unknown>): Promise<Profile>;
};

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }): ReactNode {
  const options = useReaderKitOptions();
  const [state, setState] = useState<AuthState>(INITIAL_AUTH_STATE);
  const controller = useRef<AuthController | null>(null);

  // Browser only: the controller touches window, cookies and the network.
  useEffect(() => {
    const created = createAuthController(options, setState);
    controller.current = created;
    void created.refresh();
  }, [options]);

  const value = useMemo<AuthContextValue>(() => {
    const ready = (): AuthController => {
      if (!controller.current) throw new Error("ReaderKit: the session is not ready yet");
      return controller.current;
    };
    return {
      ...state,
      getToken: () => (state.status === "reader" ? ready().getToken() : Promise.resolve(null)),
      signIn: (email, password) => ready().signIn(email, password),
      signUp: (input) => ready().signUp(input),
      signOut: () => ready().signOut(),
      refresh: () => ready().refresh(),
      request: (path, requestOptions) => ready().request(path, requestOptions),
      saveProfile: (body) => ready().saveProfile(body),
      verifyEmail: (token) => ready().verifyEmail(token),
      sendVerificationEmail: (email, callbackURL) =>
        ready().sendVerificationEmail(email, callbackURL),
    };
  }, [state]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) {
    throw new Error(
      "useAuth() must be used inside <AuthProvider>. The ReaderKit plugin mounts it in theme/Root; if you swizzled Root, wrap @theme-original/Root instead of ejecting it.",
    );
  }
  return value;
}
