import type { Kysely } from "kysely";
import {
  type AccessTokenVerifier,
  InvalidTokenError,
  type VerifiedAccessToken,
} from "../auth/access-token.ts";
import { ACCESS_TOKEN_TTL_SECONDS } from "../auth/jwt-options.ts";
import type { Database } from "../db/database.ts";
import { settleSockets } from "../redis/settle.ts";
import type { KeyValueStore } from "../redis/store.ts";
import { anyTokenRevokedInDb, insertRevokedToken, liveRevokedTokens } from "./token.repository.ts";

/** Both the cache and the database are unreachable: the token cannot be checked, so it is refused. */
export class DenylistUnavailableError extends Error {
  readonly code = "SERVICE_UNAVAILABLE";
}

const key = (id: string) => `deny:${id}`;

/**
 * The entry that ends every access token of a Better Auth session at once (they carry its id
 * as `sid`), kept until the last token that session could have minted has expired.
 */
const sessionEntry = (sid: string) => `sid:${sid}`;
const SESSION_ENTRY_TTL_MS = (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;

/** Where every revocation is announced to every instance's mirror. */
const CHANNEL = "readerkit:revoked";
const RESYNC_RETRY_MS = 1_000;
const SWEEP_EVERY_MS = 60_000;

/**
 * The access-token denylist: single tokens (their `jti`) and whole sessions (their `sid`).
 * Postgres (`revoked_tokens`) is the truth and Redis holds a copy. The per-request check reads
 * neither: each instance keeps the live revocations in memory (a mirror), loaded from Postgres
 * once it hears the revocation channel and kept current by it. A revocation is in Postgres,
 * Redis and this mirror, then announced, before its request is answered; Redis has then
 * written the announcement to every listening instance, so the next request anywhere finds it.
 * Not listening (Redis away, a reconnect under way): the mirror is not trusted and the check
 * asks Redis, then Postgres; both down: refuse (never accept).
 * A revocation Redis missed is written and announced again when it answers, and `resync()`
 * (start-up, Redis recovery) copies every live row from Postgres into Redis.
 */
export function createDenylist(db: Kysely<Database>, store: KeyValueStore) {
  const missed = new Map<string, number>();
  /** The mirror: revoked id -> when its entry expires (ms). */
  const mirror = new Map<string, number>();
  /** The mirror holds every live revocation: loaded since the channel was last (re)joined. */
  let inSync = false;
  let generation = 0;

  async function loadMirror(loading: number): Promise<void> {
    try {
      const rows = await liveRevokedTokens(db, new Date());
      if (loading !== generation) return;
      for (const row of rows) remember(row.token_id, row.expires_at.getTime());
      inSync = true;
    } catch {
      // Postgres away: the mirror stays untrusted (Redis, then Postgres, answer) until it loads.
      if (loading === generation)
        setTimeout(() => void loadMirror(loading), RESYNC_RETRY_MS).unref();
    }
  }

  function remember(id: string, expiresAt: number) {
    if (expiresAt > Date.now()) mirror.set(id, Math.max(expiresAt, mirror.get(id) ?? 0));
  }

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, expiresAt] of mirror) if (expiresAt <= now) mirror.delete(id);
  }, SWEEP_EVERY_MS).unref();

  let replayTimer: NodeJS.Timeout | null = null;

  /** Redis's copy, and (for a new revocation) the announcement to every instance's mirror. */
  async function writeToStore(id: string, expiresAt: number, announce = true) {
    const ttlSeconds = Math.max(1, Math.ceil((expiresAt - Date.now()) / 1000));
    try {
      await store.set(key(id), "1", ttlSeconds);
      if (announce) await store.publish(CHANNEL, JSON.stringify({ id, expiresAt }));
      missed.delete(id);
    } catch {
      missed.set(id, expiresAt);
      // Tried again every second until Redis takes it.
      replayTimer ??= setTimeout(() => {
        replayTimer = null;
        void replayMissed();
      }, RESYNC_RETRY_MS).unref();
    }
  }

  async function replayMissed() {
    for (const [id, expiresAt] of missed) {
      if (expiresAt > Date.now()) await writeToStore(id, expiresAt);
      else missed.delete(id);
    }
  }

  async function revoke(id: string, userId: string, expiresAt: Date, reason: string) {
    await insertRevokedToken(db, { tokenId: id, userId, expiresAt, reason });
    remember(id, expiresAt.getTime());
    await writeToStore(id, expiresAt.getTime());
  }

  async function checkStoreThenDatabase(ids: string[]): Promise<boolean> {
    try {
      // Issued in the same tick, the lookups travel to Redis as one pipeline.
      const cached = await Promise.all(ids.map((id) => store.get(key(id))));
      if (missed.size) void replayMissed();
      if (cached.some((value) => value !== null)) return true;
      // A miss is trusted only when this instance has no revocation waiting to reach Redis.
      if (!ids.some((id) => missed.has(id))) return false;
    } catch {
      // Redis is away: Postgres decides.
    }
    try {
      return await anyTokenRevokedInDb(db, ids);
    } catch {
      throw new DenylistUnavailableError("token denylist unreachable");
    }
  }

  return {
    revoke,

    /** Joins the revocation channel; the mirror loads (and reloads) whenever it is heard. */
    async start() {
      const unsubscribe = await store.subscribe(CHANNEL, (message) => {
        try {
          const { id, expiresAt } = JSON.parse(message) as { id: string; expiresAt: number };
          if (typeof id === "string" && typeof expiresAt === "number") remember(id, expiresAt);
        } catch {
          // Not ours: ignored.
        }
      });
      // Subscribed first, so nothing announced while the mirror loads is missed.
      store.onSubscriberState((listening) => {
        generation++;
        inSync = false;
        if (listening) void loadMirror(generation);
      });
      store.onReady(() => void replayMissed());
      return unsubscribe;
    },

    /** Ends every access token of a session: sign-out, ban, password change, account deletion. */
    revokeSession(sid: string, userId: string, reason: string) {
      return revoke(sessionEntry(sid), userId, new Date(Date.now() + SESSION_ENTRY_TTL_MS), reason);
    },

    /** `settled`: the caller has let received socket events be handled since its request came. */
    async isRevoked(jti: string, sid?: string, settled = false): Promise<boolean> {
      const ids = sid ? [jti, sessionEntry(sid)] : [jti];
      if (inSync && !settled) await settleSockets();
      if (inSync) {
        const now = Date.now();
        return ids.some((id) => (mirror.get(id) ?? 0) > now);
      }
      return checkStoreThenDatabase(ids);
    },

    /** Copies every live revocation into Redis (the mirrors load their own from Postgres). */
    async resync() {
      const rows = await liveRevokedTokens(db, new Date());
      for (const row of rows) {
        if (row.expires_at.getTime() > Date.now())
          await writeToStore(row.token_id, row.expires_at.getTime(), false);
      }
      return rows.length;
    },

    close() {
      clearInterval(sweep);
      if (replayTimer) clearTimeout(replayTimer);
    },
  };
}

export type Denylist = ReturnType<typeof createDenylist>;

/**
 * The one check every bearer access token gets: signature and claims, then the denylist by its
 * own id and its session's. Throws InvalidTokenError, KeysUnavailableError or
 * DenylistUnavailableError.
 */
export async function checkAccessToken(
  verify: AccessTokenVerifier,
  denylist: Denylist,
  token: string,
  settled = false,
): Promise<VerifiedAccessToken> {
  const claims = await verify(token);
  if (await denylist.isRevoked(claims.jti, claims.sid ?? undefined, settled))
    throw new InvalidTokenError("revoked");
  return claims;
}
