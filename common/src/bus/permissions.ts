import type { Subject } from '../events/catalogue';
import { deadLetterSubject, inboxPrefixFor } from './bus';

/**
 * Who may do what on the bus: the one source of the NATS users, from which the local launcher writes
 * its nats-server config and against which infra/k8s/base/nats.conf is checked. Each service is a
 * user that may publish only the subjects it records (its outbox; expiration publishes directly),
 * park only what it consumes, and use only its own stream and durable consumers; so a compromised
 * payments cannot announce `order.completed`. The operator's user may do anything (the replay).
 */
export const busParticipants = {
  auth: { publishes: ['user.created'], consumes: [] },
  tickets: { publishes: ['ticket.created', 'ticket.updated', 'event.created', 'event.updated'], consumes: ['order.created', 'order.cancelled', 'order.completed'] },
  orders: {
    publishes: ['order.created', 'order.cancel-requested', 'order.cancelled', 'order.completed'],
    consumes: ['ticket.created', 'ticket.updated', 'payment.succeeded', 'payment.closed'],
  },
  payments: { publishes: ['payment.succeeded', 'payment.closed', 'payout.sent'], consumes: ['order.created', 'order.cancel-requested', 'expiration.complete'] },
  expiration: { publishes: ['expiration.complete'], consumes: ['order.created', 'order.cancelled'] },
  notifications: {
    publishes: [],
    consumes: ['user.created', 'event.created', 'event.updated', 'ticket.created', 'order.created', 'order.cancelled', 'order.completed', 'payout.sent'],
  },
} as const satisfies Record<string, { publishes: readonly Subject[]; consumes: readonly Subject[] }>;

export type BusService = keyof typeof busParticipants;
export const busServices = Object.keys(busParticipants) as BusService[];

/** The user `npm run events:replay` connects as: it republishes parked events to any subject. */
export const OPERATOR_USER = 'operator';

export type BusUser = BusService | typeof OPERATOR_USER;
export const busUsers: BusUser[] = [...busServices, OPERATOR_USER];

export interface BusNames {
  stream: string;
  subjectPrefix: string;
}

export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
}

/** The durable consumer a service's listener of `subject` shares with its replicas (see startListener). */
export const durableName = (service: string, subject: Subject) => `${service}-${subject.replace(/\./g, '-')}`;

/**
 * What `user` may publish and subscribe to. A service's JetStream API grants are the calls the
 * client makes (found by tracing a real Bus on nats-server 2.9): account info; info, create and
 * update of the one stream; per consumed subject, info, create/update of its own durable with
 * exactly that filter (the filter is part of the subject, so no other one can be asked for), pulls
 * and acks. Replies come to the user's own inboxes, the only subjects it subscribes to: deliveries
 * of a pull consumer arrive there too, so another service's events cannot be read through them.
 */
export function permissionsOf(user: BusUser, { stream, subjectPrefix }: BusNames): NatsPermissions {
  if (user === OPERATOR_USER) return { publish: { allow: ['>'] }, subscribe: { allow: ['>'] } };
  const { publishes, consumes } = busParticipants[user];
  return {
    publish: {
      allow: [
        ...publishes.map((subject) => `${subjectPrefix}.${subject}`),
        ...consumes.map((subject) => deadLetterSubject(subjectPrefix, subject)),
        '$JS.API.INFO',
        ...['INFO', 'CREATE', 'UPDATE'].map((operation) => `$JS.API.STREAM.${operation}.${stream}`),
        ...consumes.flatMap((subject) => {
          const durable = durableName(user, subject);
          return [
            `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
            `$JS.API.CONSUMER.CREATE.${stream}.${durable}.${subjectPrefix}.${subject}`,
            `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
            `$JS.ACK.${stream}.${durable}.>`,
          ];
        }),
      ],
    },
    subscribe: { allow: [`${inboxPrefixFor(user)}.>`] },
  };
}

/** The environment variable that carries a user's password to nats-server in Kubernetes, e.g. PAYMENTS_NATS_PASSWORD. */
export const natsPasswordVariable = (user: BusUser) => `${user.toUpperCase()}_NATS_PASSWORD`;

/**
 * The `authorization` block of a nats-server config holding every user with its permissions. A
 * password is either its text, or the environment variable nats-server reads it from.
 */
export function natsAuthorizationConf(names: BusNames, password: (user: BusUser) => { text: string } | { variable: string }): string {
  const quote = (value: string) => JSON.stringify(value);
  const allow = (subjects: string[]) => ['          allow: [', ...subjects.map((subject) => `            ${quote(subject)},`), '          ]'];
  const users = busUsers.flatMap((user) => {
    const secret = password(user);
    const { publish, subscribe } = permissionsOf(user, names);
    return [
      '    {',
      `      user: ${quote(user)}`,
      `      password: ${'text' in secret ? quote(secret.text) : `$${secret.variable}`}`,
      '      permissions: {',
      '        publish: {',
      ...allow(publish.allow),
      '        }',
      '        subscribe: {',
      ...allow(subscribe.allow),
      '        }',
      '      }',
      '    }',
    ];
  });
  return ['authorization {', '  users: [', ...users, '  ]', '}', ''].join('\n');
}
