import { createLocalJWKSet, errors, type JSONWebKeySet, jwtVerify } from "jose";
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import type { AccessClaims } from "./claims.ts";

export type VerifiedAccessToken = AccessClaims & { sub: string; exp: number; iat: number };

/** Thrown for every token that must not be accepted; the reason is for logs, never for clients. */
export class InvalidTokenError extends Error {
  readonly code = "AUTH_TOKEN_INVALID";
}

/** The signing keys cannot be read (database down): the token can be neither accepted nor refused. */
export class KeysUnavailableError extends Error {
  readonly code = "SERVICE_UNAVAILABLE";
}

const ALLOWED_ALGORITHMS = ["RS256"];
const KEYS_TTL_MS = 60_000;
/** An unknown kid refreshes the key set at most this often, so forged kids cannot hammer the DB. */
const REFRESH_MIN_INTERVAL_MS = 5_000;
const CLOCK_TOLERANCE_SECONDS = 5;
/** Tokens whose signature and claims were already checked against the current key set. */
const VERIFIED_CACHE_SIZE = 5_000;

/**
 * Verifies access JWTs locally against our own signing keys (the `jwks` table, read through
 * and cached): signature, alg allow-list, iss, aud, exp/nbf, required claims and `typ`.
 * The denylist check is the caller's next step.
 *
 * A client presents the same token on every request for up to 15 minutes, so the outcome of
 * a full check is remembered (keyed by the exact token text, bounded, oldest dropped first)
 * until the key set is read again: a token seen before only has its expiry checked.
 */
export function createAccessTokenVerifier(db: Kysely<Database>, config: Config) {
  let keys: ReturnType<typeof createLocalJWKSet> | null = null;
  let loadedAt = 0;
  let keysFingerprint = "";
  /** Keyed by the token's last 43 characters (256 bits of its signature): a token can be 1.5 KB
   * (its profile claims), and hashing all of it on every request showed in the profile. A hit
   * counts only when the whole token is the same. */
  const verified = new Map<string, { token: string; claims: VerifiedAccessToken }>();
  const keyOf = (token: string) => token.slice(-43);

  async function loadKeys(): Promise<ReturnType<typeof createLocalJWKSet>> {
    const rows = await db
      .selectFrom("jwks")
      .select(["id", "publicKey", "alg", "expiresAt"])
      .execute()
      .catch((error: Error) => {
        throw new KeysUnavailableError(`signing keys unreadable: ${error.message}`);
      });
    const now = Date.now();
    const jwks: JSONWebKeySet = {
      keys: rows
        .filter(
          (row) =>
            !row.expiresAt || row.expiresAt.getTime() + config.jwtKeyGraceSeconds * 1000 > now,
        )
        .map((row) => ({ ...JSON.parse(row.publicKey), kid: row.id, alg: row.alg ?? "RS256" })),
    };
    keys = createLocalJWKSet(jwks);
    loadedAt = now;
    // Keys gone (a grace period ended, a rotation): every token is checked against the new set.
    // The same set read again (every minute) keeps what was verified: re-verifying each token
    // would put an RS256 verification back on every reader's next request.
    const fingerprint = jwks.keys
      .map((key) => key.kid)
      .sort()
      .join(",");
    if (fingerprint !== keysFingerprint) verified.clear();
    keysFingerprint = fingerprint;
    return keys;
  }

  async function keySet(force = false) {
    const age = Date.now() - loadedAt;
    if (!keys || age > KEYS_TTL_MS || (force && age > REFRESH_MIN_INTERVAL_MS)) return loadKeys();
    return keys;
  }

  async function verifyWith(token: string, force: boolean) {
    return jwtVerify(token, await keySet(force), {
      algorithms: ALLOWED_ALGORITHMS,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      requiredClaims: ["exp", "iat", "sub", "jti"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
  }

  function remember(token: string, claims: VerifiedAccessToken): VerifiedAccessToken {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value ?? "");
    verified.set(keyOf(token), { token, claims: Object.freeze(claims) });
    return claims;
  }

  async function verifyAccessToken(token: string): Promise<VerifiedAccessToken> {
    // Reads the key set again when it is stale, which also empties the cache.
    if (!keys || Date.now() - loadedAt > KEYS_TTL_MS) await keySet();
    const known = verified.get(keyOf(token));
    if (known && known.token === token) {
      if (known.claims.exp + CLOCK_TOLERANCE_SECONDS > Date.now() / 1000) return known.claims;
      verified.delete(keyOf(token));
      throw new InvalidTokenError("token expired");
    }
    try {
      let result: Awaited<ReturnType<typeof verifyWith>>;
      try {
        result = await verifyWith(token, false);
      } catch (error) {
        // A key added by a rotation on another instance: look once more, rate-limited.
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
        result = await verifyWith(token, true);
      }
      if (result.payload.typ !== "access") throw new InvalidTokenError("not an access token");
      return remember(token, result.payload as unknown as VerifiedAccessToken);
    } catch (error) {
      if (error instanceof InvalidTokenError || error instanceof KeysUnavailableError) throw error;
      if (
        error instanceof errors.JOSEError ||
        error instanceof TypeError ||
        error instanceof SyntaxError
      ) {
        throw new InvalidTokenError(error.message);
      }
      throw error;
    }
  }

  /** Forget the cached keys (after a rotation anywhere): the next token reloads them (and the
   * reload forgets the verified tokens). */
  verifyAccessToken.invalidate = () => {
    keys = null;
  };
  return verifyAccessToken;
}

export type AccessTokenVerifier = ReturnType<typeof createAccessTokenVerifier>;
