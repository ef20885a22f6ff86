import path from 'node:path';
import { checkOverlay } from './support/checks';
import { brokenCopy, copyWithout } from './support/broken';
import { ofKind, type Manifest } from './support/manifests';
import { appSecret, appSecretData, checkClusterSchema, checkPostgresHa, clustersOf, databaseClients, postgresHaComponents, withInstancePods, type Cluster } from './support/postgres-ha';
import { renderDirectory, renderOverlay } from './support/render';
import { overlays, readYamlFile, repoRoot } from './support/repo';
import { productionSecrets, type SecretData } from './support/secrets';
import { appService, type AppService } from './support/services';
import { artifactsFor, loadSkaffold } from './support/skaffold';

/** Test only: the prod overlay with every postgres-ha-<service> component (infra/test/kustomizations). */
const kustomizationDir = path.join(repoRoot, 'infra', 'test', 'kustomizations', 'prod-with-postgres-ha');
const components = postgresHaComponents();

describe('the postgres-ha components', () => {
  it('when listed, then there is one for orders, and the test kustomization enables each of them', () => {
    const listed = (readYamlFile(path.join(kustomizationDir, 'kustomization.yaml')) as { components: string[] }).components.map((c) => path.basename(c));
    expect(components.map((c) => c.name)).toContain('postgres-ha-orders');
    expect(listed.sort()).toEqual(components.map((c) => c.name));
    for (const { service } of components) expect(appService(service)?.connections.some((c) => c.variable === 'DATABASE_URL')).toBe(true);
  });

  it('when the overlays are rendered as they are, then no Cluster is in them and every service keeps its single server (the components are opt-in)', () => {
    for (const overlay of overlays) {
      const { docs } = renderOverlay(overlay);
      expect(clustersOf(docs)).toEqual([]);
      for (const { service } of components) expect(docs.some((d) => d.kind === 'StatefulSet' && d.metadata.name === `${service}-postgres`)).toBe(true);
    }
  });
});

