import { Router } from 'express';
import { query } from 'express-validator';
import request from 'supertest';
import { createListedPages, LISTED_PAGE_CACHE_CONTROL, validateRequest, type ListedPagesOptions } from '../src';
import { buildApp, deferred } from './helpers';

/**
 * GET /listed?page=N answers `{ page, reads }` from a listing whose reads are counted; `page` must
 * be a positive integer. A test may hold the read open with `gate`.
 */
function listingApp(options: ListedPagesOptions = {}) {
  let clock = 1_000_000;
  const pages = createListedPages({ now: () => clock, ...options });
  const listing = { reads: 0, gate: undefined as Promise<void> | undefined, reached: deferred() };
  const routes = Router();
  routes.get('/listed', query('page').isInt({ min: 1 }).withMessage('page must be a positive integer'), validateRequest, async (req, res) => {
    listing.reads += 1;
    listing.reached.resolve();
    if (listing.gate) await listing.gate;
    pages.send(req, res, { page: Number(req.query.page), reads: listing.reads });
  });
  return { app: buildApp({ publicReads: [Router().get('/listed', pages.serve)], routes: [routes] }), pages, listing, advance: (ms: number) => (clock += ms) };
}

describe('listed pages', () => {
  it('when a page is asked for twice, then the second is answered from memory with the same bytes and its age', async () => {
    // Arrange
    const { app, listing, advance } = listingApp();
    const first = await request(app).get('/listed?page=1');
    advance(600);

    // Act
    const second = await request(app).get('/listed?page=1');

    // Assert
    expect(listing.reads).toBe(1);
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(second.headers['cache-control']).toBe(LISTED_PAGE_CACHE_CONTROL);
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(second.headers.age).toBe('0');
  });

  it('when a change is announced, then the next request reads the listing again', async () => {
    // Arrange
    const { app, pages, listing } = listingApp();
    await request(app).get('/listed?page=1');

    // Act
    pages.invalidate();
    const res = await request(app).get('/listed?page=1');

    // Assert
    expect(listing.reads).toBe(2);
    expect(res.body).toEqual({ page: 1, reads: 2 });
  });

  it('when the kept page is older than its maximum age, then it is read again', async () => {
    // Arrange
    const { app, listing, advance } = listingApp({ maxAgeMs: 1000 });
    await request(app).get('/listed?page=1');
    advance(999);
    await request(app).get('/listed?page=1');

    // Act
    advance(1);
    const res = await request(app).get('/listed?page=1');

    // Assert
    expect(listing.reads).toBe(2);
    expect(res.body.reads).toBe(2);
  });

  it('when a change is announced while a page is being read, then that page is not kept', async () => {
    // Arrange
    const { app, pages, listing } = listingApp();
    let open!: () => void;
    listing.gate = new Promise((resolve) => (open = resolve));
    const reading = request(app).get('/listed?page=1').then((res) => res);
    await listing.reached.promise;

    // Act
    pages.invalidate();
    listing.gate = undefined;
    open();
    await reading;
    const after = await request(app).get('/listed?page=1');

    // Assert
    expect(listing.reads).toBe(2);
    expect(after.body.reads).toBe(2);
  });

  it('when many ask for a page that is being read, then they all get that one reading', async () => {
    // Arrange
    const { app, listing } = listingApp();
    let open!: () => void;
    listing.gate = new Promise((resolve) => (open = resolve));
    const first = request(app).get('/listed?page=2').then((res) => res);
    await listing.reached.promise;
    const others = Array.from({ length: 5 }, () => request(app).get('/listed?page=2').then((res) => res));
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Act
    open();
    const answers = await Promise.all([first, ...others]);

    // Assert
    expect(listing.reads).toBe(1);
    expect(answers.map((res) => res.body)).toEqual(Array(6).fill({ page: 2, reads: 1 }));
  });

  it('when the request sends the ETag it holds, then the answer is 304 without a body', async () => {
    // Arrange
    const { app } = listingApp();
    const first = await request(app).get('/listed?page=1');

    // Act
    const fresh = await request(app).get('/listed?page=1').set('If-None-Match', `"other", W/${first.headers.etag}`);
    const changed = await request(app).get('/listed?page=1').set('If-None-Match', '"other"');

    // Assert
    expect(fresh.status).toBe(304);
    expect(fresh.text).toBe('');
    expect(fresh.headers.etag).toBe(first.headers.etag);
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual(first.body);
  });

  it('when the query is invalid, then it is refused every time and nothing is kept', async () => {
    // Arrange
    const { app, listing } = listingApp();

    // Act
    const answers = [await request(app).get('/listed?page=0'), await request(app).get('/listed?page=0')];

    // Assert
    expect(answers.map((res) => res.status)).toEqual([400, 400]);
    expect(answers[1]!.body).toEqual({ errors: [{ message: 'page must be a positive integer', field: 'page' }] });
    expect(listing.reads).toBe(0);
  });

  it('when the pages asked for pass the maximum kept, then the oldest is read again', async () => {
    // Arrange
    const { app, listing } = listingApp({ maxEntries: 2 });
    for (const page of [1, 2, 3]) await request(app).get(`/listed?page=${page}`);

    // Act
    await request(app).get('/listed?page=3');
    await request(app).get('/listed?page=1');

    // Assert
    expect(listing.reads).toBe(4);
  });

  it('when the maximum age is 0, as for an app with no announcements wired, then nothing is kept', async () => {
    // Arrange
    const { app, listing } = listingApp({ maxAgeMs: 0 });
    await request(app).get('/listed?page=1');

    // Act
    const res = await request(app).get('/listed?page=1');

    // Assert
    expect(listing.reads).toBe(2);
    expect(res.headers.etag).toMatch(/^"/);
  });
});
