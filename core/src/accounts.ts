/** What plugin and server agree on about accounts: the devices list, verification modes, hand-off. */

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

/** How a site asks readers to verify their address (EMAIL_VERIFICATION). */
export const EMAIL_VERIFICATION_MODES = ["off", "optional", "required"] as const;
export type EmailVerificationMode = (typeof EMAIL_VERIFICATION_MODES)[number];

/**
 * The URL fragment that brings a provider sign-in's one-time token back to a site on another
 * origin (`#readerkit_handoff=...`): a fragment is never sent to a server nor in a Referer.
 */
export const HANDOFF_FRAGMENT = "readerkit_handoff";
