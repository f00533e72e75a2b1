/**
 * A Redis command that has answered keeps nothing of the request that sent it alive. node-redis
 * gave every command a 5 s AbortSignal.timeout timer by default, and a timer holds the async
 * context it was created in: under sign-in load, every request's whole context (Better Auth's
 * included) outlived it by 5 s, was promoted to the old generation, and made each scavenge of
 * the server's thread take 10 ms or more.
 */
import assert from "node:assert/strict";
import { AsyncLocalStorage } from "node:async_hooks";
import { after, test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { RedisStore } from "../server/src/redis/redis-store.ts";
import { availableBackends, REDIS_URL } from "./harness/backends.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const hasRedis = (await availableBackends()).some((backend) => backend.usesRedis);
let store: RedisStore | null = null;
after(() => store?.close());

test("a request's context is collectable once its Redis commands have answered", {
  skip: !hasRedis && "no Redis here",
}, async () => {
  store = await RedisStore.connect(REDIS_URL, () => {});
  const requests = new AsyncLocalStorage<{ body: Uint8Array }>();
  const request = await (async () => {
    const context = { body: new Uint8Array(64 * 1024) };
    await requests.run(context, async () => {
      for (let i = 0; i < 10; i++) await store?.get(`retention-probe-${i}`);
    });
    return new WeakRef(context);
  })();
  await new Promise((resolve) => setTimeout(resolve, 10)); // The WeakRef holds it for a turn.
  // One collection: whatever still points at the context now keeps it.
  gc();
  // ok, not equal: a failure must not print the 64 KB context it found.
  assert.ok(request.deref() === undefined, "the request's context outlived its commands");
});
