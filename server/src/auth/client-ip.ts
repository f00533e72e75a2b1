import type { RequestHandler } from "express";

/**
 * The client address as Express resolved it (trusting only a loopback proxy), handed to
 * Better Auth in a header of our own. Any value a client sent in it is overwritten, so per-IP
 * rate limits and auth logs cannot be steered with a forged X-Forwarded-For.
 */
export const CLIENT_IP_HEADER = "x-readerkit-client-ip";

export const clientIp: RequestHandler = (req, _res, next) => {
  req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? "";
  next();
};
