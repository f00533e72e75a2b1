/**
 * Admission control for password hashing. scrypt is the one thing a sign-in flood makes the
 * server do for every request; without a gate, hundreds of hashes queue on libuv's thread pool
 * (where WebCrypto's RS256 waits behind them), every request takes seconds, and the server
 * hashes for clients that have long given up. So: at most `concurrency` hashes at a time (about
 * one per core), a short queue behind them, and beyond it an immediate 503 with Retry-After;
 * a queued request whose client has gone is dropped before it is hashed. The hashing itself runs
 * in child processes that yield the CPU to every other thread (hash-pool.ts, hash-worker.ts).
 */
import { tryGetCurrentAuthEndpointContext } from "@better-auth/core/context";
import { APIError } from "better-auth/api";
import type { RequestHandler } from "express";
import { createHashPool } from "./hash-pool.ts";

export type HashGateOptions = { concurrency: number; queue: number };

const BUSY = {
  code: "SERVICE_UNAVAILABLE",
  message: "The server is busy signing readers in; try again in a moment",
} as const;

const busy = () => new APIError("SERVICE_UNAVAILABLE", BUSY, { "Retry-After": "1" });

export function createHashGate({ concurrency, queue }: HashGateOptions) {
  // One hashing process per admitted hash: the gate is what keeps them from oversubscribing.
  const pool = createHashPool(concurrency);
  let active = 0;
  const waiting: (() => void)[] = [];
  /** Requests on a hashing path let in by the door (hashingDoor) and not yet answered. */
  let atWork = 0;
  const refused = { atDoor: 0, inQueue: 0 };

  /** Hands the slot to the next waiter, or frees it. */
  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else active--;
  }

  /** Waits for a slot; refused at once when the queue is full, dropped if the client goes. */
  function slot(signal: AbortSignal | undefined): Promise<void> {
    if (active < concurrency) {
      active++;
      return Promise.resolve();
    }
    if (waiting.length >= queue) {
      refused.inQueue++;
      return Promise.reject(busy());
    }
    return new Promise((admit, refuse) => {
      waiting.push(admit);
      signal?.addEventListener(
        "abort",
        () => {
          const at = waiting.indexOf(admit);
          if (at >= 0) waiting.splice(at, 1);
          refuse(busy());
        },
        { once: true },
      );
    });
  }

  async function admitted<T>(work: () => Promise<T>): Promise<T> {
    const signal = tryGetCurrentAuthEndpointContext()?.request?.signal;
    await slot(signal);
    try {
      // Its client went away just as it was admitted: nobody will read the answer.
      if (signal?.aborted) throw busy();
      return await work();
    } finally {
      release();
    }
  }

  return {
    /** Better Auth's `emailAndPassword.password`: its scrypt format, through the gate. */
    password: {
      hash: (password: string) => admitted(() => pool.hash(password)),
      // Imported bcrypt hashes ($2a$/$2b$/$2y$) verify on the same threads, behind the same gate:
      // bcrypt costs as much CPU as scrypt. Replacing them is lazy-rehash.ts's job.
      verify: (data: { hash: string; password: string }) =>
        admitted(() =>
          isBcryptHash(data.hash)
            ? pool.verifyBcrypt(data.hash, data.password)
            : pool.verify(data.hash, data.password),
        ),
    },
    close: () => pool.close(),
    /** For tests and metrics: hashes running and waiting now. */
    load: () => ({ active, waiting: waiting.length }),
    /**
     * For tests and metrics: 503s so far, at the door and from a full queue. A queued request
     * whose client left is not one: nobody was refused.
     */
    refusals: () => ({ ...refused }),
    /**
     * The door's own count. A request is let in only while fewer than every slot and queue place
     * are taken by requests already let in: counting only the hashes running and queued let in
     * every request that came while the first of them was still reading its account (a few ms
     * at 400/s), each then doing its database reads before the queue refused it.
     */
    enter(): boolean {
      if (atWork >= concurrency + queue) {
        refused.atDoor++;
        return false;
      }
      atWork++;
      return true;
    },
    leave: () => {
      atWork--;
    },
  };
}

export type HashGate = ReturnType<typeof createHashGate>;

/** A bcrypt hash as Supabase (GoTrue), PHP and OpenBSD write them. */
export function isBcryptHash(hash: string): boolean {
  return /^\$2[aby]\$\d\d\$/.test(hash);
}

/** Endpoints that hash a password (Better Auth's and the token API's). */
const HASHING_PATHS = new Set([
  "/api/auth/sign-in/email",
  "/api/auth/sign-up/email",
  "/api/auth/signin",
  "/api/auth/signup",
  "/api/auth/change-password",
  "/api/auth/reset-password",
  "/api/auth/set-password",
  "/api/auth/delete-user",
]);

/**
 * The same refusal at the door, first thing for every request: while as many requests that would
 * hash are at work as there are slots and queue places, the next is answered 503 before it costs
 * anything else (no log line, no body read, no database or Redis round trip), so a flood of
 * sign-ins cannot crowd out the requests the server can still serve. A trusted origin still
 * gets its CORS headers, so a site on another origin reads the 503 rather than a CORS failure.
 */
export function hashingDoor(gate: HashGate, trustedOrigins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "POST" || !HASHING_PATHS.has(req.path)) return next();
    if (gate.enter()) {
      res.once("close", gate.leave);
      return next();
    }
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "Retry-After": "1",
      "Cache-Control": "no-store",
    };
    const origin = req.headers.origin;
    if (origin && trustedOrigins.includes(origin)) {
      headers["Access-Control-Allow-Origin"] = origin;
      headers["Access-Control-Allow-Credentials"] = "true";
      headers.Vary = "Origin";
    }
    res.writeHead(503, headers).end(BUSY_BODY);
  };
}

const BUSY_BODY = JSON.stringify({ error: "Service Unavailable", ...BUSY });
