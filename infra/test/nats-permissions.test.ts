import { busUsers, natsAuthorizationConf, natsPasswordVariable, type BusNames, type BusUser } from '../../common/src/bus/permissions';
import { resolveContainerEnv } from './support/env';
import { containersOf, workloads, type Manifest, type Workload } from './support/manifests';
import { natsConfig } from './support/nats';
import { renderOverlay } from './support/render';
import { overlays } from './support/repo';
import { developmentSecrets, productionSecrets, type SecretData } from './support/secrets';
import { APP_SERVICES, BUS_DEPLOYMENTS, busUserOf } from './support/services';

const secretsFor = { dev: developmentSecrets, prod: productionSecrets };

const workload = (docs: Manifest[], name: string): Workload => {
  const found = workloads(docs).find((w) => w.name === name);
  if (!found) throw new Error(`no workload named ${name}`);
  return found;
};

const envOf = (docs: Manifest[], secrets: SecretData, name: string) => resolveContainerEnv(containersOf(workload(docs, name))[0]!, docs, secrets).env;

/**
 * The configuration the nats StatefulSet's server loads, as kustomize generated its ConfigMap: the
 * file its --config names (prod's cluster.conf includes the base's nats.conf), includes in place.
 */
const loadedNatsConf = (docs: Manifest[]): string => natsConfig(docs).text;

/** From `authorization {` at the start of a line to its closing `}`, or undefined without one. */
function authorizationBlock(conf: string): string | undefined {
  const start = conf.search(/^authorization \{$/m);
  if (start < 0) return undefined;
  const end = conf.indexOf('\n}\n', start);
  return end < 0 ? conf.slice(start) : conf.slice(start, end + 3);
}

describe.each(overlays)('the NATS users of the %s overlay', (overlay) => {
  let docs: Manifest[];
  let secrets: SecretData;

  beforeAll(() => {
    ({ docs } = renderOverlay(overlay));
    secrets = secretsFor[overlay]();
  }, 60_000);

  it('when the configuration the server loads (nats.conf, or the cluster.conf that includes it) is compared with common/src/bus/permissions.ts, then it holds exactly the users and permissions the code makes for the stream and prefix the services use, once', () => {
    const ordersEnv = envOf(docs, secrets, 'orders');
    const names: BusNames = { stream: ordersEnv.NATS_STREAM!, subjectPrefix: ordersEnv.NATS_SUBJECT_PREFIX! };
    for (const service of BUS_DEPLOYMENTS) {
      expect(envOf(docs, secrets, service)).toMatchObject({ NATS_STREAM: names.stream, NATS_SUBJECT_PREFIX: names.subjectPrefix });
    }

    // A second block, in a file that includes nats.conf, would replace the first one's users.
    expect(loadedNatsConf(docs).match(/^authorization \{$/gm)).toHaveLength(1);
    // On a difference, the expected text is the block to paste into infra/k8s/base/nats.conf.
    expect(authorizationBlock(loadedNatsConf(docs))).toBe(natsAuthorizationConf(names, (user) => ({ variable: natsPasswordVariable(user) })));
  });

  it("when the pods' environments are resolved, then nats has every user's password and each service connects as its own user (the orders worker as orders) with that user's password only", () => {
    const natsEnv = envOf(docs, secrets, 'nats');
    const passwordOf = (user: BusUser) => natsEnv[natsPasswordVariable(user)];
    for (const user of busUsers) expect(passwordOf(user)).toMatch(/^[A-Za-z][A-Za-z0-9]{23,}$/);

    for (const service of APP_SERVICES) {
      const env = envOf(docs, secrets, service.name);
      const user = busUserOf(service);
      expect({ service: service.name, user: env.NATS_USER, password: env.NATS_PASSWORD }).toEqual({
        service: service.name,
        user,
        password: user && passwordOf(user),
      });
      // Not another user's password, nor the operator's, under any name.
      const others = busUsers.filter((other) => other !== user).map(passwordOf);
      expect(Object.values(env).filter((value) => others.includes(value))).toEqual([]);
    }
  });
});
