import { EMAIL_VERIFICATION_MODES, type EmailVerificationMode } from "@readerkit/core/accounts";
import * as z from "zod";

/**
 * The environment of accounts beyond email + password (issue 11): email verification and the
 * sign-in providers. Kept apart from config.ts so that file stays about the server itself.
 */
export const accountsEnv = {
  /** off: no mail; optional (default): a mail on sign-up and a banner; required: no sign-in until verified. */
  EMAIL_VERIFICATION: z.enum(EMAIL_VERIFICATION_MODES).default("optional"),
  /** The plugin's verifyEmail route: where the verification link lands. */
  VERIFY_EMAIL_PATH: z.string().startsWith("/").default("/verify-email"),
  /** How long a verification (or change-of-email) link works. */
  EMAIL_VERIFICATION_TOKEN_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 7)
    .default(24),
  /** Client ID of a GitHub OAuth app (its callback URL: BASE_URL/api/auth/callback/github). */
  GITHUB_CLIENT_ID: z.string().min(1).optional(),
  /** Client secret of that GitHub OAuth app; both set: "Continue with GitHub" shows. */
  GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  /** Client ID of a Google OAuth client (its redirect URI: BASE_URL/api/auth/callback/google). */
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  /** Client secret of that Google OAuth client; both set: "Continue with Google" shows. */
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** Issuer of any OpenID Connect provider, found through ISSUER/.well-known/openid-configuration. */
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  /** Client ID registered at that provider (redirect URI: BASE_URL/api/auth/callback/oidc). */
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** Client secret registered at that provider. */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The provider's name on the button ("Sign in with ..."). */
  OIDC_NAME: z.string().min(1).max(40).default("OpenID Connect"),
  /** The plugin's login route: where a failed provider sign-in ends when the page did not say. */
  LOGIN_PATH: z.string().startsWith("/").default("/login"),
};

type AccountsEnv = z.infer<z.ZodObject<typeof accountsEnv>>;

export type OAuthClient = Readonly<{ clientId: string; clientSecret: string }>;

export type SocialProviders = Readonly<{
  github?: OAuthClient;
  google?: OAuthClient;
  /** The generic OpenID Connect provider; its provider id is "oidc". */
  oidc?: OAuthClient & Readonly<{ issuer: string; name: string }>;
}>;

export type AccountsConfig = Readonly<{
  emailVerification: EmailVerificationMode;
  verifyEmailPath: string;
  emailVerificationTokenSeconds: number;
  socialProviders: SocialProviders;
  loginPath: string;
}>;

/** Variables that only make sense together: naming one without the others is a mistake. */
const GROUPS = [
  ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"],
  ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
  ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"],
] as const;

/** The accounts part of the config; a half-configured provider is an error naming what is missing. */
export function accountsConfig(e: AccountsEnv, fail: (message: string) => never): AccountsConfig {
  for (const group of GROUPS) {
    const missing = group.filter((name) => !e[name]);
    if (missing.length > 0 && missing.length < group.length) {
      fail(`${missing.join(" and ")} must be set too: ${group.join(", ")} configure one provider`);
    }
  }
  const client = (clientId?: string, clientSecret?: string) =>
    clientId && clientSecret ? Object.freeze({ clientId, clientSecret }) : undefined;
  const oidc = client(e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET);
  return Object.freeze({
    emailVerification: e.EMAIL_VERIFICATION,
    verifyEmailPath: e.VERIFY_EMAIL_PATH,
    emailVerificationTokenSeconds: Math.round(e.EMAIL_VERIFICATION_TOKEN_HOURS * 3600),
    loginPath: e.LOGIN_PATH,
    socialProviders: Object.freeze({
      github: client(e.GITHUB_CLIENT_ID, e.GITHUB_CLIENT_SECRET),
      google: client(e.GOOGLE_CLIENT_ID, e.GOOGLE_CLIENT_SECRET),
      oidc:
        oidc && e.OIDC_ISSUER
          ? Object.freeze({ ...oidc, issuer: e.OIDC_ISSUER.replace(/\/$/, ""), name: e.OIDC_NAME })
          : undefined,
    }),
  });
}
