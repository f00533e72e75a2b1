import { once } from "node:events";
import { type AddressInfo, connect, createServer, type Server, type Socket } from "node:net";
import { WebSocketServer } from "ws";

/**
 * A TCP forwarder that a test can cut (every connection dropped, new ones reset at once) and
 * restore, or silence (a partition), to play an outage against the real Postgres or Redis. The listener stays bound
 * while cut, so no parallel test file can take its port before `restore()`.
 */
export class TcpProxy {
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<Socket>();
  #server: Server | null = null;
  #cut = false;
  #silent = false;
  port = 0;

  constructor(target: { host: string; port: number }) {
    this.#target = target;
  }

  async start(): Promise<this> {
    const server = createServer((client) => {
      if (this.#cut) {
        client.resetAndDestroy();
        return;
      }
      const upstream = connect(this.#target.port, this.#target.host);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on("close", () => this.#sockets.delete(socket));
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      // Forwarded by hand so `silence()` can drop the traffic while the connections stay open.
      const forward = (from: Socket, to: Socket) => {
        from.on("data", (chunk) => {
          if (!this.#silent) to.write(chunk);
        });
        from.on("end", () => to.end());
      };
      forward(client, upstream);
      forward(upstream, client);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    this.#server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async cut(): Promise<void> {
    this.#cut = true;
    for (const socket of this.#sockets) socket.destroy();
  }

  /** A partition: nothing gets through any more, yet no connection is closed or reset. */
  silence(): void {
    this.#silent = true;
  }

  async restore(): Promise<void> {
    this.#cut = false;
  }

  async close(): Promise<void> {
    await this.cut();
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

/**
 * The WebSocket-to-TCP relay that lets the Neon serverless driver reach a plain Postgres:
 * `neonConfig.wsProxy` points at it with `?address=host:port` (DESIGN §2).
 */
export class NeonRelay {
  readonly #wss: WebSocketServer;
  readonly #sockets = new Set<Socket>();
  port = 0;

  private constructor(wss: WebSocketServer) {
    this.#wss = wss;
  }

  static async start(redirect?: () => { host: string; port: number }): Promise<NeonRelay> {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await once(wss, "listening");
    const relay = new NeonRelay(wss);
    relay.port = (wss.address() as AddressInfo).port;
    wss.on("connection", (ws, req) => {
      const address = new URL(req.url ?? "/", "http://relay").searchParams.get("address") ?? "";
      const [host = "127.0.0.1", port = "5432"] = address.split(":");
      const target = redirect?.() ?? { host, port: Number(port) };
      const tcp = connect(target.port, target.host);
      relay.#sockets.add(tcp);
      tcp.on("close", () => {
        relay.#sockets.delete(tcp);
        ws.close();
      });
      tcp.on("error", () => ws.close());
      tcp.on("data", (data) => ws.send(data));
      ws.on("message", (data) => tcp.write(data as Buffer));
      ws.on("close", () => tcp.destroy());
      ws.on("error", () => tcp.destroy());
    });
    return relay;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    for (const client of this.#wss.clients) client.terminate();
    await new Promise((resolve) => this.#wss.close(resolve));
  }
}
