import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

export interface TestBusNames {
  servers: string;
  stream: string;
  subjectPrefix: string;
  /** Deletes the stream (and with it its consumers). */
  cleanUp(): Promise<void>;
}

export function testNatsUrl(): string {
  return process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
}

/** A stream and subject prefix of the test's own on the real NATS server, so runs never collide. */
export function testBusNames(label = 'test'): TestBusNames {
  const suffix = `${label.replace(/[^a-z0-9]/gi, '')}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const stream = `TEST_${suffix.toUpperCase()}`;
  return {
    servers: testNatsUrl(),
    stream,
    subjectPrefix: `t_${suffix}`,
    async cleanUp() {
      const nc = await connect({ servers: testNatsUrl() });
      try {
        const jsm = await jetstreamManager(nc);
        await jsm.streams.delete(stream).catch(() => undefined);
      } finally {
        await nc.close();
      }
    },
  };
}
