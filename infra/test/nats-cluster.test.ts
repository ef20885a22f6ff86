import { brokenCopy } from './support/broken';
import { checkNatsCluster, natsCluster, natsConfig, natsServerReads, natsWorkload } from './support/nats';
import type { Manifest } from './support/manifests';
import { renderOverlay } from './support/render';
import { developmentSecrets, productionSecrets, type SecretData } from './support/secrets';

describe('NATS in the prod overlay', () => {
  let docs: Manifest[];
  let secrets: SecretData;

  beforeAll(() => {
    ({ docs } = renderOverlay('prod'));
    secrets = productionSecrets();
  }, 60_000);

  it('when the StatefulSet and the configuration it loads are read, then three servers form one JetStream cluster, routed to each other by name under the headless Service', () => {
    const config = natsConfig(docs);

    expect(natsWorkload(docs).replicas).toBe(3);
    expect(config.entry).toBe('cluster.conf');
    expect(config.files['cluster.conf']).toMatch(/^include \.\/nats\.conf$/m);
    expect(natsCluster(config.text)).toEqual({
      name: 'ticketing',
      port: 6222,
      routes: ['nats://nats-0.nats-headless:6222', 'nats://nats-1.nats-headless:6222', 'nats://nats-2.nats-headless:6222'],
    });
  });

  it('when every service on the bus reads NATS_STREAM_REPLICAS as it does at start, then each keeps the stream on the three servers, and the cluster has all it needs', () => {
    expect(checkNatsCluster(docs, secrets)).toEqual([]);
  });

  it('when nats-server reads the configuration the pods load, with their environment, then it accepts it', () => {
    expect(natsServerReads(docs, secrets)).toEqual([]);
  });

  it('when a route is left out, the Service is not headless, or the stream asks for more copies than there are servers, then the check names each', () => {
    const shortRoute = brokenCopy(docs, 'ConfigMap', 'nats-config', (map) => (map.data['cluster.conf'] = map.data['cluster.conf'].replace(/^\s*nats:\/\/nats-2\.nats-headless:6222\n/m, '')));
    const notHeadless = brokenCopy(docs, 'Service', 'nats-headless', (s) => delete s.spec.clusterIP);
    const tooMany = brokenCopy(docs, 'ConfigMap', 'ticketing-config', (map) => (map.data.NATS_STREAM_REPLICAS = '5'));
    const ordered = brokenCopy(docs, 'StatefulSet', 'nats', (s) => delete s.spec.podManagementPolicy);

    expect(checkNatsCluster(shortRoute, secrets)).toEqual(['StatefulSet/nats (3 servers): the routes leave out nats://nats-2.nats-headless:6222']);
    expect(checkNatsCluster(notHeadless, secrets)).toEqual(['Service/nats-headless: not headless (clusterIP None), so the pods get no names of their own']);
    expect(checkNatsCluster(tooMany, secrets)).toEqual(expect.arrayContaining([expect.stringMatching(/^Deployment\/orders: NATS_STREAM_REPLICAS is 5, more copies of the stream than StatefulSet\/nats \(3 servers\) can keep/)]));
    expect(checkNatsCluster(ordered, secrets)).toEqual([expect.stringMatching(/^StatefulSet\/nats \(3 servers\): podManagementPolicy OrderedReady: /)]);
  });

  it('when NATS_STREAM_REPLICAS is not a count NATS takes, then the check reports what the services would refuse at start', () => {
    const refused = brokenCopy(docs, 'ConfigMap', 'ticketing-config', (map) => (map.data.NATS_STREAM_REPLICAS = 'three'));
    expect(checkNatsCluster(refused, secrets)).toContainEqual(expect.stringMatching(/^Deployment\/payments: NATS_STREAM_REPLICAS must be an integer >= 1 <= 5 \(how many NATS servers keep a copy of the stream: .*\), got "three"$/));
  });

  it('when nats-server is given a configuration it cannot read, then the check says what it said', () => {
    const garbled = brokenCopy(docs, 'ConfigMap', 'nats-config', (map) => (map.data['cluster.conf'] = map.data['cluster.conf'].replace('cluster {', 'cluster {{')));
    expect(natsServerReads(garbled, secrets)).toEqual([expect.stringMatching(/^nats-server -t refuses cluster\.conf: /)]);
  });
});

describe('NATS in the dev overlay', () => {
  let docs: Manifest[];
  let secrets: SecretData;

  beforeAll(() => {
    ({ docs } = renderOverlay('dev'));
    secrets = developmentSecrets();
  }, 60_000);

  it('when read, then it is the base: one server from nats.conf, without a cluster, and the stream at its one copy (NATS_STREAM_REPLICAS unset)', () => {
    const config = natsConfig(docs);

    expect(natsWorkload(docs).replicas).toBe(1);
    expect(config.entry).toBe('nats.conf');
    expect(Object.keys(config.files)).toEqual(['nats.conf']);
    expect(natsCluster(config.text)).toBeUndefined();
    expect(checkNatsCluster(docs, secrets)).toEqual([]);
  });

  it('when nats-server reads it, then it accepts it', () => {
    expect(natsServerReads(docs, secrets)).toEqual([]);
  });

  it('when a service asks for three copies of the stream from the one server, then the check names it', () => {
    const tooMany = brokenCopy(docs, 'ConfigMap', 'ticketing-config', (map) => (map.data.NATS_STREAM_REPLICAS = '3'));
    expect(checkNatsCluster(tooMany, secrets)).toContainEqual(expect.stringMatching(/^Deployment\/auth: NATS_STREAM_REPLICAS is 3, more copies of the stream than StatefulSet\/nats \(1 server\) can keep: it would refuse to create it$/));
  });
});
