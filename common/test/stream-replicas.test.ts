import { connect, nanos, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Registry } from 'prom-client';
import { Bus, busEnv } from '../src/bus/bus';
import { loadConfig } from '../src/config/config';
import { startEventRuntime } from '../src/service/event-runtime';
import { testBusNames, testNatsUrl, type TestBusNames } from '../src/testing';
import { captureLogs, configProblems, silentLogger } from './helpers';

const problemsOf = (source: NodeJS.ProcessEnv) => configProblems(busEnv, source);

describe('NATS_STREAM_REPLICAS, as a service reads it at start', () => {
  it('when unset, then the stream has one copy: one server, as on one machine', () => {
    expect(loadConfig(busEnv, {}).NATS_STREAM_REPLICAS).toBe(1);
  });

  it('when set to a count NATS keeps, then it is that count', () => {
    expect(loadConfig(busEnv, { NATS_STREAM_REPLICAS: '3' }).NATS_STREAM_REPLICAS).toBe(3);
    expect(loadConfig(busEnv, { NATS_STREAM_REPLICAS: '5' }).NATS_STREAM_REPLICAS).toBe(5);
  });

  it.each([
    ['none', '0', 'got 0'],
    ['more than NATS keeps', '6', 'got 6'],
    ['a word', 'three', 'got "three"'],
    ['a fraction', '1.5', 'got "1.5"'],
  ])('when it is %s, then the start is refused, naming the variable, the counts it takes and what it means', (_what, raw, got) => {
    expect(problemsOf({ NATS_STREAM_REPLICAS: raw })).toEqual([
      `NATS_STREAM_REPLICAS must be an integer >= 1 <= 5 (how many NATS servers keep a copy of the stream: 1 for one server, 3 for a three-node cluster), ${got}`,
    ]);
  });
});

