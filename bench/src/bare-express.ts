import express from 'express';
import type { YardstickPage } from './read-path';

/**
 * The read path's target yardstick: an Express 5 app with its default settings (ETag, X-Powered-By
 * and all) in a process of its own, answering the route's path with the body and content type its
 * parent sends it, and reporting its port back. The services are Express apps too, so what they
 * cost beyond this is their own work.
 */
process.once('message', ({ body, contentType, path }: YardstickPage) => {
  const app = express();
  app.get(path, (_req, res) => {
    res.type(contentType).send(body);
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send!(typeof address === 'object' && address ? address.port : 0);
  });
  process.once('disconnect', () => server.close(() => process.exit(0)));
});
