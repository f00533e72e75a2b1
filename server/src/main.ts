import { once } from "node:events";
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { buildApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createContext } from "./context.ts";
import { createLogger } from "./http/logger.ts";

const DRAIN_TIMEOUT_MS = 10_000;

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const context = await createContext(config, log);
  const server = buildApp(context).listen(config.port, config.host);
  await once(server, "listening");
  log.info(
    { port: config.port, database: context.database.kind, store: context.store.kind },
    `ReaderKit listening on ${config.baseUrl}`,
  );
  const sockets = trackSockets(server);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: no new connections, draining requests");
    const forced = setTimeout(() => {
      for (const socket of sockets) socket.destroy();
    }, DRAIN_TIMEOUT_MS).unref();
    server.close();
    server.closeIdleConnections();
    await once(server, "close").catch(() => {});
    clearTimeout(forced);
    await context.close();
    log.flush();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return sockets;
}

await main();
