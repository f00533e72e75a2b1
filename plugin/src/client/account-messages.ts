/**
 * Reader-facing words of the account features (sign-in providers, the devices list, email
 * verification), through Docusaurus `translate` like messages.ts, which holds the rest.
 */
import { translate } from "@docusaurus/Translate";
import { ApiError } from "./api.ts";
import { errorMessage } from "./messages.ts";
import { HANDOFF_FAILED } from "./social-handoff.ts";

/** The label of a sign-in provider's button ("Continue with GitHub"). */
export function continueWithLabel(provider: string): string {
  return translate(
    { id: "readerkit.social.continueWith", message: "Continue with {provider}" },
    { provider },
  );
}

/**
 * Why a sign-in through a provider failed, from the `?error=` Better Auth puts on the login page
 * after its callback (its codes, and the provider's own OAuth error codes).
 */
export function socialErrorMessage(code: string): string {
  switch (code) {
    case "account_not_linked":
      return translate({
        id: "readerkit.social.error.notLinked",
        message:
          "An account with this email address already exists. Sign in with your password; the provider can be used once both it and this site have verified the address.",
      });
    case "access_denied":
      return translate({
        id: "readerkit.social.error.cancelled",
        message: "The sign-in was cancelled at the provider. You can try again.",
      });
    case "state_mismatch":
    case "state_not_found":
    case "state_invalid":
    case "invalid_callback_request":
    // The one-time handoff to a site on another origin was used or expired (social-handoff.ts).
    case HANDOFF_FAILED:
      return translate({
        id: "readerkit.social.error.state",
        message:
          "This sign-in link was already used, has expired, or did not start here. Please start again.",
      });
    case "invalid_code":
    case "no_code":
    case "issuer_mismatch":
    case "nonce_binding_missing":
      return translate({
        id: "readerkit.social.error.invalid",
        message: "The provider's answer could not be verified. Please start again.",
      });
    case "email_not_found":
      return translate({
        id: "readerkit.social.error.noEmail",
        message:
          "The provider did not share your email address, which this site needs. Allow it at the provider, or register with a password.",
      });
    case "email_not_verified":
      return translate({
        id: "readerkit.social.error.unverified",
        message:
          "Your email address is not verified yet. Follow the link in the mail we sent, then sign in again.",
      });
    case "oauth_provider_not_found":
    case "PROVIDER_NOT_FOUND":
      return translate({
        id: "readerkit.social.error.unavailable",
        message: "This sign-in provider cannot be reached right now. Please try again later.",
      });
    case "signup_disabled":
      return translate({
        id: "readerkit.social.error.signupDisabled",
        message: "New accounts cannot be created with this provider.",
      });
    default:
      return translate({
        id: "readerkit.social.error.unknown",
        message:
          "Signing in with the provider did not work. Please try again or use your password.",
      });
  }
}

/** The devices list of the profile page's Account section (theme/ReaderKit/AccountDevices). */
export const DEVICE_TEXT = {
  heading: () => translate({ id: "readerkit.devices.heading", message: "Devices" }),
  intro: () =>
    translate({
      id: "readerkit.devices.intro",
      message: "Where you are signed in. Sign out any device you do not recognise.",
    }),
  loading: () => translate({ id: "readerkit.devices.loading", message: "Loading your devices…" }),
  thisDevice: () => translate({ id: "readerkit.devices.thisDevice", message: "This device" }),
  signOut: () => translate({ id: "readerkit.devices.signOut", message: "Sign out" }),
  /** The accessible name of one device's button, so each says which device it ends. */
  signOutDevice: (device: string) =>
    translate({ id: "readerkit.devices.signOutDevice", message: "Sign out {device}" }, { device }),
  signOutOthers: () =>
    translate({ id: "readerkit.devices.signOutOthers", message: "Sign out everywhere else" }),
  busy: () => translate({ id: "readerkit.devices.busy", message: "Signing out…" }),
  onlyThisOne: () =>
    translate({
      id: "readerkit.devices.onlyThisOne",
      message: "You are not signed in anywhere else.",
    }),
  signedOutOne: (device: string) =>
    translate(
      { id: "readerkit.devices.signedOutOne", message: "{device} was signed out." },
      { device },
    ),
  signedOutOthers: () =>
    translate({
      id: "readerkit.devices.signedOutOthers",
      message: "Every other device was signed out.",
    }),
  alreadyGone: () =>
    translate({
      id: "readerkit.devices.alreadyGone",
      message: "That device had already signed out. The list is up to date again.",
    }),
};

