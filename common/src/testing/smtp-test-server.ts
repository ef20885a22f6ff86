import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the test SMTP server received it: its envelope, and its content parsed. */
export interface ReceivedMail {
  envelopeTo: string[];
  mail: ParsedMail;
}

/**
 * A real SMTP server in the test process, over loopback. It can be stopped and started again on the
 * same port (an outage), and told to answer recipients with a temporary or permanent refusal.
 */
export class SmtpTestServer {
  readonly received: ReceivedMail[] = [];
  /** The answer to every recipient, or undefined to accept them. */
  refuseRecipients?: { code: 451 | 550; message: string };
  private server?: SMTPServer;
  private port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // An outage starts at once: connections the pool keeps open are cut, not waited for.
      closeTimeout: 100,
      onRcptTo: (_address, _session, callback) => {
        const refusal = this.refuseRecipients;
        if (!refusal) return callback();
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      },
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.received.push({ envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address), mail });
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the port, so connections are refused until start() again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The messages that went to `address`. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((received) => received.envelopeTo.includes(address));
  }
}
