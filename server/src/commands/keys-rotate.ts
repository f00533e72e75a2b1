import type { Config } from "../config.ts";
import { createContext } from "../context.ts";
import { createLogger } from "../http/logger.ts";

/** `readerkit keys:rotate`: a new signing key now; old tokens verify until the grace period ends. */
export async function rotateKeys(config: Config): Promise<void> {
  // Warnings to stderr: stdout carries the command's answer only.
  const context = await createContext(config, createLogger("warn", process.stderr));
  try {
    const { kid, retired } = await context.auth.api.rotateSigningKey();
    console.log(
      `new signing key ${kid}; ${retired} older key(s) retired, verifying for ${config.jwtKeyGraceSeconds / 86_400} more day(s)`,
    );
  } finally {
    await context.close();
  }
}
