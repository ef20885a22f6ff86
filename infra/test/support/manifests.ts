import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import { NAMESPACE } from './repo';

/** A rendered Kubernetes object, before anything is known of its kind. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export const ref = (m: Pick<Manifest, 'kind' | 'metadata'>) => `${m.kind}/${m.metadata.name}`;

export function asManifests(values: unknown[], source: string): Manifest[] {
  return values.map((value, i) => {
    const m = value as Partial<Manifest>;
    if (typeof m?.apiVersion !== 'string' || typeof m.kind !== 'string' || typeof m.metadata?.name !== 'string') {
      throw new Error(`${source}: document ${i + 1} is not a Kubernetes object (apiVersion, kind, metadata.name)`);
    }
    return m as Manifest;
  });
}

/** The documents of one kind, typed by the caller with the matching kubernetes-models interface. */
export function ofKind<T>(docs: Manifest[], kind: string): (T & Manifest)[] {
  return docs.filter((d) => d.kind === kind) as (T & Manifest)[];
}

export function find<T>(docs: Manifest[], kind: string, name: string): (T & Manifest) | undefined {
  return ofKind<T>(docs, kind).find((d) => d.metadata.name === name);
}

/** A Deployment or StatefulSet: what runs pods. */
export interface Workload {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  replicas?: number;
  template: IPodTemplateSpec;
  doc: Manifest;
}

export function workloads(docs: Manifest[]): Workload[] {
  return docs
    .filter((d) => d.kind === 'Deployment' || d.kind === 'StatefulSet')
    .map((doc) => {
      const spec = doc.spec as { replicas?: number; template: IPodTemplateSpec };
      return { kind: doc.kind as Workload['kind'], name: doc.metadata.name, replicas: spec.replicas, template: spec.template, doc };
    });
}

export function containersOf(w: Workload): IContainer[] {
  return w.template.spec?.containers ?? [];
}

export const podLabels = (w: Workload): Record<string, string> => w.template.metadata?.labels ?? {};

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Kubernetes label-selector semantics; an empty selector matches everything. */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key]!);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]!);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        return false;
    }
  });
  return byLabels && byExpressions;
}

/** The image's repository without tag or digest: ticketing/auth:abc → ticketing/auth. */
export function imageName(image: string): string {
  const withoutDigest = image.split('@')[0]!;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  return lastColon > lastSlash ? withoutDigest.slice(0, lastColon) : withoutDigest;
}

export function imageTag(image: string): string | undefined {
  const name = imageName(image);
  const rest = image.slice(name.length);
  return rest.startsWith(':') ? rest.slice(1).split('@')[0] : undefined;
}

/** The Service a host name of the namespace names: orders, orders.ticketing, orders.ticketing.svc… → orders. */
export function serviceName(hostname: string): string {
  const suffixes = [`.${NAMESPACE}.svc.cluster.local`, `.${NAMESPACE}.svc`, `.${NAMESPACE}`];
  const suffix = suffixes.find((s) => hostname.endsWith(s));
  return suffix ? hostname.slice(0, -suffix.length) : hostname;
}

/** The HorizontalPodAutoscaler among `hpas` that scales `w`, if one does. */
export const autoscalerOf = <H extends IHorizontalPodAutoscaler>(hpas: H[], w: Workload): H | undefined =>
  hpas.find((h) => h.spec?.scaleTargetRef.kind === w.kind && h.spec.scaleTargetRef.name === w.name);
