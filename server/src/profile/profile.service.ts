import {
  type HardwareDraft,
  missingProfileFields,
  type ProfileDraft,
  profileBackgroundSchema,
  profileWriteSchema,
  type SoftwareDraft,
} from "@readerkit/core/profile-schema";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { StaleEntries } from "../cache/stale-entries.ts";
import type { Database } from "../db/database.ts";
import { transaction, type UserContext, withUserContext } from "../db/transaction.ts";
import type { EventBus } from "../events/bus.ts";
import { AppError } from "../http/errors.ts";
import { settleSockets } from "../redis/settle.ts";
import type { KeyValueStore } from "../redis/store.ts";
import { findProfile, type ProfileRecord } from "./profile.repository.ts";
import {
  bumpProfileRow,
  insertAudit,
  insertProfileRow,
  lockProfileVersion,
  upsertHardware,
  upsertSoftware,
} from "./profile.writes.ts";
import { createProfileMirror } from "./profile-mirror.ts";

/** The profile as the API answers it. */
export type PublicProfile = {
  userId: string;
  profileComplete: boolean;
  version: number;
  missingFields: string[];
  softwareBackground: SoftwareDraft | null;
  hardwareBackground: HardwareDraft | null;
  createdAt: string;
  updatedAt: string;
};

export const PROFILE_CACHE_TTL_SECONDS = 3600;
export const profileCacheKey = (userId: string) => `profile:${userId}`;
const cacheKey = profileCacheKey;
/**
 * Stands in the cache while a write is under way (longer than any statement may run): readers
 * treat it as a miss and cannot fill over it (its version is above any real one). If the writer
 * dies between its commit and its cache write, readers still go to Postgres until it expires.
 */
const WRITING = JSON.stringify({ version: Number.MAX_SAFE_INTEGER, writing: true });
const WRITING_TTL_SECONDS = 30;

function toDraft(record: ProfileRecord): ProfileDraft {
  return { software: record.software, hardware: record.hardware } as ProfileDraft;
}

export function toPublicProfile(record: ProfileRecord): PublicProfile {
  return {
    userId: record.userId,
    profileComplete: record.profileComplete,
    version: record.version,
    missingFields: missingProfileFields(toDraft(record)),
    softwareBackground: record.software as SoftwareDraft | null,
    hardwareBackground: record.hardware as HardwareDraft | null,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** zod issues -> our 400 with each field's path and reason. */
function parseOrThrow(schema: typeof profileWriteSchema, body: unknown): ProfileDraft {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  // An unknown field is named in the path itself, so a form can point at it.
  const details = parsed.error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: [...issue.path, key].join("."), message: issue.message }))
      : [{ path: issue.path.join("."), message: issue.message }],
  );
  const first = details[0];
  throw new AppError(
    "VALIDATION_FAILED",
    first ? `${first.path || "body"}: ${first.message}` : "Invalid profile",
    details,
  );
}

/** A profile write body: full form, short form, or seed 002's `{background}` envelope. */
export const parseProfileWrite = (body: unknown) => parseOrThrow(profileWriteSchema, body);

/** Sign-up's `background`: the same schema as the envelope's content, so both mean one thing. */
export const parseProfileBackground = (background: unknown) =>
  parseOrThrow(profileBackgroundSchema, background);

export type ProfileWriteResult = { profile: PublicProfile; completed: boolean };

/**
 * Profiles: reads (cache first, then Postgres under row-level security) and writes (one
 * transaction over the three tables with an audit row; optimistic concurrency on `version`).
 * After a commit the cache gets the new profile (version-guarded), then events go out.
 */
