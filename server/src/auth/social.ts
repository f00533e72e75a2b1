/**
 * Sign-in with GitHub, Google and one generic OpenID Connect provider, all Better Auth's own
 * work (`socialProviders`, the `genericOAuth` plugin, `/sign-in/social`, `/callback/:id`): this
 * file only configures it, says which providers exist (GET /api/auth/providers), sends a first
 * sign-in to the profile questions, ends every failed callback on the plugin's login page, and
 * records each provider sign-in in auth_logs.
 *
 * Accounts link by verified email only. Better Auth's `handleOAuthUserInfo` links a provider to
 * an existing account of the same email only when the provider says the address is verified
 * (no provider is "trusted" blindly here) AND the local account's address is verified too
 * (`requireLocalEmailVerified`, its default): otherwise the callback ends with
 * `error=account_not_linked` and nothing is written. The second rule stops a pre-registered
 * password account from sharing the real owner's provider sign-in.
 */
import type { BetterAuthOptions, BetterAuthPlugin } from "better-auth";
import { createAuthEndpoint, createAuthMiddleware } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins";
import type { Config } from "../config.ts";
import { CLIENT_IP_HEADER } from "./client-ip.ts";
import type { RecordSecurityEvent } from "./security-events.ts";

type SocialProviderId = "github" | "google" | "oidc";
type SocialProviderInfo = { id: SocialProviderId; name: string };

/** The id of the generic OpenID Connect provider (its callback: /api/auth/callback/oidc). */
const OIDC_PROVIDER_ID = "oidc";

/** How long browsers and proxies may keep the provider list (it changes only on redeploy). */
const PROVIDERS_MAX_AGE_SECONDS = 300;

/** The configured providers, in the order their buttons show. */
function configuredProviders(config: Config): SocialProviderInfo[] {
  const { github, google, oidc } = config.socialProviders;
  const list: SocialProviderInfo[] = [];
  if (github) list.push({ id: "github", name: "GitHub" });
  if (google) list.push({ id: "google", name: "Google" });
  if (oidc) list.push({ id: OIDC_PROVIDER_ID, name: oidc.name });
  return list;
}

/** Better Auth's own providers (GitHub, Google), only those configured. */
function builtInProviders(config: Config): BetterAuthOptions["socialProviders"] {
  const { github, google } = config.socialProviders;
  // With EMAIL_VERIFICATION=required an unverified provider address gets the same answer as
  // a password sign-in: a mail, and no session until the link is followed.
  const requireEmailVerification = config.emailVerification === "required";
  return {
    ...(github ? { github: { ...github, requireEmailVerification } } : {}),
    ...(google ? { google: { ...google, requireEmailVerification } } : {}),
  };
}

/** The generic provider: discovery through the issuer, PKCE, the id_token checked by its JWKS. */
function genericProvider(config: Config): BetterAuthPlugin[] {
  const oidc = config.socialProviders.oidc;
  if (!oidc) return [];
  return [
    genericOAuth({
      config: [
        {
          providerId: OIDC_PROVIDER_ID,
          name: oidc.name,
          clientId: oidc.clientId,
          clientSecret: oidc.clientSecret,
          discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
          scopes: ["openid", "email", "profile"],
          pkce: true,
          // The method every OpenID Provider supports (the registration default).
          authentication: "basic",
          // Without a usable jwks_uri an id_token could not be checked: the provider is skipped
          // (and discovery retried on the next sign-in) rather than trusted unchecked.
          requireIdTokenVerification: true,
          requireEmailVerification: config.emailVerification === "required",
        },
      ],
    }),
  ];
}

const isCallback = (path: string | undefined) => path === "/callback/:id";

/**
 * Where a callback's redirect goes, read from the error Better Auth throws for it (better-call's
 * own APIError, which is not the class better-auth/api exports, hence no instanceof). A relative
 * location is read against `base`; without one it counts as none.
 */
export function redirectTarget(returned: unknown, base?: string): URL | null {
  const headers = (returned as { headers?: unknown } | null)?.headers;
  const location = headers instanceof Headers ? headers.get("location") : null;
  if (!location || !URL.canParse(location, base)) return null;
  return new URL(location, base);
}

/** GET /api/auth/providers, the defaults of /sign-in/social, and the callback's log row. */
function socialSignIn(config: Config, record: RecordSecurityEvent) {
  const providers = configuredProviders(config);
  const pageUrl = (path: string) => new URL(path, config.baseUrl).href;
  return {
    id: "social-sign-in",
    endpoints: {
      listSocialProviders: createAuthEndpoint("/providers", { method: "GET" }, async (ctx) => {
        ctx.setHeader("Cache-Control", `public, max-age=${PROVIDERS_MAX_AGE_SECONDS}`);
        return ctx.json(providers);
      }),
    },
    hooks: {
      before: [
        {
          // An API client that names no pages still gets the plugin's: the profile questions
          // after a first sign-in, the login page (with ?error=) after a failed one.
          matcher: (ctx) => ctx.path === "/sign-in/social",
          handler: createAuthMiddleware(async (ctx) => {
            const body = (ctx.body ?? {}) as Record<string, unknown>;
            if (body.idToken !== undefined) return;
            return {
              context: {
                body: {
                  ...body,
                  newUserCallbackURL:
                    body.newUserCallbackURL ?? pageUrl(config.profileCompletePath),
                  errorCallbackURL: body.errorCallbackURL ?? pageUrl(config.loginPath),
                },
              },
            };
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => isCallback(ctx.path),
          handler: createAuthMiddleware(async (ctx) => {
            const target = redirectTarget(ctx.context.returned, "http://relative.invalid");
            const error = target?.searchParams.get("error") ?? null;
            const userId = error ? null : (ctx.context.newSession?.user.id ?? null);
            if (!error && !userId) return;
            await record({
              event: "signin",
              outcome: error ? "failure" : "success",
              user_id: userId,
              actor_id: null,
              // Which provider, and for a failure Better Auth's reason (a fixed vocabulary).
              reason: `${String(ctx.params?.id ?? "unknown").slice(0, 32)}${error ? `:${error.slice(0, 64)}` : ""}`,
              ip_address: ctx.request?.headers.get(CLIENT_IP_HEADER) ?? null,
              user_agent: ctx.request?.headers.get("user-agent")?.slice(0, 512) ?? null,
            });
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

/** The parts of Better Auth's options that social sign-in sets; auth.ts spreads them in. */
export function socialAuthOptions(config: Config, record: RecordSecurityEvent) {
  return {
    socialProviders: builtInProviders(config),
    account: {
      accountLinking: {
        enabled: true,
        // No provider is trusted to vouch for an address it did not verify.
        trustedProviders: [],
        requireLocalEmailVerified: true,
        allowDifferentEmails: false,
      },
    },
    /** Where a callback that cannot even read its state (forged, replayed, expired) ends. */
    errorURL: new URL(config.loginPath, config.baseUrl).href,
    plugins: [...genericProvider(config), socialSignIn(config, record)],
  };
}
