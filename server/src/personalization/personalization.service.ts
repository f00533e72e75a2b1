import { asCompleteProfile, type ProfileDraft } from "@readerkit/core/profile-schema";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { StaleEntries } from "../cache/stale-entries.ts";
import type { ContentIndexLoader } from "../content/content-index.loader.ts";
import type { Database } from "../db/database.ts";
import { transaction, withUserContext } from "../db/transaction.ts";
import type { EventBus } from "../events/bus.ts";
import { AppError } from "../http/errors.ts";
import { findProfile } from "../profile/profile.repository.ts";
import type { KeyValueStore } from "../redis/store.ts";
import { composePersonalizationContext, type PersonalizationContext } from "./context.ts";
import { upsertPreferences } from "./personalization.repository.ts";

export type StoredContext = PersonalizationContext & {
  userId: string;
  profileVersion: number;
  generatedAt: string;
};

export const CONTEXT_TTL_SECONDS = 3600;
/** The per-instance copy is short-lived; other instances drop it on the event anyway. */
const LOCAL_TTL_MS = 10_000;
export const contextCacheKey = (userId: string) => `personalization:${userId}`;
const cacheKey = contextCacheKey;

/**
 * Builds, stores and caches each reader's personalization context. Two cache levels: a small
 * in-process map (dropped on every instance through the event bus) and Redis for an hour.
 * A profile change rebuilds the context on the instance that wrote it (overwriting Redis);
 * every write to Redis is guarded by the profile version, so a slow read never replaces a
 * fresher build.
 */
export function createPersonalizationService(deps: {
  db: Kysely<Database>;
  store: KeyValueStore;
  bus: EventBus;
  content: ContentIndexLoader;
  log: Logger;
  profileCompletePath: string;
  stale: StaleEntries;
}) {
  const local = new Map<string, { context: StoredContext; until: number }>();
  /** Profile versions announced by events and not yet seen in a context: older copies are stale. */
  const announced = new Map<string, number>();
  const isStale = (context: StoredContext) =>
    context.profileVersion < (announced.get(context.userId) ?? 0);

  async function build(userId: string): Promise<StoredContext> {
    const index = await deps.content.get();
    return transaction(deps.db, async (trx) => {
      await withUserContext(trx, { userId, isAdmin: false });
      const record = await findProfile(trx, userId);
      const profile = record
        ? asCompleteProfile({
            software: record.software,
            hardware: record.hardware,
          } as ProfileDraft)
        : null;
      if (!record || !profile) {
        throw new AppError(
          "AUTH_PROFILE_INCOMPLETE",
          "Complete your profile to unlock personalized content.",
          undefined,
          {
            redirectTo: deps.profileCompletePath,
          },
        );
      }
      const context = composePersonalizationContext(profile, index);
      await upsertPreferences(trx, userId, context.preferences, context.ui);
      return {
        userId,
        profileVersion: record.version,
        generatedAt: new Date().toISOString(),
        ...context,
      };
    });
  }

  async function remember(context: StoredContext) {
    local.set(context.userId, { context, until: Date.now() + LOCAL_TTL_MS });
    const key = cacheKey(context.userId);
    await deps.store
      .setIfNewer(
        key,
        JSON.stringify(context),
        CONTEXT_TTL_SECONDS,
        "profileVersion",
        context.profileVersion,
      )
      // Could not write the fresh value: no older one may survive, now or once Redis is back.
      .catch(() => deps.store.del(key).catch(() => deps.stale.add(context.userId)));
  }

  async function rebuild(userId: string): Promise<StoredContext> {
    const context = await build(userId);
    await remember(context);
    return context;
  }

  const onProfileChange = async (
    event: { userId: string; version: number },
    origin: "local" | "remote",
  ) => {
    local.delete(event.userId);
    announced.set(event.userId, Math.max(event.version, announced.get(event.userId) ?? 0));
    if (origin === "local")
      await rebuild(event.userId).catch(() =>
        deps.store.del(cacheKey(event.userId)).catch(() => deps.stale.add(event.userId)),
      );
  };
  deps.bus.on("profile.updated", (event, origin) => onProfileChange(event, origin));
  deps.bus.on("profile.completed", (event, origin) => onProfileChange(event, origin));

  return {
    async get(
      userId: string,
    ): Promise<{ context: StoredContext; cache: "local" | "redis" | "miss" }> {
      const mine = local.get(userId);
      if (mine && mine.until > Date.now()) return { context: mine.context, cache: "local" };
      const cached = await deps.store.get(cacheKey(userId)).catch(() => null);
      const fromRedis = cached ? (JSON.parse(cached) as StoredContext) : null;
      if (fromRedis && !isStale(fromRedis)) {
        local.set(userId, { context: fromRedis, until: Date.now() + LOCAL_TTL_MS });
        return { context: fromRedis, cache: "redis" };
      }
      const context = await build(userId);
      await remember(context);
      if (!isStale(context)) announced.delete(userId);
      return { context, cache: "miss" };
    },
    refresh: rebuild,
  };
}

export type PersonalizationService = ReturnType<typeof createPersonalizationService>;