describe('the replicas of the stream, on the real NATS server (a single server)', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const streams: TestBusNames[] = [];
  const buses: Bus[] = [];

  /** A stream and prefix of the test's own, deleted after the file. */
  const names = (label: string) => {
    const created = testBusNames(label);
    streams.push(created);
    return created;
  };

  const busFor = async (n: TestBusNames, replicas: number | undefined, logger = silentLogger()) => {
    const bus = await Bus.connect({ servers: n.servers, stream: n.stream, subjectPrefix: n.subjectPrefix, name: 'replicas-test', logger, replicas });
    buses.push(bus);
    return bus;
  };

  /**
   * The JetStream API requests sent for `stream` while `during` runs: the server answers them, and a
   * subscriber on the same subject sees each request as the bus sent it.
   */
  async function requestsDuring(kind: 'CREATE' | 'UPDATE', stream: string, during: () => Promise<unknown>): Promise<{ num_replicas?: number }[]> {
    const sub: Subscription = nc.subscribe(`$JS.API.STREAM.${kind}.${stream}`);
    const seen: { num_replicas?: number }[] = [];
    const collected = (async () => {
      for await (const msg of sub) seen.push(msg.json());
    })();
    await nc.flush();
    try {
      await during();
    } finally {
      await nc.flush();
      sub.unsubscribe();
      await collected;
    }
    return seen;
  }

  const replicasOf = async (stream: string) => (await jsm.streams.info(stream)).config.num_replicas;

  beforeAll(async () => {
    nc = await connect({ servers: testNatsUrl() });
    jsm = await jetstreamManager(nc);
  });
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
    await Promise.all(streams.map((s) => s.cleanUp()));
    await nc.close();
  });

  it('when a bus asks for one copy, or leaves it unset, then the stream is created with one', async () => {
    const asked = names('replicasone');
    const unset = names('replicasunset');

    const requests = await requestsDuring('CREATE', asked.stream, () => busFor(asked, 1));
    await busFor(unset, undefined);

    expect(requests.map((r) => r.num_replicas)).toEqual([1]);
    expect(await replicasOf(asked.stream)).toBe(1);
    expect(await replicasOf(unset.stream)).toBe(1);
  });

  it('when a service starts with NATS_STREAM_REPLICAS=3 and no stream exists, then it asks NATS for three copies, and the single server refusing them stops the start, naming the variable', async () => {
    const n = names('replicasthree');
    const config = loadConfig(busEnv, { NATS_URL: n.servers, NATS_STREAM: n.stream, NATS_SUBJECT_PREFIX: n.subjectPrefix, NATS_STREAM_REPLICAS: '3' });
    let started: Promise<unknown> | undefined;

    const requests = await requestsDuring('CREATE', n.stream, async () => {
      started = startEventRuntime({ service: 'replicas-test', config, logger: silentLogger(), registry: new Registry(), handlers: [] });
      await started.catch(() => undefined);
    });

    expect(requests.map((r) => r.num_replicas)).toEqual([3]);
    await expect(started).rejects.toThrow(`NATS cannot create the stream ${n.stream} with 3 replicas (NATS_STREAM_REPLICAS): replicas > 1 not supported in non-clustered mode`);
    await expect(jsm.streams.info(n.stream)).rejects.toThrow(/stream not found/);
  });

  it('when the stream exists with fewer copies than a bus asks for, then the bus raises them, and the rest of its configuration is applied too', async () => {
    const n = names('replicasraise');
    await busFor(n, 1);
    await jsm.streams.update(n.stream, { max_age: nanos(3_600_000) });

    const requests = await requestsDuring('UPDATE', n.stream, () => busFor(n, 2));

    expect(requests.map((r) => r.num_replicas)).toEqual([2]);
    // A single server records the count (2.9 and 2.10 do), though it keeps one copy whatever it says.
    const info = await jsm.streams.info(n.stream);
    expect(info.config.num_replicas).toBe(2);
    expect(info.config.max_age).toBe(nanos(7 * 24 * 3600 * 1000));
  });

  it('when the stream has more copies than a bus asks for, then it keeps them, with a warning, and the rest of the configuration is applied', async () => {
    const n = names('replicaskeep');
    await busFor(n, 1);
    await jsm.streams.update(n.stream, { num_replicas: 2, max_age: nanos(3_600_000) });
    const logs = captureLogs();

    const requests = await requestsDuring('UPDATE', n.stream, () => busFor(n, 1, logs.logger));

    expect(requests.map((r) => r.num_replicas)).toEqual([2]);
    const info = await jsm.streams.info(n.stream);
    expect(info.config.num_replicas).toBe(2);
    expect(info.config.max_age).toBe(nanos(7 * 24 * 3600 * 1000));
    expect(logs.entries()).toEqual([
      expect.objectContaining({ level: 'warn', stream: n.stream, replicas: 2, NATS_STREAM_REPLICAS: 1, msg: 'stream replicas kept: NATS_STREAM_REPLICAS is lower, and only an operator lowers them' }),
    ]);
  });

  it('when NATS refuses to raise the copies of an existing stream, then the bus starts on the stream as it is, warns with what NATS said, and applies the rest', async () => {
    const n = names('replicasrefused');
    await busFor(n, 1);
    await jsm.streams.update(n.stream, { max_age: nanos(3_600_000) });
    const logs = captureLogs();

    // A cluster refuses more copies than it has servers; a count above NATS' own limit of five,
    // which no configuration can ask for, is how a single server refuses one.
    const requests = await requestsDuring('UPDATE', n.stream, () => busFor(n, 6, logs.logger));

    expect(requests.map((r) => r.num_replicas)).toEqual([6, 1]);
    const info = await jsm.streams.info(n.stream);
    expect(info.config.num_replicas).toBe(1);
    expect(info.config.max_age).toBe(nanos(7 * 24 * 3600 * 1000));
    expect(logs.entries()).toEqual([
      expect.objectContaining({
        level: 'warn',
        stream: n.stream,
        replicas: 1,
        NATS_STREAM_REPLICAS: 6,
        msg: 'stream replicas kept: NATS refused the count NATS_STREAM_REPLICAS asks for',
        err: expect.objectContaining({ message: expect.stringMatching(/maximum replicas is 5/) }),
      }),
    ]);
  });
});