/** "Firefox on macOS"; the server names what it does not recognise "Unknown browser" / "Unknown OS". */
export function deviceName(browser: string, os: string): string {
  const shownBrowser =
    browser === "Unknown browser"
      ? translate({ id: "readerkit.devices.unknownBrowser", message: "Unknown browser" })
      : browser;
  const shownOs =
    os === "Unknown OS"
      ? translate({ id: "readerkit.devices.unknownOs", message: "unknown system" })
      : os;
  return translate(
    { id: "readerkit.devices.name", message: "{browser} on {os}" },
    { browser: shownBrowser, os: shownOs },
  );
}

/** The IP prefix the server gives ("203.0.113.x", "local network") as the reader reads it. */
export function deviceLocation(location: string | null): string {
  if (location === null)
    return translate({ id: "readerkit.devices.locationUnknown", message: "Location unknown" });
  if (location === "local network")
    return translate({ id: "readerkit.devices.localNetwork", message: "Local network" });
  return translate(
    { id: "readerkit.devices.network", message: "Network {prefix}" },
    { prefix: location },
  );
}

/** "Active 3 hours ago" in the site's language; the device in use is simply active now. */
export function deviceLastActive(
  iso: string,
  current: boolean,
  locale: string,
  now: number,
): string {
  if (current) return translate({ id: "readerkit.devices.activeNow", message: "Active now" });
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ["second", 60],
    ["minute", 60],
    ["hour", 24],
    ["day", 30],
    ["month", 12],
  ];
  let value = seconds;
  let unit: Intl.RelativeTimeFormatUnit = "year";
  for (const [name, size] of steps) {
    if (Math.abs(value) < size) {
      unit = name;
      break;
    }
    value = Math.round(value / size);
  }
  const when = new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(value, unit);
  return translate({ id: "readerkit.devices.lastActive", message: "Active {when}" }, { when });
}

/** The reader-facing reason a sign-out of a device failed. */
export function deviceErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.code === "DEVICE_NOT_FOUND")
    return DEVICE_TEXT.alreadyGone();
  return errorMessage(error);
}

/**
 * A verification link or resend that failed, as one plain sentence with what to do next; codes
 * that are not about verification are worded as everywhere else.
 */
export function verificationErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError) || error.status === 429) return errorMessage(error);
  switch (error.code) {
    case "EMAIL_NOT_VERIFIED":
      return translate({
        id: "readerkit.verify.error.notVerified",
        message:
          "Your email address is not verified yet. Follow the link we mailed you, or ask for a new one.",
      });
    case "EMAIL_ALREADY_VERIFIED":
      return translate({
        id: "readerkit.verify.error.used",
        message: "This link was already used: your email address is verified. You can sign in.",
      });
    case "TOKEN_EXPIRED":
      return translate({
        id: "readerkit.verify.error.expired",
        message: "This verification link has expired. Ask for a new one.",
      });
    case "INVALID_TOKEN":
      return translate({
        id: "readerkit.verify.error.invalid",
        message:
          "This verification link is not valid: it may be cut short, so copy the whole link from the mail, or ask for a new one.",
      });
    case "USER_NOT_FOUND":
      return translate({
        id: "readerkit.verify.error.noAccount",
        message: "This link belongs to an account that no longer exists. Create a new account.",
      });
    case "MAIL_NOT_CONFIGURED":
      return translate({
        id: "readerkit.verify.error.mailNotConfigured",
        message:
          "This site cannot send mail yet, so email addresses cannot be verified. Please contact the site's maintainers.",
      });
    case "VERIFICATION_EMAIL_NOT_ENABLED":
      return translate({
        id: "readerkit.verify.error.off",
        message: "This site does not verify email addresses.",
      });
    default:
      return errorMessage(error);
  }
}
