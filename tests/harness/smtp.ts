/**
 * A real SMTP server on a free loopback port (npm's smtp-server) that keeps every message it
 * receives, parsed: tests read links out of real mail, as a reader would.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
};

export type SmtpSink = {
  url: string;
  mails: ReceivedMail[];
  /**
   * Mail to this address (whose subject matches, when given: a sign-up sends a verification
   * mail first), waiting up to `ms` for it to arrive.
   */
  waitFor(to: string, ms?: number, subject?: RegExp): Promise<ReceivedMail>;
  /** Makes the next sends fail with a 4xx/5xx (a relay refusing), or heal again. */
  refuse(on: boolean): void;
  /** While on, every connection is turned away at once, as a relay that is down. */
  down(on: boolean): void;
  close(): Promise<void>;
};

const addresses = (parsed: ParsedMail) =>
  [parsed.to ?? []].flat().flatMap((group) => group.value.map((a) => a.address ?? ""));

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  let refusing = false;
  let isDown = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onConnect(_session, callback) {
      if (isDown) return callback(new Error("service not available"));
      callback();
    },
    onRcptTo(address, _session, callback) {
      // Worded as Postfix refuses a recipient: the address is in the message.
      const refusal = `5.1.1 <${address.address}>: Recipient address rejected`;
      if (refusing) return callback(Object.assign(new Error(refusal), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: addresses(parsed),
            from: parsed.from?.text ?? "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
          });
          callback();
        })
        .catch(callback);
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(to, ms = 5000, subject) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = mails.find(
          (mail) => mail.to.includes(to) && (!subject || subject.test(mail.subject)),
        );
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${ms} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    refuse(on) {
      refusing = on;
    },
    down(on) {
      isDown = on;
      // Connections a client kept open (nodemailer pools them) go down with it.
      if (on) for (const connection of server.connections) connection.close();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The reset (or verification) link of a mail (its text part); a JWT token keeps its dots. */
export function resetLinkOf(mail: ReceivedMail): URL {
  const match = /https?:\/\/\S+[?&]token=[\w-]+(?:\.[\w-]+)*/.exec(mail.text);
  if (!match) throw new Error(`no reset link in: ${mail.text}`);
  return new URL(match[0]);
}
