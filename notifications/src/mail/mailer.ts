/** One e-mail as the sender hands it to the mail server. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The same on every attempt, so a copy sent twice after a crash is recognisably one message. */
  messageId: string;
}

/** Where e-mail goes: SMTP in the service, the same over a test server in tests. */
export interface Mailer {
  /** Resolves once the server took the message; throws MailRefusedError when it never will. */
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/**
 * The mail server refused the message for good (a permanent 5xx answer to its recipient or its
 * content), as opposed to being unreachable or answering "try again later", which are retried.
 */
export class MailRefusedError extends Error {
  constructor(readonly response: string) {
    super(`the mail server refused the message: ${response}`);
    this.name = 'MailRefusedError';
  }
}

/**
 * The Message-ID of a notice's e-mail, in the sender's domain (`"Ticketing <tickets@example.com>"`
 * gives `<notice-id@example.com>`), as RFC 5322 asks of an id's right-hand side.
 */
export function messageIdFor(from: string): (noticeId: string) => string {
  const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  const domain = address.slice(address.lastIndexOf('@') + 1) || 'localhost';
  return (noticeId) => `<${noticeId}@${domain}>`;
}
