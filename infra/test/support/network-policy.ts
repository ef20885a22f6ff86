/**
 * NetworkPolicy (networking.k8s.io/v1) as Kubernetes defines it, offline: whether the given policies
 * let one connection through. A connection passes when the sender may send it and the receiver may
 * take it:
 * - a pod is isolated for egress (ingress) when some policy of its namespace selects it with that
 *   policy type; an isolated pod sends (takes) only what a rule of one of those policies allows, a
 *   pod no such policy selects sends (takes) anything;
 * - a rule allows a connection when one of its peers matches the other end (none listed: any) and
 *   one of its ports matches the destination port and protocol (none listed: any);
 * - a peer with a podSelector and a namespaceSelector matches pods matching both; a podSelector
 *   alone means the policy's own namespace; an ipBlock matches addresses in its CIDR outside its
 *   exceptions;
 * - a named port is the destination pod's container port of that name and protocol.
 * Kubernetes leaves open whether an ipBlock matches pod addresses; Calico and Cilium do, and so does
 * this, for pods given an address. Traffic from a pod's own node (probes) is always allowed and not
 * modelled.
 */
import { BlockList, isIP } from 'node:net';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import { ofKind, selects, type Manifest } from './manifests';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface PodPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface Pod {
  kind: 'pod';
  /** How messages name it. */
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** Labels of its namespace besides kubernetes.io/metadata.name, which Kubernetes sets on every namespace. */
  namespaceLabels?: Record<string, string>;
  /** Its containers' ports, which named ports resolve against. */
  ports?: PodPort[];
  ip?: string;
}

/** An address outside the cluster. */
export interface External {
  kind: 'external';
  ip: string;
}

export type Endpoint = Pod | External;

export interface Connection {
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol: Protocol;
}

export interface DirectionVerdict {
  allowed: boolean;
  /** The policies that select the pod for this direction; none means it is not isolated. */
  selectedBy: string[];
  /** Those of them with a rule that lets the connection through. */
  allowedBy: string[];
}

export interface Verdict {
  allowed: boolean;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
}

type Direction = 'Ingress' | 'Egress';

export const networkPoliciesOf = (docs: Manifest[]) => ofKind<INetworkPolicy>(docs, 'NetworkPolicy');

export const describeEndpoint = (e: Endpoint) => (e.kind === 'pod' ? `${e.namespace}/${e.name}` : e.ip);

/** With no policyTypes, a policy is of type Ingress, and of type Egress too if it has egress rules. */
function policyTypes(policy: INetworkPolicy): Direction[] {
  const declared = policy.spec?.policyTypes;
  if (declared && declared.length > 0) return declared as Direction[];
  return (policy.spec?.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Namespaced objects without a namespace land in the client's default one. */
const namespaceOf = (policy: INetworkPolicy) => policy.metadata?.namespace ?? 'default';

const namespaceLabels = (pod: Pod) => ({ ...pod.namespaceLabels, 'kubernetes.io/metadata.name': pod.namespace });

function inBlock(ip: string, cidr: string, except: string[]): boolean {
  const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');
  const block = (ranges: string[]) => {
    const list = new BlockList();
    for (const range of ranges) {
      const [network, prefix] = range.split('/');
      if (!network || prefix === undefined || isIP(network) === 0) throw new Error(`ipBlock: not a CIDR: ${range}`);
      list.addSubnet(network, Number(prefix), family(network));
    }
    return list;
  };
  if (isIP(ip) === 0) throw new Error(`not an IP address: ${ip}`);
  if (family(ip) !== family(cidr.split('/')[0]!)) return false;
  return block([cidr]).check(ip, family(ip)) && !block(except).check(ip, family(ip));
}

function peerMatches(peer: INetworkPolicyPeer, policyNamespace: string, other: Endpoint): boolean {
  if (peer.ipBlock) {
    const ip = other.ip;
    return ip !== undefined && inBlock(ip, peer.ipBlock.cidr, peer.ipBlock.except ?? []);
  }
  if (!peer.podSelector && !peer.namespaceSelector) return false;
  if (other.kind !== 'pod') return false;
  const inNamespace = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels(other)) : other.namespace === policyNamespace;
  return inNamespace && selects(peer.podSelector, other.labels);
}

function portMatches(rulePort: INetworkPolicyPort, connection: Connection): boolean {
  if ((rulePort.protocol ?? 'TCP') !== connection.protocol) return false;
  const { port } = rulePort;
  if (port === undefined) return true;
  if (typeof port === 'number') return rulePort.endPort === undefined ? port === connection.port : port <= connection.port && connection.port <= rulePort.endPort;
  const destination = connection.to;
  if (destination.kind !== 'pod') return false;
  return (destination.ports ?? []).some((p) => p.name === port && (p.protocol ?? 'TCP') === connection.protocol && p.containerPort === connection.port);
}

function ruleAllows(peers: INetworkPolicyPeer[] | undefined, ports: INetworkPolicyPort[] | undefined, policyNamespace: string, other: Endpoint, connection: Connection): boolean {
  const peerOk = peers === undefined || peers.length === 0 || peers.some((peer) => peerMatches(peer, policyNamespace, other));
  const portOk = ports === undefined || ports.length === 0 || ports.some((p) => portMatches(p, connection));
  return peerOk && portOk;
}

function decide(policies: INetworkPolicy[], direction: Direction, pod: Endpoint, other: Endpoint, connection: Connection): DirectionVerdict {
  if (pod.kind !== 'pod') return { allowed: true, selectedBy: [], allowedBy: [] };
  const selecting = policies.filter((p) => namespaceOf(p) === pod.namespace && policyTypes(p).includes(direction) && selects(p.spec?.podSelector, pod.labels));
  const allowing = selecting.filter((p) => {
    const ns = namespaceOf(p);
    return direction === 'Ingress'
      ? (p.spec?.ingress ?? []).some((rule) => ruleAllows(rule.from, rule.ports, ns, other, connection))
      : (p.spec?.egress ?? []).some((rule) => ruleAllows(rule.to, rule.ports, ns, other, connection));
  });
  const name = (p: INetworkPolicy) => p.metadata?.name ?? '(unnamed)';
  return { allowed: selecting.length === 0 || allowing.length > 0, selectedBy: selecting.map(name), allowedBy: allowing.map(name) };
}

export function evaluate(policies: INetworkPolicy[], connection: Connection): Verdict {
  const egress = decide(policies, 'Egress', connection.from, connection.to, connection);
  const ingress = decide(policies, 'Ingress', connection.to, connection.from, connection);
  return { allowed: egress.allowed && ingress.allowed, egress, ingress };
}

/** One line saying who decided: "denied: egress of ticketing/orders: selected by a, b, allowed by none; …". */
export function explain(connection: Connection, verdict: Verdict): string {
  const side = (label: string, end: Endpoint, v: DirectionVerdict) => {
    if (end.kind === 'external') return `${label} of ${end.ip}: outside the cluster`;
    if (v.selectedBy.length === 0) return `${label} of ${describeEndpoint(end)}: not isolated`;
    return `${label} of ${describeEndpoint(end)}: selected by ${v.selectedBy.join(', ')}, allowed by ${v.allowedBy.join(', ') || 'none'}`;
  };
  return `${verdict.allowed ? 'allowed' : 'denied'}: ${side('egress', connection.from, verdict.egress)}; ${side('ingress', connection.to, verdict.ingress)}`;
}
