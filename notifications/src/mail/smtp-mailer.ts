import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { MailRefusedError, type Mailer } from './mailer';

/** What nodemailer adds to the errors of a send: its own code and the server's answer. */
interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/** nodemailer's codes for a server that answered about the envelope (its recipient) or the message itself. */
const ANSWERED_ABOUT_THE_MESSAGE = new Set(['EENVELOPE', 'EMESSAGE']);

/**
 * Sends over SMTP_URL through a small pool of kept connections. Every wait is bounded by `timeoutMs`,
 * so a server that hangs costs one attempt, not a stuck sender.
 */
export function createSmtpMailer({ url, from, timeoutMs }: { url: string; from: string; timeoutMs: number }): Mailer {
  const options: SMTPPool.Options = { url, pool: true, maxConnections: 2, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs };
  const transport = nodemailer.createTransport(options, { from });
  return {
    async send({ to, subject, text, html, messageId }) {
      try {
        await transport.sendMail({ to, subject, text, html, messageId });
      } catch (err) {
        const smtp = err as SmtpError;
        if (smtp.code && ANSWERED_ABOUT_THE_MESSAGE.has(smtp.code) && (smtp.responseCode ?? 0) >= 500) {
          throw new MailRefusedError(smtp.response ?? smtp.message);
        }
        throw err;
      }
    },
    close: () => transport.close(),
  };
}
