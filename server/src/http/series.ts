import type { RequestHandler } from "express";

/**
 * Middlewares run one after another as a single one. Each layer of an Express router costs its
 * own matching, path trimming and debug call on every request; the API's fixed preamble (CORS,
 * headers, body parsing, checks) pays that once.
 */
export function series(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, done) => {
    let at = 0;
    const next = (error?: unknown) => {
      if (error !== undefined && error !== null) return done(error);
      const handler = handlers[at++];
      if (!handler) return done();
      try {
        void handler(req, res, next);
      } catch (thrown) {
        done(thrown);
      }
    };
    next();
  };
}
