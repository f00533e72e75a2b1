/**
 * Every sentence a mail carries, in one place: a translation replaces this table (and nothing
 * else). `{site}`, `{minutes}` are filled in; the HTML part escapes every value it receives.
 */
export const MAIL_STRINGS = {
  resetSubject: "Reset your password for {site}",
  resetGreeting: "Hello {name},",
  resetIntro: "Someone (hopefully you) asked to reset the password of your account on {site}.",
  resetAction: "Choose a new password",
  resetExpiry: "This link works once, for {minutes} minutes.",
  resetIgnore:
    "If you did not ask for this, ignore this mail: your password stays as it is. Your other devices are signed out once the new password is set.",
  verifySubject: "Confirm your email address for {site}",
  verifyGreeting: "Hello {name},",
  verifyIntro: "Please confirm that {email} is your address on {site}.",
  verifyAction: "Confirm my email address",
  verifyExpiryHours: "This link works for {hours} hours.",
  verifyExpiryMinutes: "This link works for {minutes} minutes.",
  verifyIgnore: "If you did not create an account on {site}, ignore this mail: nothing happens.",
  changeSubject: "Confirm your new email address for {site}",
  changeIntro:
    "Someone (hopefully you) asked to change the email address of your account on {site} to {email}.",
  changeAction: "Confirm my new address",
  changeIgnore:
    "The address changes only once this link is followed. If you did not ask for this, ignore this mail: nothing changes.",
  changedSubject: "The email address of your account on {site} was changed",
  changedIntro:
    "The email address of your account on {site} was changed from {oldEmail} to {email}. From now on, you sign in with {email}; mail goes there too.",
  changedNotYou: "If you did not make this change, contact the site's maintainers at once.",
  footer: "Sent by {site} ({url}).",
} as const;

type Strings = Record<keyof typeof MAIL_STRINGS, string>;

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** Paragraphs as plain text and as HTML saying the same; a [label, href] pair is the link. */
function letter(paragraphs: (string | [string, string])[], footer: string) {
  const text = [
    ...paragraphs.flatMap((p) => [typeof p === "string" ? p : `${p[0]}: ${p[1]}`, ""]),
    "-- ",
    footer,
    "",
  ].join("\n");
  const body = paragraphs
    .map((p) =>
      typeof p === "string"
        ? `<p>${escapeHtml(p)}</p>`
        : `<p><a href="${escapeHtml(p[1])}">${escapeHtml(p[0])}</a></p>`,
    )
    .join("\n");
  const html = `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5">
${body}
<p style="color: #666">${escapeHtml(footer)}</p>
</body></html>
`;
  return { text, html };
}

/** What every mail names: the site, its address and the reader. */
type MailBasics = { siteTitle: string; siteUrl: string; name: string };

/** The sentences of one mail, with its values filled in. */
function sentences(strings: Strings, input: MailBasics, values: Record<string, string>) {
  const all = { site: input.siteTitle, url: input.siteUrl, name: input.name, ...values };
  return (key: keyof Strings) => fill(strings[key], all);
}

/** How long a link works: hours read better for day-long links, minutes for short ones. */
function expiryKey(seconds: number): "verifyExpiryHours" | "verifyExpiryMinutes" {
  return seconds >= 2 * 3600 ? "verifyExpiryHours" : "verifyExpiryMinutes";
}
const expiryValues = (seconds: number) => ({
  hours: String(Math.round(seconds / 3600)),
  minutes: String(Math.max(1, Math.round(seconds / 60))),
});

export type ResetMailInput = MailBasics & { link: string; expiresInMinutes: number };

/** The password-reset mail. */
export function passwordResetMail(input: ResetMailInput, strings: Strings = MAIL_STRINGS) {
  const t = sentences(strings, input, { minutes: String(input.expiresInMinutes) });
  const body = letter(
    [
      t("resetGreeting"),
      t("resetIntro"),
      [t("resetAction"), input.link],
      t("resetExpiry"),
      t("resetIgnore"),
    ],
    t("footer"),
  );
  return { subject: t("resetSubject"), ...body };
}

/** A link to confirm an address: `email` is where the mail goes. */
export type VerificationMailInput = MailBasics & {
  email: string;
  link: string;
  expiresInSeconds: number;
};

/** A mail whose link confirms an address; `keys` name the sentences that differ. */
function addressLinkMail(
  input: VerificationMailInput,
  strings: Strings,
  keys: Record<"subject" | "intro" | "action" | "ignore", keyof Strings>,
) {
  const t = sentences(strings, input, {
    email: input.email,
    ...expiryValues(input.expiresInSeconds),
  });
  const body = letter(
    [
      t("verifyGreeting"),
      t(keys.intro),
      [t(keys.action), input.link],
      t(expiryKey(input.expiresInSeconds)),
      t(keys.ignore),
    ],
    t("footer"),
  );
  return { subject: t(keys.subject), ...body };
}

/** The email-verification mail (sign-up, resend). */
export function emailVerificationMail(
  input: VerificationMailInput,
  strings: Strings = MAIL_STRINGS,
) {
  return addressLinkMail(input, strings, {
    subject: "verifySubject",
    intro: "verifyIntro",
    action: "verifyAction",
    ignore: "verifyIgnore",
  });
}

/** To the NEW address of a change of email: the address changes once its link is followed. */
export function changeEmailMail(input: VerificationMailInput, strings: Strings = MAIL_STRINGS) {
  return addressLinkMail(input, strings, {
    subject: "changeSubject",
    intro: "changeIntro",
    action: "changeAction",
    ignore: "changeIgnore",
  });
}

/** To the OLD address once the change is done: the owner learns of it even if it was not them. */
export function emailChangedMail(
  input: MailBasics & { oldEmail: string; email: string },
  strings: Strings = MAIL_STRINGS,
) {
  const t = sentences(strings, input, { oldEmail: input.oldEmail, email: input.email });
  const body = letter([t("verifyGreeting"), t("changedIntro"), t("changedNotYou")], t("footer"));
  return { subject: t("changedSubject"), ...body };
}
