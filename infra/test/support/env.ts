import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { find, type Manifest } from './manifests';
import type { SecretData } from './secrets';

export interface ResolvedEnv {
  /** The environment the container's process would see (from the manifests alone). */
  env: Record<string, string>;
  /** References that would stop the pod or leave a variable wrong. */
  problems: string[];
}

/** Values Kubernetes itself fills in for fieldRef, of a plausible shape. */
const FIELD_VALUES: Record<string, string> = {
  'metadata.name': 'pod-0',
  'metadata.namespace': 'ticketing',
  'status.podIP': '10.0.0.10',
  'spec.nodeName': 'node-1',
};

/**
 * The container's environment as the kubelet builds it: envFrom first, in order, then env in order
 * (env wins), `$(VAR)` expanded against the variables defined before it. ConfigMaps come from the
 * rendered documents, Secrets from `secrets` (what create-secrets.sh makes). A reference to a
 * missing ConfigMap, Secret or key that is not optional is a problem: the pod would not start.
 */
export function resolveContainerEnv(container: IContainer, docs: Manifest[], secrets: SecretData): ResolvedEnv {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  const where = `container ${container.name}`;

  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    if (source.configMapRef) {
      const { name, optional } = source.configMapRef;
      const map = find<IConfigMap>(docs, 'ConfigMap', name ?? '');
      if (!map) {
        if (!optional) problems.push(`${where}: envFrom ConfigMap ${name} does not exist`);
        continue;
      }
      for (const [k, v] of Object.entries(map.data ?? {})) env[prefix + k] = v;
    }
    if (source.secretRef) {
      const { name, optional } = source.secretRef;
      const data = secrets.get(name ?? '');
      if (!data) {
        if (!optional) problems.push(`${where}: envFrom Secret ${name} is not created by create-secrets.sh`);
        continue;
      }
      for (const [k, v] of Object.entries(data)) env[prefix + k] = v;
    }
  }

  for (const variable of container.env ?? []) {
    const { name, value, valueFrom } = variable;
    if (valueFrom === undefined) {
      const expanded = expand(value ?? '', env);
      for (const missing of expanded.undefinedRefs) {
        problems.push(`${where}: ${name} refers to $(${missing}), which is not defined before it`);
      }
      env[name] = expanded.value;
    } else if (valueFrom.configMapKeyRef) {
      const { name: mapName, key, optional } = valueFrom.configMapKeyRef;
      const found = find<IConfigMap>(docs, 'ConfigMap', mapName ?? '')?.data?.[key];
      if (found !== undefined) env[name] = found;
      else if (!optional) problems.push(`${where}: ${name} reads key ${key} of ConfigMap ${mapName}, which does not exist`);
    } else if (valueFrom.secretKeyRef) {
      const { name: secretName, key, optional } = valueFrom.secretKeyRef;
      const found = secrets.get(secretName ?? '')?.[key];
      if (found !== undefined) env[name] = found;
      else if (!optional) problems.push(`${where}: ${name} reads key ${key} of Secret ${secretName}, which create-secrets.sh does not create`);
    } else if (valueFrom.fieldRef) {
      const found = FIELD_VALUES[valueFrom.fieldRef.fieldPath];
      if (found !== undefined) env[name] = found;
      else problems.push(`${where}: ${name} reads field ${valueFrom.fieldRef.fieldPath}, unknown to this check`);
    } else if (valueFrom.resourceFieldRef) {
      env[name] = '1';
    }
  }
  return { env, problems };
}

/** Kubernetes' dependent-variable expansion: `$(VAR)` if VAR is defined, `$$` for a literal `$`. */
export function expand(text: string, env: Record<string, string>): { value: string; undefinedRefs: string[] } {
  const undefinedRefs: string[] = [];
  const value = text.replace(/\$(\$|\(([A-Za-z_][A-Za-z0-9_]*)\))/g, (whole, escapeOrRef: string, name: string | undefined) => {
    if (escapeOrRef === '$') return '$';
    if (name !== undefined && Object.hasOwn(env, name)) return env[name]!;
    if (name !== undefined) undefinedRefs.push(name);
    return whole;
  });
  return { value, undefinedRefs };
}
