import { parseArgs } from 'node:util';
import { AuthorizationError, PermissionViolationError } from '@nats-io/transport-node';
import { Bus, busEnv } from '../bus/bus';
import { replayParkedEvents } from '../bus/replay';
import { ConfigError, loadConfig, redactSecrets } from '../config/config';
import { isSubject, subjects } from '../events/catalogue';
import { createLogger } from '../logging/logger';

const USAGE = `usage: npm run events:replay -- --subject <subject> [--id <envelope id>]
  Sends events parked on the dead-letter subject back to their consumers, once their cause is fixed.
  subjects: ${subjects.join(', ')}
  The bus is NATS_URL, NATS_STREAM and NATS_SUBJECT_PREFIX, as for the services. Where NATS has
  users, NATS_USER and NATS_PASSWORD name one that may publish every subject: the operator user.`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { subject: { type: 'string' }, id: { type: 'string' }, help: { type: 'boolean' } }, strict: true });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!isSubject(values.subject)) {
    process.stderr.write(`${values.subject === undefined ? 'missing --subject' : `unknown subject "${values.subject}"`}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(busEnv);
  const logger = createLogger({ service: 'events-replay', level: 'warn' });
  const bus = await Bus.connect({
    servers: config.NATS_URL,
    stream: config.NATS_STREAM,
    subjectPrefix: config.NATS_SUBJECT_PREFIX,
    replicas: config.NATS_STREAM_REPLICAS,
    name: 'events-replay',
    user: config.NATS_USER,
    pass: config.NATS_PASSWORD,
    logger,
  });
  try {
    const replayed = await replayParkedEvents(bus, values.subject, values.id);
    for (const event of replayed) process.stdout.write(`replayed ${values.subject} ${event.envelopeId ?? '(no envelope id)'}, parked by ${event.consumer}: ${event.reason}\n`);
    process.stdout.write(`${replayed.length} event(s) replayed\n`);
    return 0;
  } finally {
    await bus.close();
  }
}

function explain(err: unknown): string {
  if (err instanceof ConfigError) return err.message;
  if (err instanceof AuthorizationError) return `NATS refused the connection (${err.message}): check NATS_USER and NATS_PASSWORD`;
  const refused = err instanceof PermissionViolationError ? err : (err as Error)?.cause;
  if (refused instanceof PermissionViolationError) {
    return `NATS refused the replay (${refused.message}): connect as a user that may publish every subject, NATS_USER=operator`;
  }
  return redactSecrets(String((err as Error)?.stack ?? err), process.env);
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`${explain(err)}\n`);
    process.exitCode = 1;
  },
);
