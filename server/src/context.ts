import { join } from "node:path";
import type { ProfileDraft } from "@readerkit/core/profile-schema";
import type { Logger } from "pino";
import { forgetAccountLogs } from "./account/account.repository.ts";
import { type AccessTokenVerifier, createAccessTokenVerifier } from "./auth/access-token.ts";
import { type AccessTokenIssuer, createAccessTokenIssuer } from "./auth/access-token-issuer.ts";
import { createAccountThrottle } from "./auth/account-throttle.ts";
import { type Auth, createAuth } from "./auth/auth.ts";
import { createHashGate, type HashGate } from "./auth/hash-gate.ts";
import { createKeyTableCache, jwtOptions } from "./auth/jwt-options.ts";
import { createSecondaryStorage } from "./auth/secondary-storage.ts";
import { type Authenticator, createAuthenticator } from "./authz/principal.ts";
import { createRequireAuth, type RequireAuth } from "./authz/require-auth.ts";
import { createStaleEntries } from "./cache/stale-entries.ts";
import type { Config } from "./config.ts";
import {
  type ContentIndexLoader,
  createContentIndexLoader,
} from "./content/content-index.loader.ts";
import {
  type ConnectOptions,
  type DatabaseHandle,
  describePglite,
  openDatabase,
} from "./db/connect.ts";
import { migrateUp } from "./db/migrate.ts";
import { transaction, withUserContext } from "./db/transaction.ts";
import { EventBus } from "./events/bus.ts";
import { LogSpool } from "./logs/log-spool.ts";
import { LogWriter } from "./logs/log-writer.ts";
import { createMailer } from "./mail/mailer.ts";
import { createMetrics, type Metrics } from "./metrics/metrics.ts";
import {
  contextCacheKey,
  createPersonalizationService,
  type PersonalizationService,
} from "./personalization/personalization.service.ts";
import {
  createProfileService,
  type ProfileService,
  parseProfileBackground,
  profileCacheKey,
} from "./profile/profile.service.ts";
import { insertAudit } from "./profile/profile.writes.ts";
import { createStore } from "./redis/index.ts";
import type { KeyValueStore } from "./redis/store.ts";
import { scheduleCleanup } from "./tokens/cleanup.ts";
import { createDenylist, type Denylist } from "./tokens/denylist.ts";
import { createRefreshTokens } from "./tokens/refresh-tokens.ts";
import { revokeSessionFamilies } from "./tokens/token.repository.ts";

const KEYS_CHANNEL = "readerkit:keys-rotated";

/** Everything a request handler may need, built once at start-up. */
export type AppContext = {
  config: Config;
  log: Logger;
  database: DatabaseHandle;
  store: KeyValueStore;
  auth: Auth;
  hashGate: HashGate;
  logs: LogWriter;
  bus: EventBus;
  denylist: Denylist;
  profiles: ProfileService;
  content: ContentIndexLoader;
  personalization: PersonalizationService;
  verifyAccessToken: AccessTokenVerifier;
  issueAccessToken: AccessTokenIssuer;
  authenticate: Authenticator;
  requireAuth: RequireAuth;
  metrics: Metrics;
  close(): Promise<void>;
};

