/**
 * Profiles this instance read lately, in memory, so a profile read costs no Redis round trip.
 * Trusted only while the instance hears every profile event (the store's subscription is up):
 * a write here updates the mirror itself; a write anywhere else is announced before it begins
 * (readers here then follow Redis's write marker) and when it ends, and Redis has delivered
 * each announcement before the writer goes on. Losing the subscription drops every profile.
 * An event leaves a tombstone with its version, so a read that began before it cannot put the
 * older profile back.
 */
import type { EventBus } from "../events/bus.ts";
import type { KeyValueStore } from "../redis/store.ts";
import type { PublicProfile } from "./profile.service.ts";

const MAX_ENTRIES = 10_000;
/** A bound on trust, should a message ever be lost without the connection dropping. */
const ENTRY_TTL_MS = 60_000;
/** Stands for a write under way here: nothing may fill over it until the write ends. */
const WRITING = Number.MAX_SAFE_INTEGER;

type Entry = { profile: PublicProfile | null; version: number; expiresAt: number };

export function createProfileMirror(store: KeyValueStore, bus: EventBus) {
  const entries = new Map<string, Entry>();
  let listening = false;
  let generation = 0;

  function put(userId: string, profile: PublicProfile | null, version: number) {
    entries.delete(userId); // re-inserted last: the map's order is the eviction order
    entries.set(userId, { profile, version, expiresAt: Date.now() + ENTRY_TTL_MS });
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  }

  store.onSubscriberState((now) => {
    listening = now;
    generation++;
    // Events may have been missed: no profile is trusted any more, but the versions known stay,
    // so a read of an older copy (Redis before its stale entries are dropped) cannot come back.
    for (const entry of entries.values()) entry.profile = null;
  });
  bus.on("profile.updated", (event, origin) => {
    if (origin === "remote") put(event.userId, null, event.version);
  });
  // Another instance is about to write (or has deleted the profile): its Redis marker decides.
  const elsewhere = (event: { userId: string }, origin: string) => {
    if (origin === "remote") put(event.userId, null, WRITING);
  };
  bus.on("profile.writing", elsewhere);
  bus.on("profile.deleted", elsewhere);

  return {
    /** The profile, when this instance is sure it is the newest. */
    get(userId: string): PublicProfile | null {
      if (!listening) return null;
      const entry = entries.get(userId);
      if (!entry?.profile) return null;
      if (entry.expiresAt <= Date.now()) {
        entries.delete(userId);
        return null;
      }
      return entry.profile;
    },

    /** Taken before a read from Redis or Postgres, handed back to `fill` with its result. */
    generation: () => generation,

    /** A read's result: kept unless the subscription dropped since, or a newer version is known. */
    fill(profile: PublicProfile, readAt: number) {
      if (!listening || readAt !== generation) return;
      const known = entries.get(profile.userId);
      if (known && known.expiresAt > Date.now() && known.version > profile.version) return;
      put(profile.userId, profile, profile.version);
    },

    /** A write here begins: readers here skip the mirror until it ends. */
    writing(userId: string) {
      put(userId, null, WRITING);
    },

    /**
     * A write here ended: its profile is what readers get (not listening: only its version is
     * kept, so no older copy fills in); when it failed, nothing changed and nothing is kept.
     */
    written(userId: string, profile: PublicProfile | null) {
      if (profile) put(userId, listening ? profile : null, profile.version);
      else entries.delete(userId);
    },

    /** The profile is gone (account deleted): nothing may bring it back. */
    forget(userId: string) {
      put(userId, null, WRITING);
    },
  };
}

export type ProfileMirror = ReturnType<typeof createProfileMirror>;
