import { once } from "node:events";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { buildApp } from "../app.ts";
import type { Config } from "../config.ts";
import { createContext } from "../context.ts";
import { createLogger } from "../http/logger.ts";

const DRAIN_TIMEOUT_MS = 10_000;

/** The port could not be taken; the message says which and what to do. */
export class ListenError extends Error {}

/** What a request gets while start-up (migrations, connections) is still under way. */
function starting(_req: IncomingMessage, res: ServerResponse): void {
  res
    .writeHead(503, { "Content-Type": "application/json", "Retry-After": "1" })
    .end(JSON.stringify({ code: "SERVICE_UNAVAILABLE", message: "ReaderKit is starting" }));
}

/**
 * Binds first, so a port in use fails at once, before migrations and connections are made;
 * until the app is ready, requests are answered 503 rather than left hanging.
 */
async function bind(config: Config): Promise<Server> {
  const server = createServer(starting);
  server.listen(config.port, config.host);
  try {
    await once(server, "listening");
    return server;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${config.host}:${config.port}`;
    if (code === "EADDRINUSE") {
      throw new ListenError(
        `port ${config.port} is already in use (${where}): stop what is using it, or choose another port with --port (or PORT)`,
      );
    }
    if (code === "EACCES") {
      throw new ListenError(`not allowed to listen on ${where}: choose a port above 1023`);
    }
    throw error;
  }
}

/** `readerkit start`: the API and the built site on one port until SIGTERM or SIGINT. */
export async function start(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  const server = await bind(config);
  const context = await createContext(config, log).catch((error: unknown) => {
    server.close();
    throw error;
  });
  server.off("request", starting);
  server.on("request", buildApp(context));
  log.info(
    {
      port: config.port,
      database: context.database.kind,
      store: context.store.kind,
      site: existsSync(config.siteDir) ? config.siteDir : "none (API only)",
    },
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
