/** One entry of GET /api/account/devices: a session of the reader's, as they may see it. */
export type AccountDevice = {
  /** Better Auth's session id (never its token): what DELETE /api/account/devices/{id} takes. */
  id: string;
  browser: string;
  os: string;
  /** The IP prefix only ("203.0.113.x", an IPv6 /48, "local network"), or null. */
  approximateLocation: string | null;
  /** ISO timestamps. */
  lastActive: string;
  signedInAt: string;
  /** The session making the request. */
  current: boolean;
};
