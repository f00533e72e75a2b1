/**
 * Lets this turn of the event loop finish before an in-process mirror is trusted: whatever
 * already reached this instance's sockets (an announcement from another instance, or the news
 * that the Redis connection is gone) is handled first. Redis wrote such a message before the
 * request that depends on it could have been sent, so it is there to be read. Two turns: a
 * closed socket is reported in the close phase, which comes after the first turn's immediates.
 */
export async function settleSockets(): Promise<void> {
  await new Promise(setImmediate);
  await new Promise(setImmediate);
}