describe('the prod overlay with the postgres-ha components', () => {
  let docs: Manifest[];
  let base: Manifest[];
  let warnings: string;
  let secrets: SecretData;

  beforeAll(() => {
    ({ docs, warnings } = renderDirectory(kustomizationDir));
    ({ docs: base } = renderOverlay('prod'));
    // create-secrets.sh's Secrets, and the one the operator generates for each Cluster.
    secrets = productionSecrets();
    for (const cluster of clustersOf(docs)) secrets.set(appSecret(cluster), appSecretData(cluster));
  }, 60_000);

  it('when rendered with kubectl kustomize, then each component has put a Cluster in place of its service\'s StatefulSet and Service, without a warning', () => {
    expect(warnings).toBe('');
    expect(clustersOf(docs).map((c) => c.metadata.name).sort()).toEqual(components.map((c) => `${c.service}-postgres`));
    const names = (kind: string) => ofKind(docs, kind).map((d) => d.metadata.name);
    for (const { service } of components) {
      expect(names('StatefulSet')).not.toContain(`${service}-postgres`);
      expect(names('Service')).not.toContain(`${service}-postgres`);
    }
  });

  it("when each Cluster is validated against CloudNativePG's schema (infra/schemas/cnpg), then it is valid and has no unknown field", () => {
    for (const cluster of clustersOf(docs)) expect(checkClusterSchema(cluster)).toEqual([]);
  });

  it.each(components.map((c) => [c.service, c] as const))('when %s is checked against its Cluster, then three instances spread over nodes, the DATABASE_URL of each Deployment on it reaches the primary with the operator\'s password, and the network lets in only those, the instances and the operator', (_name, component) => {
    expect(checkPostgresHa(docs, base, secrets, appService(component.service) as AppService)).toEqual([]);
  });

  it('when the rest of the overlay is checked, then the components break nothing, and the only connection that moved is each DATABASE_URL, to the Service the operator makes', () => {
    const artifacts = artifactsFor(loadSkaffold(), 'prod');
    const context = { overlay: 'prod' as const, secrets, artifacts, customResource: (doc: Manifest) => clustersOf([doc]).length > 0, withRunningPods: withInstancePods };
    expect(checkOverlay(docs, context)).toEqual(
      components.flatMap(({ service }) =>
        databaseClients(appService(service) as AppService).flatMap(({ name }) => [
          `Deployment/${name} DATABASE_URL: points at ${service}-postgres-rw, expected ${service}-postgres`,
          `Deployment/${name} DATABASE_URL: no Service ${service}-postgres-rw`,
        ]),
      ),
    );
  });

  describe('given a broken copy', () => {
    const cluster = (d: Manifest[]) => clustersOf(d).find((c) => c.metadata.name === 'orders-postgres') as Cluster;
    const orders = () => appService('orders') as AppService;

    it('when a field of the Cluster is misspelt or of the wrong type, then the schema check names it', () => {
      const misspelt = brokenCopy(docs, 'Cluster', 'orders-postgres', (c) => {
        c.spec.instance = c.spec.instances;
        c.spec.storage.size = 5;
      });
      expect(checkClusterSchema(cluster(misspelt))).toEqual(['Cluster/orders-postgres: /spec/instance: unknown field', 'Cluster/orders-postgres: /spec/storage/size: must be string']);
    });

    it('when the Cluster runs one instance, without its synchronous standby, then the check says what a failover would lose', () => {
      const single = brokenCopy(docs, 'Cluster', 'orders-postgres', (c) => {
        c.spec.instances = 1;
        delete c.spec.postgresql;
      });
      expect(checkPostgresHa(single, base, secrets, orders())).toEqual([
        'Cluster/orders-postgres: 1 instances; a primary and two standbys outlive the loss of one',
        'Cluster/orders-postgres: no synchronous standby, so a failover may lose commits the service confirmed',
      ]);
    });

    it('when the DATABASE_URL of orders or of its worker still names the single server, then the check names the Deployment and the Service it should reach', () => {
      const stale = (deployment: string) =>
        brokenCopy(docs, 'Deployment', deployment, (d) => {
          const env = d.spec.template.spec.containers[0].env as { name: string; value?: string }[];
          env.find((e) => e.name === 'DATABASE_URL')!.value = 'postgres://orders:$(DB_PASSWORD)@orders-postgres:5432/orders';
        });
      expect(checkPostgresHa(stale('orders'), base, secrets, orders())).toEqual(['Deployment/orders DATABASE_URL: points at orders-postgres, not the primary\'s Service orders-postgres-rw']);
      expect(checkPostgresHa(stale('orders-worker'), base, secrets, orders())).toEqual(['Deployment/orders-worker DATABASE_URL: points at orders-postgres, not the primary\'s Service orders-postgres-rw']);
    });

    it('when the password still comes from the old Secret, then the check says it is not the operator\'s', () => {
      const oldSecret = brokenCopy(docs, 'Deployment', 'orders', (d) => {
        const env = d.spec.template.spec.containers[0].env as { name: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
        env.find((e) => e.name === 'DB_PASSWORD')!.valueFrom = { secretKeyRef: { name: 'orders-postgres', key: 'POSTGRES_PASSWORD' } };
      });
      expect(checkPostgresHa(oldSecret, base, secrets, orders())).toEqual(['Deployment/orders DATABASE_URL: its password is not the one the operator put in orders-postgres-app']);
    });

    it("when the instances lose the base's app label, then the check says orders is shut out, and which path is", () => {
      const unlabelled = brokenCopy(docs, 'Cluster', 'orders-postgres', (c) => delete c.spec.inheritedMetadata.labels.app);
      expect(checkPostgresHa(unlabelled, base, secrets, orders())).toEqual([
        "Cluster/orders-postgres: its pods are not labelled app: orders-postgres, tier: database (inheritedMetadata), so the base's NetworkPolicy orders-postgres does not let orders and orders-worker in",
        expect.stringMatching(/^network: orders → orders-postgres's primary \(5432\/TCP\) is denied: .*expected allowed$/),
        expect.stringMatching(/^network: orders-worker → orders-postgres's primary \(5432\/TCP\) is denied: .*expected allowed$/),
      ]);
    });

    it("when the operator's NetworkPolicy is dropped, then the check names the operator's and the instances' paths", () => {
      const closed = copyWithout(docs, 'NetworkPolicy', 'orders-postgres-cnpg');
      expect(checkPostgresHa(closed, base, secrets, orders())).toEqual([
        expect.stringMatching(/^network: orders-postgres: a standby → the primary, streaming \(5432\/TCP\) is denied: /),
        expect.stringMatching(/^network: orders-postgres: the primary → a standby, after a failover \(5432\/TCP\) is denied: /),
        expect.stringMatching(/^network: orders-postgres: an instance → another's status \(8000\/TCP\) is denied: /),
        expect.stringMatching(/^network: the CloudNativePG operator → orders-postgres's status \(8000\/TCP\) is denied: /),
        expect.stringMatching(/^network: the CloudNativePG operator → orders-postgres's PostgreSQL \(5432\/TCP\) is denied: /),
        expect.stringMatching(/^network: orders-postgres's instance manager → the Kubernetes API server \(6443\/TCP\) is denied: /),
      ]);
    });

    it('when the single server is left in place, or the image moves to another major version, then the check names it', () => {
      const both = structuredClone(docs);
      both.push(...base.filter((d) => d.metadata.name === 'orders-postgres' && (d.kind === 'StatefulSet' || d.kind === 'Service')));
      const newer = brokenCopy(docs, 'Cluster', 'orders-postgres', (c) => (c.spec.imageName = 'ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie'));
      expect(checkPostgresHa(both, base, secrets, orders())).toEqual([
        'StatefulSet/orders-postgres: still there beside the Cluster that replaces it',
        'Service/orders-postgres: still there beside the Cluster that replaces it',
      ]);
      expect(checkPostgresHa(newer, base, secrets, orders())).toEqual(['Cluster/orders-postgres: PostgreSQL 18, where the server it replaces ran 17']);
    });
  });
});
