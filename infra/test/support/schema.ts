import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { ref, type Manifest } from './manifests';

/** A kubernetes-models class: built from plain data, `validate()` throws when the data breaks the schema. */
interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: never): { validate(): void };
  prototype: { validate(): void };
}

/** The kinds this system uses, each with the model of its exact apiVersion. */
const MODELS: ModelClass[] = [
  ConfigMap,
  Secret,
  Service,
  ServiceAccount,
  Namespace,
  Deployment,
  StatefulSet,
  Ingress,
  NetworkPolicy,
  PodDisruptionBudget,
  HorizontalPodAutoscaler,
  // The Prometheus Operator's, from its CRDs (the monitoring component).
  PodMonitor,
  PrometheusRule,
] as unknown as ModelClass[];

export function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  return MODELS.find((m) => m.apiVersion === apiVersion && m.kind === kind);
}

/**
 * The fields of `doc` that the model's schema does not know, as JSON pointers. Kubernetes' OpenAPI
 * schemas allow unknown fields (the API server drops them, so a typo like `readinesProbe` silently
 * removes a probe), and the models' validators are compiled code with no schema to walk. So the
 * document is handed to the validator behind a Proxy that records which properties it reads: the
 * validator reads every property its schema declares, and enumerates free-form maps (labels, data)
 * whole; an own property of an object it never read is a field the schema does not have.
 */
export function unknownFields(Model: ModelClass, doc: unknown): string[] {
  interface Visit {
    path: string;
    read: Set<string>;
    enumerated: boolean;
  }
  const visits = new Map<object, Visit>();
  const watch = (value: unknown, path: string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    let visit = visits.get(value);
    if (!visit) {
      visit = { path, read: new Set(), enumerated: false };
      visits.set(value, visit);
    }
    const seen = visit;
    return new Proxy(value, {
      get(target, key, receiver) {
        const property: unknown = Reflect.get(target, key, receiver);
        if (typeof key !== 'string' || !Object.hasOwn(target, key)) return property;
        seen.read.add(key);
        return watch(property, `${seen.path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      },
      has(target, key) {
        if (typeof key === 'string') seen.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        seen.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
  };
  try {
    Model.prototype.validate.call(watch(doc, ''));
  } catch {
    // Schema violations are reported by validateManifest; here only the reads matter.
  }
  const unknown: string[] = [];
  for (const [value, visit] of visits) {
    if (Array.isArray(value) || visit.enumerated) continue;
    for (const key of Object.keys(value)) if (!visit.read.has(key)) unknown.push(`${visit.path}/${key}`);
  }
  return unknown.sort();
}

/** Problems of one document against the model of its apiVersion and kind, unknown fields included. */
export function validateManifest(doc: Manifest): string[] {
  const Model = modelFor(doc.apiVersion, doc.kind);
  if (!Model) return [`${ref(doc)}: no kubernetes-models class for ${doc.apiVersion} ${doc.kind}`];
  const problems: string[] = [];
  try {
    new Model(doc as never).validate();
  } catch (err) {
    problems.push(`${ref(doc)}: ${(err as Error).message}`);
  }
  for (const field of unknownFields(Model, doc)) problems.push(`${ref(doc)}: unknown field ${field}`);
  return problems;
}

export const validateManifests = (docs: Manifest[]): string[] => docs.flatMap(validateManifest);
