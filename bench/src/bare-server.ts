import { createServer } from 'node:http';
import type { YardstickPage } from './read-path';

/**
 * The read path's first yardstick: a bare Node HTTP server in a process of its own, answering every
 * request with the body and content type its parent sends it, and reporting its port back.
 */
process.once('message', ({ body, contentType }: YardstickPage) => {
  const headers = { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) };
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send!(typeof address === 'object' && address ? address.port : 0);
  });
  process.once('disconnect', () => server.close(() => process.exit(0)));
});
