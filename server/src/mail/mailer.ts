import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Logger } from "pino";
import type { Config } from "../config.ts";

export type MailMessage = { to: string; subject: string; text: string; html: string };

export type Mailer = {
  /**
   * "smtp": MAIL_URL is set. "file": no MAIL_URL outside production, messages go to the log and
   * to DATA_DIR/mail as .eml files. "none": production without MAIL_URL, nothing can be sent.
   */
  mode: "smtp" | "file" | "none";
  /** Resolves once the message is handed over (or written); rejects when it could not be. */
  send(message: MailMessage, devNote?: Record<string, string>): Promise<void>;
  /** Resolves when a message could be handed over now (the relay answers); rejects otherwise. */
  check(): Promise<void>;
  close(): void;
};

/** One transport for the server's life, built from the configuration; says at start-up what it does. */
export function createMailer(config: Config, log: Logger): Mailer {
  const from = config.mail.from;
  if (config.mail.url) {
    // A pool keeps the connection open between messages, so a send rarely pays a TLS handshake.
    const url = new URL(config.mail.url);
    url.searchParams.set("pool", "true");
    const transport = nodemailer.createTransport(url.href);
    const { hostname: host, port } = url;
    log.info({ host, port }, "mail: sending through SMTP");
    return {
      mode: "smtp",
      send: async (message) => {
        await transport.sendMail({ from, ...message });
      },
      check: async () => {
        await transport.verify();
      },
      close: () => transport.close(),
    };
  }
  if (config.env === "production") {
    log.warn(
      "mail: MAIL_URL is not set, so no mail can be sent: password reset and email verification answer 503 MAIL_NOT_CONFIGURED",
    );
    return {
      mode: "none",
      send: () => Promise.reject(new Error("MAIL_URL is not set")),
      check: () => Promise.reject(new Error("MAIL_URL is not set")),
      close: () => {},
    };
  }
  const folder = join(config.dataDir, "mail");
  // Nodemailer renders the whole message (headers, both parts) without any network.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  log.info({ folder }, "mail: MAIL_URL is not set; messages go to the log and to .eml files");
  return {
    mode: "file",
    send: async (message, devNote = {}) => {
      const info = await transport.sendMail({ from, ...message });
      await mkdir(folder, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const file = join(folder, `${stamp}-${randomUUID().slice(0, 8)}.eml`);
      await writeFile(file, info.message as Buffer);
      // Development only: the link is what a developer needs to carry on without a mailbox.
      log.info({ to: message.to, subject: message.subject, file, ...devNote }, "mail written");
    },
    check: async () => {},
    close: () => {},
  };
}
