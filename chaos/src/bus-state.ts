import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

/** The suite's stream and the prefix of its subjects, as its services were given them. */
export interface BusNames {
  stream: string;
  subjectPrefix: string;
}

export interface ParkedSubject {
  subject: string;
  messages: number;
  /** The reason the listener wrote on the last message parked there. */
  lastReason?: string;
}

export interface ConsumerBacklog {
  consumer: string;
  /** Messages not delivered yet. */
  pending: number;
  /** Messages delivered and not acknowledged yet. */
  unacknowledged: number;
}

export interface BusState {
  parked: ParkedSubject[];
  /** Only the consumers with something still to do. */
  backlogs: ConsumerBacklog[];
}

/** What the dead-letter subjects hold, and which durable consumers have not caught up. */
export async function readBus(natsUrl: string, { stream, subjectPrefix }: BusNames): Promise<BusState> {
  const nc = await connect({ servers: natsUrl, timeout: 5000, reconnect: false });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream, { subjects_filter: `${subjectPrefix}.deadletter.>` });
    const parked: ParkedSubject[] = [];
    for (const [subject, messages] of Object.entries(info.state.subjects ?? {})) {
      const last = await jsm.streams.getMessage(stream, { last_by_subj: subject });
      parked.push({ subject, messages, lastReason: last?.header?.get('Ticketing-Reason') || undefined });
    }
    const backlogs: ConsumerBacklog[] = [];
    for await (const consumer of jsm.consumers.list(stream)) {
      if (consumer.num_pending > 0 || consumer.num_ack_pending > 0) {
        backlogs.push({ consumer: consumer.name, pending: consumer.num_pending, unacknowledged: consumer.num_ack_pending });
      }
    }
    return { parked, backlogs };
  } finally {
    await nc.close();
  }
}
