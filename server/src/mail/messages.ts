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

export type ResetMailInput = {
  siteTitle: string;
  siteUrl: string;
  name: string;
  link: string;
  expiresInMinutes: number;
};

/** The password-reset mail, as plain text and as HTML saying the same. */
export function passwordResetMail(input: ResetMailInput, strings: Strings = MAIL_STRINGS) {
  const values = {
    site: input.siteTitle,
    url: input.siteUrl,
    name: input.name,
    minutes: String(input.expiresInMinutes),
  };
  const t = (key: keyof Strings) => fill(strings[key], values);
  const text = [
    t("resetGreeting"),
    "",
    t("resetIntro"),
    "",
    `${t("resetAction")}: ${input.link}`,
    "",
    t("resetExpiry"),
    t("resetIgnore"),
    "",
    "-- ",
    t("footer"),
    "",
  ].join("\n");
  const h = (key: keyof Strings) => escapeHtml(t(key));
  const html = `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5">
<p>${h("resetGreeting")}</p>
<p>${h("resetIntro")}</p>
<p><a href="${escapeHtml(input.link)}">${h("resetAction")}</a></p>
<p>${h("resetExpiry")}<br>${h("resetIgnore")}</p>
<p style="color: #666">${h("footer")}</p>
</body></html>
`;
  return { subject: t("resetSubject"), text, html };
}