export function createProfileService(deps: {
  db: Kysely<Database>;
  store: KeyValueStore;
  bus: EventBus;
  log: Logger;
  stale: StaleEntries;
}) {
  const mirror = createProfileMirror(deps.store, deps.bus);

  async function readCache(userId: string): Promise<PublicProfile | null> {
    try {
      const cached = await deps.store.get(cacheKey(userId));
      const entry = cached ? (JSON.parse(cached) as PublicProfile & { writing?: true }) : null;
      return entry?.writing ? null : entry;
    } catch {
      return null; // Cache fails open: Postgres answers.
    }
  }

  /** A fill by a reader: never over a fresher version, nor over a write under way. */
  async function fill(profile: PublicProfile) {
    const key = cacheKey(profile.userId);
    await deps.store
      .setIfNewer(
        key,
        JSON.stringify(profile),
        PROFILE_CACHE_TTL_SECONDS,
        "version",
        profile.version,
      )
      .catch(() => {});
  }

  /** Before a write: its marker replaces the entry. Redis away: the entry is dropped on return. */
  async function beginWrite(userId: string) {
    mirror.writing(userId);
    await deps.store
      .set(cacheKey(userId), WRITING, WRITING_TTL_SECONDS)
      .catch(() => deps.stale.add(userId));
    // Other instances stop serving their in-memory copy before the new version can commit.
    await deps.bus.emit({ type: "profile.writing", userId, version: 0 });
  }

  /** After the commit: the new version replaces the marker (or, Redis away, is dropped later). */
  async function endWrite(userId: string, profile: PublicProfile | null) {
    mirror.written(userId, profile);
    const key = cacheKey(userId);
    try {
      await deps.store.del(key);
      if (profile) await fill(profile);
    } catch {
      deps.stale.add(userId);
    }
  }

  return {
    /**
     * Reads a profile; `actor` decides what row-level security lets through. `settled`: the
     * caller has let received socket events be handled since its request came (settleSockets).
     */
    async get(
      userId: string,
      actor: UserContext,
      { settled = false } = {},
    ): Promise<PublicProfile | null> {
      if (mirror.get(userId)) {
        if (!settled) await settleSockets();
        const mirrored = mirror.get(userId);
        if (mirrored) return mirrored;
      }
      const readAt = mirror.generation();
      const cached = await readCache(userId);
      if (cached) {
        mirror.fill(cached, readAt);
        return cached;
      }
      const record = await transaction(deps.db, async (trx) => {
        await withUserContext(trx, actor);
        return findProfile(trx, userId);
      });
      if (!record) return null;
      const profile = toPublicProfile(record);
      // Version-guarded: a fill racing a write never replaces the writer's fresher value.
      await fill(profile);
      mirror.fill(profile, readAt);
      return profile;
    },

    /** Creates (mode "create"), or updates an existing profile (mode "update"). */
    async write(
      userId: string,
      actor: UserContext & { userId: string },
      draft: ProfileDraft,
      mode: "create" | "update",
    ): Promise<ProfileWriteResult> {
      await beginWrite(userId);
      const result = await transaction(deps.db, async (trx) => {
        await withUserContext(trx, actor);
        const currentVersion = await lockProfileVersion(trx, userId);
        if (mode === "create" && currentVersion !== null) {
          throw new AppError(
            "PROFILE_EXISTS",
            "This reader already has a profile; update it with PUT",
          );
        }
        if (mode === "update" && currentVersion === null) {
          throw new AppError("PROFILE_NOT_FOUND", "No profile yet; create it with POST");
        }
        if (
          draft.version !== undefined &&
          currentVersion !== null &&
          draft.version !== currentVersion
        ) {
          throw new AppError(
            "PROFILE_VERSION_CONFLICT",
            "The profile changed since you loaded it; reload it and apply your edit again",
            { expectedVersion: draft.version, currentVersion },
          );
        }
        const before = currentVersion === null ? null : await findProfile(trx, userId);
        const merged: ProfileDraft = {
          software: draft.software ?? (before?.software as SoftwareDraft | null) ?? null,
          hardware: draft.hardware ?? (before?.hardware as HardwareDraft | null) ?? null,
        };
        const complete = missingProfileFields(merged).length === 0;
        if (currentVersion === null) await insertProfileRow(trx, userId, complete);
        else await bumpProfileRow(trx, userId, currentVersion, complete);
        if (merged.software) await upsertSoftware(trx, userId, merged.software);
        if (merged.hardware) await upsertHardware(trx, userId, merged.hardware);
        const after = await findProfile(trx, userId);
        if (!after) throw new Error("profile vanished inside its own transaction");
        await insertAudit(trx, {
          userId,
          actorId: actor.userId,
          action: before ? "update" : "create",
          oldValues: before
            ? { software: before.software, hardware: before.hardware, version: before.version }
            : null,
          newValues: { software: after.software, hardware: after.hardware, version: after.version },
        });
        return { profile: toPublicProfile(after), completed: complete && !before?.profileComplete };
      }).catch(async (error: { code?: string }) => {
        await endWrite(userId, null);
        // Two first writes racing: the unique user_id lets one in; the other is told plainly.
        if (error.code === "23505") {
          throw new AppError(
            "PROFILE_EXISTS",
            "This reader already has a profile; update it with PUT",
          );
        }
        throw error;
      });
      await endWrite(userId, result.profile);
      const { version } = result.profile;
      await deps.bus.emit({ type: "profile.updated", userId, version });
      if (result.completed) await deps.bus.emit({ type: "profile.completed", userId, version });
      return result;
    },

    async forget(userId: string): Promise<void> {
      mirror.forget(userId);
      await deps.store.del(cacheKey(userId)).catch(() => {});
      await deps.bus.emit({ type: "profile.deleted", userId, version: 0 });
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
