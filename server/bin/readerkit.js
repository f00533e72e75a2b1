#!/usr/bin/env node
// The `readerkit` command: the compiled CLI (npm run build compiles src/ into lib/).
import { availableParallelism } from "node:os";

// Password hashing (at most one scrypt per core, see the hash gate) and WebCrypto's RS256 share
// libuv's thread pool: room for both, set before anything starts the pool.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism() + 2));
await import("../lib/cli.js");
