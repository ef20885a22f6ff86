/** One entry of the error body every service answers with. */
export interface ErrorItem {
  message: string;
  field?: string;
  /**
   * A word from a fixed list the route documents, for a refusal the client must tell apart from
   * others of the same status (a check-in refused as `re-issued` or `expired`); the message stays
   * what a person reads.
   */
  reason?: string;
}

export interface ErrorBody {
  errors: ErrorItem[];
}

/**
 * The base of every error a route may throw on purpose. The error handler turns it into its status
 * and `{"errors":[...]}`; anything that is not an HttpError is a bug and becomes a logged 500.
 */
export abstract class HttpError extends Error {
  abstract readonly statusCode: number;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }

  serialize(): ErrorItem[] {
    return [{ message: this.message }];
  }

  /** Extra response headers, such as Retry-After on a 429. */
  headers(): Record<string, string> {
    return {};
  }
}

/** An error that may name the one field at fault. */
abstract class FieldError extends HttpError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  override serialize(): ErrorItem[] {
    return [this.field === undefined ? { message: this.message } : { message: this.message, field: this.field }];
  }
}

export class BadRequestError extends FieldError {
  readonly statusCode = 400;
}

/** Several invalid fields at once, as express-validator reports them. */
export class RequestValidationError extends HttpError {
  readonly statusCode = 400;

  constructor(readonly items: ErrorItem[]) {
    super('Invalid request parameters');
  }

  override serialize(): ErrorItem[] {
    return this.items;
  }
}

export class NotAuthorizedError extends HttpError {
  readonly statusCode = 401;

  constructor(message = 'Not signed in') {
    super(message);
  }
}

export class PaymentRequiredError extends HttpError {
  readonly statusCode = 402;
}

export class ForbiddenError extends HttpError {
  readonly statusCode = 403;

  constructor(message = 'Not allowed') {
    super(message);
  }
}

export class NotFoundError extends HttpError {
  readonly statusCode = 404;

  constructor(message = 'Not found') {
    super(message);
  }
}

export class ConflictError extends FieldError {
  readonly statusCode = 409;
}

/**
 * A refusal the client must tell apart from others of the same status: `reason` is one of the
 * route's documented words, so a client can answer each differently; the message stays what a person reads.
 */
abstract class ReasonedError<Reason extends string> extends HttpError {
  constructor(
    message: string,
    readonly reason: Reason,
    readonly field?: string,
  ) {
    super(message);
  }

  override serialize(): ErrorItem[] {
    return [this.field === undefined ? { message: this.message, reason: this.reason } : { message: this.message, field: this.field, reason: this.reason }];
  }
}

/** The request is well formed but a rule refuses what it names, for the reason given. */
export class UnprocessableContentError<Reason extends string = string> extends ReasonedError<Reason> {
  readonly statusCode = 422;
}

/** A conflict with the current state that the client tells apart from the route's other conflicts by its reason. */
export class ReasonedConflictError<Reason extends string = string> extends ReasonedError<Reason> {
  readonly statusCode = 409;
}

export class PayloadTooLargeError extends HttpError {
  readonly statusCode = 413;

  constructor(message = 'Request body too large') {
    super(message);
  }
}

export class TooManyRequestsError extends HttpError {
  readonly statusCode = 429;

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }

  override headers(): Record<string, string> {
    const seconds = Math.ceil(this.retryAfterSeconds);
    return { 'Retry-After': String(Number.isFinite(seconds) && seconds > 1 ? seconds : 1) };
  }
}

/** A dependency is down: the client should try again after `retryAfterSeconds`. */
export class ServiceUnavailableError extends HttpError {
  readonly statusCode = 503;

  constructor(
    message = 'A service this request needs is unavailable; please try again shortly',
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }

  override headers(): Record<string, string> {
    return { 'Retry-After': String(Math.max(1, Math.ceil(this.retryAfterSeconds))) };
  }
}
