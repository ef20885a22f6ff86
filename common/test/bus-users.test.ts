import { busEnv } from '../src/bus/bus';
import { busParticipants, busServices, permissionsOf } from '../src/bus/permissions';
import { loadConfig } from '../src/config/config';
import { subjects } from '../src/events/catalogue';
import { configProblems } from './helpers';

const problemsOf = (source: NodeJS.ProcessEnv) => configProblems(busEnv, source);

describe('the NATS user a process connects as', () => {
  it('when neither NATS_USER nor NATS_PASSWORD is set outside production, then it connects without a user', () => {
    expect(loadConfig(busEnv, { NODE_ENV: 'development' })).toMatchObject({ NATS_USER: undefined, NATS_PASSWORD: undefined });
  });

  it('when both are set, then it connects as that user', () => {
    expect(loadConfig(busEnv, { NODE_ENV: 'production', NATS_USER: 'payments', NATS_PASSWORD: 'a-long-password-0123456789' })).toMatchObject({
      NATS_USER: 'payments',
      NATS_PASSWORD: 'a-long-password-0123456789',
    });
  });

  it('when the password is given without its user, then NATS_USER is named and the password is nowhere in the message', () => {
    const problems = problemsOf({ NATS_PASSWORD: 'hunter2-the-password' });

    expect(problems).toEqual([expect.stringMatching(/^NATS_USER is required when NATS_PASSWORD is set/)]);
    expect(problems.join('\n')).not.toContain('hunter2-the-password');
  });

  it('when the user is given without its password, then NATS_PASSWORD is named', () => {
    expect(problemsOf({ NATS_USER: 'payments' })).toEqual([expect.stringMatching(/^NATS_PASSWORD is required when NATS_USER is set/)]);
  });

  it('when neither is set in production, then both are named as required', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^NATS_USER is required in production/),
      expect.stringMatching(/^NATS_PASSWORD is required in production/),
    ]);
  });
});

describe('who may publish and consume what', () => {
  it('when the catalogue is compared with the services, then each subject has exactly one publisher, and no service consumes its own', () => {
    const publishersOf = (subject: string) => busServices.filter((service) => (busParticipants[service].publishes as readonly string[]).includes(subject));

    for (const subject of subjects) expect({ subject, publishers: publishersOf(subject) }).toEqual({ subject, publishers: [expect.any(String)] });
    for (const service of busServices) {
      for (const subject of busParticipants[service].consumes) expect({ subject, publishers: publishersOf(subject) }).not.toEqual({ subject, publishers: [service] });
    }
  });

  it("when a service's grants are listed, then it may publish its own subjects and the dead letters of what it consumes, and nothing of another's", () => {
    const { publish } = permissionsOf('payments', { stream: 'S', subjectPrefix: 'p' });
    const events = publish.allow.filter((subject) => subject.startsWith('p.'));

    expect(events.sort()).toEqual(['p.deadletter.expiration.complete', 'p.deadletter.order.cancel-requested', 'p.deadletter.order.created', 'p.payment.closed', 'p.payment.succeeded', 'p.payout.sent']);
    expect(publish.allow.filter((subject) => /[*>]/.test(subject) && !subject.startsWith('$JS.ACK.S.payments-'))).toEqual([]);
  });
});
