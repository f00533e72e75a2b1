/**
 * Lazy rehash of imported passwords (readers brought over from Supabase keep their bcrypt hash;
 * `readerkit import`). The one place is the `verify` Better Auth calls for every password check:
 * its own /sign-in/email, our token API's /signin, and change-password / delete-user all go
 * through `ctx.context.password.verify`, so a hook per endpoint would miss some. When the stored
 * hash is bcrypt and the password matches, the password is hashed again with our scrypt and the
 * account row holding that exact bcrypt hash is updated, in the same request, through Better
 * Auth's adapter (so it joins the request's transaction when there is one; PGlite has only one
 * connection). Matching on the old hash makes two concurrent sign-ins harmless: the second
 * update finds nothing. A failed rehash never fails the sign-in: the next one tries again.
 *
 * bcrypt reads only the first 72 bytes of a password; the scrypt hash that replaces it covers the
 * whole password the reader typed, so from then on every byte counts.
 */
import { getCurrentAdapter, tryGetCurrentAuthEndpointContext } from "@better-auth/core/context";
import { isBcryptHash } from "./hash-gate.ts";

type PasswordFunctions = {
  hash(password: string): Promise<string>;
  verify(data: { hash: string; password: string }): Promise<boolean>;
};

export function lazyRehash(password: PasswordFunctions): PasswordFunctions {
  async function replace(oldHash: string, plaintext: string): Promise<void> {
    const ctx = tryGetCurrentAuthEndpointContext();
    if (!ctx) return;
    try {
      const fresh = await password.hash(plaintext);
      const adapter = await getCurrentAdapter(ctx.context.adapter);
      await adapter.updateMany({
        model: "account",
        where: [
          { field: "providerId", value: "credential" },
          { field: "password", value: oldHash },
        ],
        update: { password: fresh, updatedAt: new Date() },
      });
    } catch (error) {
      ctx.context.logger.warn(`bcrypt rehash postponed: ${(error as Error).message}`);
    }
  }

  return {
    hash: password.hash,
    async verify(data) {
      const valid = await password.verify(data);
      if (valid && isBcryptHash(data.hash)) await replace(data.hash, data.password);
      return valid;
    },
  };
}
