import type { BetterAuthPlugin } from "better-auth";
import { createAuthEndpoint } from "better-auth/api";
import { createJwk } from "better-auth/plugins";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import type { JwtPluginOptions } from "./jwt-options.ts";

/**
 * Key rotation, callable from the server only (`npm run keys:rotate`, never over HTTP): adds a
 * new signing key (the jwt plugin signs with the newest) and retires the others by setting
 * their expiry to now. A retired key stays in the JWKS, and keeps verifying, for the grace
 * period (JWT_KEY_GRACE_DAYS); then tokens signed with it fail.
 */
export const signingKeys = (
  jwtOptions: JwtPluginOptions,
  db: Kysely<Database>,
  onRotated: (kid: string) => Promise<void>,
) =>
  ({
    id: "signing-keys",
    endpoints: {
      rotateSigningKey: createAuthEndpoint.serverOnly({ method: "POST" }, async (ctx) => {
        const key = await createJwk(ctx, jwtOptions);
        const retired = await db
          .updateTable("jwks")
          .set({ expiresAt: new Date() })
          .where("id", "!=", key.id)
          .where("expiresAt", "is", null)
          .executeTakeFirst();
        await onRotated(key.id);
        return ctx.json({ kid: key.id, retired: Number(retired.numUpdatedRows) });
      }),
    },
  }) satisfies BetterAuthPlugin;
