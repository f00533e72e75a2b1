/**
 * Loaded with `node --import` into a server process that must live in the future: every Date
 * it makes is CLOCK_OFFSET_MS ahead (SC-004, a session still valid a day later).
 */
const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);

if (offset) {
  const RealDate = Date;
  const Moved = function (this: unknown, ...args: unknown[]) {
    if (!new.target) return new RealDate(RealDate.now() + offset).toString();
    return args.length === 0
      ? new RealDate(RealDate.now() + offset)
      : new (RealDate as unknown as new (...values: unknown[]) => Date)(...args);
  } as unknown as DateConstructor;
  Object.setPrototypeOf(Moved, RealDate);
  (Moved as { prototype: Date }).prototype = RealDate.prototype;
  Moved.now = () => RealDate.now() + offset;
  globalThis.Date = Moved;
}