export async function createContext(
  config: Config,
  log: Logger,
  connect: ConnectOptions = {},
): Promise<AppContext> {
  const database = await openDatabase(config.databaseUrl, {
    statementTimeoutMs: config.statementTimeoutMs,
    ...connect,
  });
  if (database.kind === "pglite") log.warn(describePglite(config));
  if (config.migrateOnStart) {
    const applied = await migrateUp(database.admin);
    if (applied.length) log.info({ applied }, "migrations applied");
  }
  const db = database.db;
  const store = await createStore(config.redisUrl, log);
  // Log rows the database cannot take wait on this instance's disk, under the data folder.
  const logs = new LogWriter(db, log, new LogSpool(join(config.dataDir, "log-spool")));
  const bus = new EventBus(store, log);
  await bus.start();
  const denylist = createDenylist(db, store);
  const stopDenylist = await denylist.start();
  // Start-up and every Redis reconnect: copy live revocations from Postgres into the store.
  const resync = () =>
    void denylist
      .resync()
      .catch((error: Error) => log.warn({ err: error.message }, "denylist resync failed"));
  resync();
  store.onReady(resync);
  // Entries Redis kept while profiles changed without it are dropped as soon as it is back.
  const stale = createStaleEntries(store, (userId) => [
    profileCacheKey(userId),
    contextCacheKey(userId),
  ]);
  store.onReady(() => void stale.drop());
  const secondaryStorage = createSecondaryStorage(store);
  const throttle = createAccountThrottle(secondaryStorage, config.signinThrottle);
  const verifyAccessToken = createAccessTokenVerifier(db, config);
  // A rotation anywhere (another instance, `npm run keys:rotate`) reaches every verifier.
  const keyTable = createKeyTableCache();
  const unsubscribeKeys = await store.subscribe(KEYS_CHANNEL, () => {
    verifyAccessToken.invalidate();
    keyTable.invalidate();
  });
  const profiles = createProfileService({ db, store, bus, log, stale });
  const hashGate = createHashGate(config.passwordHashing);
  const mailer = createMailer(config, log);
  const auth: Auth = createAuth({
    config,
    log,
    db,
    secondaryStorage,
    jwtOptions: jwtOptions(config, db, keyTable),
    throttle,
    tokenApi: {
      refreshTokens: createRefreshTokens({
        db,
        store,
        secret: config.authSecret,
        reuseIntervalMs: config.refreshReuseIntervalMs,
      }),
      denylist,
      verifyAccessToken,
      logs,
      profiles: {
        parseBackground: (background) => parseProfileBackground(background),
        saveBackground: async (userId, draft) => {
          await profiles.write(userId, { userId, isAdmin: false }, draft as ProfileDraft, "create");
        },
        read: (userId) => profiles.get(userId, { userId, isAdmin: false }),
      },
    },
    recordSecurityEvent: (row) => logs.record(row),
    hashGate,
    mailer,
    onKeysRotated: async (kid) => {
      verifyAccessToken.invalidate();
      keyTable.invalidate();
      await store.publish(KEYS_CHANNEL, kid).catch(() => {});
    },
    // Sign-out, a ban, a password change that ends other sessions, a device signed out,
    // account deletion: every access token and refresh token of the session dies with it, not
    // up to 15 minutes later, whichever way it was ended.
    onSessionEnded: async (session) => {
      await revokeSessionFamilies(db, session.id, new Date());
      await denylist.revokeSession(session.id, session.userId, "session_ended");
    },
    beforeDeleteUser: async (userId) => {
      // Rows still queued would otherwise land after the scrub, with their IPs.
      await logs.flush();
      await transaction(db, async (trx) => {
        await withUserContext(trx, { userId, isAdmin: false });
        await forgetAccountLogs(trx, userId);
        // The deletion itself is audited, without any of the reader's data.
        await insertAudit(trx, {
          userId,
          actorId: userId,
          action: "delete",
          oldValues: null,
          newValues: null,
        });
      });
    },
  });
  const metrics = createMetrics({
    database,
    store,
    logs,
    hashGate,
    bus,
    authPaths: Object.values(auth.api).map((endpoint) => endpoint.path),
  });
  const issueAccessToken = createAccessTokenIssuer(() => auth, db);
  const authenticate = createAuthenticator({ auth, verifyAccessToken, denylist, profiles });
  const requireAuth = createRequireAuth({
    authenticate,
    logs,
    profileCompletePath: config.profileCompletePath,
  });
  const stopCleanup = scheduleCleanup(db, log, config.cleanupIntervalMs);
  const content = createContentIndexLoader(
    { indexFile: config.contentIndexPath, docsDir: config.docsDir },
    log,
  );
  const personalization = createPersonalizationService({
    db,
    store,
    bus,
    content,
    log,
    profileCompletePath: config.profileCompletePath,
    stale,
  });
  return {
    config,
    log,
    database,
    store,
    auth,
    hashGate,
    logs,
    bus,
    denylist,
    profiles,
    content,
    personalization,
    verifyAccessToken,
    issueAccessToken,
    authenticate,
    requireAuth,
    metrics,
    close: async () => {
      await hashGate.close();
      mailer.close();
      stopCleanup();
      content.close();
      await logs.close();
      await bus.close();
      await unsubscribeKeys();
      await stopDenylist();
      denylist.close();
      await store.close();
      await database.close();
      metrics.close();
    },
  };
}
