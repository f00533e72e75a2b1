/**
 * The server as a library, for hosting it inside another Node process; most sites run the
 * `readerkit` command instead.
 */
export { buildApp } from "./app.ts";
export { start } from "./commands/start.ts";
export { type Config, ConfigError, loadConfig } from "./config.ts";
export { type AppContext, createContext } from "./context.ts";
