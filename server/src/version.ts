import { readFileSync } from "node:fs";

/** The server package's version, read once from its package.json (src/ and lib/ sit beside it). */
export const VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;
