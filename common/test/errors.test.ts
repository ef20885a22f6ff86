import { Router } from 'express';
import request from 'supertest';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotAuthorizedError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentRequiredError,
  RequestValidationError,
  ServiceUnavailableError,
  TooManyRequestsError,
  ReasonedConflictError,
  UnprocessableContentError,
  type ErrorItem,
} from '../src';
import { buildApp, captureLogs, delay, errorBody } from './helpers';

/** An app whose GET /throw throws `error`, and whose POST /echo returns the parsed body. */
function appThrowing(error: unknown, overrides: Parameters<typeof buildApp>[0] = {}) {
  const routes = Router();
  routes.get('/throw', () => {
    throw error;
  });
  routes.get('/reject', async () => {
    await delay(1);
    throw error;
  });
  routes.post('/echo', (req, res) => {
    res.json({ received: req.body as unknown });
  });
  return buildApp({ routes: [routes], ...overrides });
}

describe('HttpError subclasses', () => {
  const cases: [string, () => Error, number, ErrorItem[]][] = [
    ['BadRequestError', () => new BadRequestError('Bad input'), 400, [{ message: 'Bad input' }]],
    ['BadRequestError with a field', () => new BadRequestError('Bad email', 'email'), 400, [{ message: 'Bad email', field: 'email' }]],
    [
      'RequestValidationError',
      () => new RequestValidationError([{ message: 'Invalid value', field: 'price' }, { message: 'Required' }]),
      400,
      [{ message: 'Invalid value', field: 'price' }, { message: 'Required' }],
    ],
    ['NotAuthorizedError', () => new NotAuthorizedError(), 401, [{ message: 'Not signed in' }]],
    ['PaymentRequiredError', () => new PaymentRequiredError('Card declined'), 402, [{ message: 'Card declined' }]],
    ['ForbiddenError', () => new ForbiddenError(), 403, [{ message: 'Not allowed' }]],
    ['NotFoundError', () => new NotFoundError(), 404, [{ message: 'Not found' }]],
    ['ConflictError', () => new ConflictError('Already reserved'), 409, [{ message: 'Already reserved' }]],
    ['ConflictError with a field', () => new ConflictError('Email in use', 'email'), 409, [{ message: 'Email in use', field: 'email' }]],
    ['PayloadTooLargeError', () => new PayloadTooLargeError(), 413, [{ message: 'Request body too large' }]],
    ['UnprocessableContentError', () => new UnprocessableContentError('Code expired', 'expired'), 422, [{ message: 'Code expired', reason: 'expired' }]],
    [
      'UnprocessableContentError with a field',
      () => new UnprocessableContentError('Code expired', 'expired', 'code'),
      422,
      [{ message: 'Code expired', field: 'code', reason: 'expired' }],
    ],
    ['ReasonedConflictError', () => new ReasonedConflictError('Already checked in', 'already-checked-in'), 409, [{ message: 'Already checked in', reason: 'already-checked-in' }]],
    ['TooManyRequestsError', () => new TooManyRequestsError('Slow down', 30), 429, [{ message: 'Slow down' }]],
    ['ServiceUnavailableError', () => new ServiceUnavailableError('Try again later'), 503, [{ message: 'Try again later' }]],
  ];

  it.each(cases)('when a route throws a %s, then the response has its status and the common body', async (_name, makeError, status, items) => {
    // Arrange
    const app = appThrowing(makeError());

    // Act
    const res = await request(app).get('/throw');

    // Assert
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toStrictEqual({ errors: items });
  });

  it.each([
    [30, '30'],
    [2.1, '3'],
    [0.2, '1'],
    [0, '1'],
  ])('when a TooManyRequestsError says retry after %p s, then Retry-After is %p', async (retryAfterSeconds, header) => {
    // Arrange
    const app = appThrowing(new TooManyRequestsError('Slow down', retryAfterSeconds));

    // Act
    const res = await request(app).get('/throw');

    // Assert
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe(header);
  });

  it('when an HttpError other than 429 or 503 is thrown, then no Retry-After header is set', async () => {
    // Arrange
    const app = appThrowing(new ConflictError('Taken'));

    // Act
    const res = await request(app).get('/throw');

    // Assert
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it('when an HttpError is created, then its name is its class name', () => {
    // Arrange, Act
    const error = new ConflictError('Taken');

    // Assert
    expect(error.name).toBe('ConflictError');
    expect(error).toBeInstanceOf(Error);
  });
});

describe('errorHandler', () => {
  it('when the JSON body is malformed, then 400 "Malformed JSON body"', async () => {
    // Arrange
    const app = appThrowing(new Error('unused'));

    // Act
    const res = await request(app).post('/echo').set('Content-Type', 'application/json').send('{"price": ');

    // Assert
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual(errorBody('Malformed JSON body'));
  });

  it('when the body is above the limit, then 413 "Request body too large"', async () => {
    // Arrange
    const app = appThrowing(new Error('unused'), { bodyLimit: '1kb' });

    // Act
    const res = await request(app)
      .post('/echo')
      .send({ text: 'x'.repeat(2048) });

    // Assert
    expect(res.status).toBe(413);
    expect(res.body).toStrictEqual(errorBody('Request body too large'));
  });

  it('when the body is just under the limit, then it is parsed', async () => {
    // Arrange
    const app = appThrowing(new Error('unused'), { bodyLimit: '1kb' });

    // Act
    const res = await request(app)
      .post('/echo')
      .send({ text: 'x'.repeat(900) });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({ received: { text: 'x'.repeat(900) } });
  });

  it.each(['"just a string"', '42', 'true', 'null'])(
    'when the JSON body is the top-level primitive %s, then 400 as strict parsing rejects it',
    async (primitive) => {
      // Arrange
      const app = appThrowing(new Error('unused'));

      // Act
      const res = await request(app).post('/echo').set('Content-Type', 'application/json').send(primitive);

      // Assert
      expect(res.status).toBe(400);
      expect(res.body).toStrictEqual(errorBody('Malformed JSON body'));
    },
  );

  it('when no route matches, then 404 in the common shape', async () => {
    // Arrange
    const app = appThrowing(new Error('unused'));

    // Act
    const res = await request(app).get('/no/such/route');

    // Assert
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toStrictEqual(errorBody('Route not found'));
  });

  it('when a route throws a plain Error, then 500 with a generic body, no details, and the error logged', async () => {
    // Arrange
    const logs = captureLogs();
    const app = appThrowing(new Error('database password is hunter2'), { logger: logs.logger });

    // Act
    const res = await request(app).get('/throw');

    // Assert
    expect(res.status).toBe(500);
    expect(res.body).toStrictEqual(errorBody('Something went wrong'));
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toMatch(/\bat .*\.ts/);
    const logged = logs.entries().find((entry) => entry.msg === 'unhandled error');
    expect(logged).toMatchObject({
      level: 'error',
      err: { message: 'database password is hunter2', stack: expect.stringContaining('Error') },
      req: { id: res.headers['x-request-id'] },
    });
  });

  it('when an async route rejects, then 500 with the generic body', async () => {
    // Arrange
    const logs = captureLogs();
    const app = appThrowing(new Error('async failure'), { logger: logs.logger });

    // Act
    const res = await request(app).get('/reject');

    // Assert
    expect(res.status).toBe(500);
    expect(res.body).toStrictEqual(errorBody('Something went wrong'));
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ msg: 'unhandled error', err: expect.objectContaining({ message: 'async failure' }) }),
    );
  });

  it('when an async route rejects with an HttpError, then its status and body are used', async () => {
    // Arrange
    const app = appThrowing(new ForbiddenError('Not your ticket'));

    // Act
    const res = await request(app).get('/reject');

    // Assert
    expect(res.status).toBe(403);
    expect(res.body).toStrictEqual(errorBody('Not your ticket'));
  });

  it('when a route throws something that is not an Error, then 500 with the generic body', async () => {
    // Arrange
    const app = appThrowing('a bare string');

    // Act
    const res = await request(app).get('/throw');

    // Assert
    expect(res.status).toBe(500);
    expect(res.body).toStrictEqual(errorBody('Something went wrong'));
  });

  it('when a route fails after it started the response, then the response is ended without a second body', async () => {
    // Arrange
    const routes = Router();
    routes.get('/partial', (_req, res, next) => {
      res.status(200).write('partial');
      next(new Error('late failure'));
    });
    const app = buildApp({ routes: [routes] });

    // Act
    const res = await request(app).get('/partial');

    // Assert
    expect(res.status).toBe(200);
    expect(res.text).toBe('partial');
  });
});
