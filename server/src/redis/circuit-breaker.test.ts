import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";
import { CircuitBreaker } from "./circuit-breaker.ts";
import { StoreUnavailableError } from "./store.ts";

// The breaker reads Date.now(); a simulated clock keeps a stalled CI machine from ending the
// cooldown between two calls the test means to be back to back.
beforeEach(() => mock.timers.enable({ apis: ["Date"] }));
afterEach(() => mock.timers.reset());

test("opens after the threshold, fails fast, then half-opens and closes on success", async () => {
  const breaker = new CircuitBreaker({ threshold: 2, cooldownMs: 50 });
  let calls = 0;
  const failing = () => {
    calls++;
    return Promise.reject(new Error("down"));
  };
  await assert.rejects(breaker.run(failing), /down/);
  await assert.rejects(breaker.run(failing), /down/);
  assert.equal(breaker.state, "open");
  await assert.rejects(breaker.run(failing), StoreUnavailableError);
  assert.equal(calls, 2, "an open circuit does not call through");
  mock.timers.tick(60);
  assert.equal(breaker.state, "half-open");
  assert.equal(await breaker.run(async () => "ok"), "ok");
  assert.equal(breaker.state, "closed");
});

test("a failed trial call opens the circuit again at once", async () => {
  const breaker = new CircuitBreaker({ threshold: 3, cooldownMs: 20 });
  for (let i = 0; i < 3; i++)
    await assert.rejects(breaker.run(() => Promise.reject(new Error("x"))));
  mock.timers.tick(30);
  await assert.rejects(
    breaker.run(() => Promise.reject(new Error("still down"))),
    /still down/,
  );
  assert.equal(breaker.state, "open");
});
