import type { z } from 'zod';
import { envelopeSchemas, type Envelope, type Subject } from './catalogue';

/** The failing fields of a payload, `path: problem` each, e.g. `data.ticket.price: Invalid input: expected int, received string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(envelope)'}: ${issue.message}`).join('; ');
}

export type EnvelopeReading<S extends Subject> =
  | { valid: true; envelope: Envelope<S> }
  /** `envelopeId` is the id the payload claims, if it has one, so the parked copy can still be named. */
  | { valid: false; reason: string; envelopeId?: string };

/**
 * Checks a parsed message body against the envelope schema of `subject`. What a consumer gets back
 * holds only the fields the catalogue names (see the note on unknown keys in the catalogue).
 */
export function readEnvelope<S extends Subject>(subject: S, body: unknown): EnvelopeReading<S> {
  const result = envelopeSchemas[subject].safeParse(body);
  if (result.success) return { valid: true, envelope: result.data };
  const claimedId = (body as { id?: unknown } | null)?.id;
  return {
    valid: false,
    reason: `not a valid ${subject} event: ${describeIssues(result.error)}`,
    envelopeId: typeof claimedId === 'string' && claimedId.length > 0 ? claimedId.slice(0, 200) : undefined,
  };
}

/** A service tried to publish an event its own catalogue refuses: a bug in that service, never input. */
export class InvalidEventError extends Error {
  constructor(subject: Subject, issues: string) {
    super(`refusing to publish an invalid ${subject} event: ${issues}`);
    this.name = 'InvalidEventError';
  }
}

/** The envelope as the catalogue has it (unknown keys dropped); throws InvalidEventError if it is not one. */
export function assertValidEnvelope<S extends Subject>(envelope: Envelope<S>): Envelope<S> {
  const result = envelopeSchemas[envelope.subject].safeParse(envelope);
  if (!result.success) throw new InvalidEventError(envelope.subject, describeIssues(result.error));
  return result.data;
}
