/**
 * A real OpenID Provider for the tests (`oidc-provider`, a certified implementation), in this
 * process on its own port: discovery, JWKS, authorization with PKCE, a login form (its
 * development interactions: any login name, any password), token and userinfo endpoints. Its
 * accounts are the test's: each says its email and whether the provider verified it. Consent is
 * given once a reader has signed in, so a flow is: authorize -> login form -> back to the client.
 */
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import Provider, { type KoaContext } from "oidc-provider";
import { freePort } from "../adoption/processes.ts";
import { startApp, type TestApp } from "./app.ts";
import type { Backend } from "./backends.ts";

export type OidcClient = { clientId: string; clientSecret: string; redirectUri: string };
export type OidcAccount = { login: string; email: string; emailVerified: boolean; name: string };

export type OidcProvider = {
  issuer: string;
  /** The client ReaderKit is configured with. */
  client: OidcClient;
  /** Another client of the same provider (another audience). */
  otherClient: OidcClient;
  /** A new account; its login name is unique. */
  addAccount(account: Omit<OidcAccount, "login">): OidcAccount;
  /** A browser at the provider: follows `authorizeUrl`, signs in as `login`, returns where it sends back. */
  signInAt(authorizeUrl: string, login: string): Promise<URL>;
  /** An id_token the provider issued to `otherClient` for `login`. */
  idTokenForOtherClient(login: string): Promise<string>;
  close(): Promise<void>;
};

/** The display name the tests give the provider (OIDC_NAME): its button says "Continue with Acme ID". */
export const OIDC_NAME = "Acme ID";

let counter = 0;

/** `port`: one the relying party was told about before the provider started. */
export async function startOidcProvider(callbackUrl: string, port?: number): Promise<OidcProvider> {
  port ??= await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const secret = () => randomBytes(24).toString("base64url");
  const client = { clientId: "readerkit", clientSecret: secret(), redirectUri: callbackUrl };
  const otherClient = {
    clientId: "another-app",
    clientSecret: secret(),
    redirectUri: "http://127.0.0.1:9/another-app/callback",
  };
  const accounts = new Map<string, OidcAccount>();
  const provider = new Provider(issuer, {
    clients: [client, otherClient].map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: account.email,
          email_verified: account.emailVerified,
          name: account.name,
        }),
      };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: [secret()] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    // Consent is implied: the tests are about the relying party, not the provider's screens.
    loadExistingGrant: async (ctx: KoaContext) => {
      const { client: who, session, result, provider: op } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? (who && session?.grantIdFor(who.clientId));
      if (grantId) return op.Grant.find(grantId);
      if (!who || !session?.accountId) return undefined;
      const grant = new op.Grant({ accountId: session.accountId, clientId: who.clientId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  const server = createServer(provider.callback());
  server.listen(port, "127.0.0.1");
  await once(server, "listening");

  return {
    issuer,
    client,
    otherClient,
    addAccount(account) {
      const login = `reader-${process.pid}-${++counter}`;
      const full = { login, ...account };
      accounts.set(login, full);
      return full;
    },
    signInAt: (authorizeUrl, login) => signInAt(issuer, authorizeUrl, login),
    async idTokenForOtherClient(login) {
      const verifier = randomBytes(32).toString("base64url");
      const url = new URL(`${issuer}/auth`);
      url.search = new URLSearchParams({
        client_id: otherClient.clientId,
        redirect_uri: otherClient.redirectUri,
        response_type: "code",
        scope: "openid email profile",
        state: "s",
        nonce: "n",
        code_challenge: createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
      }).toString();
      const back = await signInAt(issuer, url.href, login);
      const response = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${otherClient.clientId}:${otherClient.clientSecret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code: back.searchParams.get("code") ?? "",
          redirect_uri: otherClient.redirectUri,
          code_verifier: verifier,
        }),
      });
      const tokens = (await response.json()) as { id_token?: string };
      if (!tokens.id_token) throw new Error(`no id_token: ${JSON.stringify(tokens)}`);
      return tokens.id_token;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type AppWithProvider = { op: OidcProvider; app: TestApp; close(): Promise<void> };

/**
 * A provider and the app configured with it (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
 * then `env`). The provider must know the app's callback before the app starts, so the app's
 * port is chosen first (or given: `port`, when the site was built with the server's URL).
 */
export async function startAppWithProvider(
  backend: Backend,
  env: Record<string, string> = {},
  port?: number,
): Promise<AppWithProvider> {
  port ??= await freePort();
  const op = await startOidcProvider(`http://127.0.0.1:${port}/api/auth/callback/oidc`);
  let app: TestApp;
  try {
    app = await startApp(backend, {
      port,
      env: {
        OIDC_ISSUER: op.issuer,
        OIDC_CLIENT_ID: op.client.clientId,
        OIDC_CLIENT_SECRET: op.client.clientSecret,
        ...env,
      },
    });
  } catch (error) {
    await op.close();
    throw error;
  }
  return {
    op,
    app,
    async close() {
      await app.close();
      await op.close();
    },
  };
}

/** Follows the provider's redirects with its cookies, fills its login form, stops at the client. */
async function signInAt(issuer: string, authorizeUrl: string, login: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  let url = authorizeUrl;
  for (let hop = 0; hop < 10; hop++) {
    const response = await go(url);
    const location = response.headers.get("location");
    if (!location) {
      const page = await response.text();
      // The login form: post the login name (any password) to its action.
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      if (!action || !page.includes('name="login"')) {
        throw new Error(`the provider answered ${response.status} without a login form: ${page}`);
      }
      const submitted = await go(new URL(action.replaceAll("&amp;", "&"), issuer).href, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ prompt: "login", login, password: "any" }).toString(),
      });
      url = new URL(submitted.headers.get("location") ?? "", issuer).href;
      continue;
    }
    const next = new URL(location, url);
    if (next.origin !== issuer) return next;
    url = next.href;
  }
  throw new Error("the provider never sent the browser back");
}
