import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePortBlock } from '../src/infrastructure';

const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

const listenOn = (port: number) =>
  new Promise<() => Promise<void>>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => resolve(() => new Promise((done) => server.close(() => done()))));
  });

describe('freePortBlock', () => {
  it('when asked for the suite’s ports, then every one of them can be listened on, below the ephemeral range', async () => {
    const base = await freePortBlock(10);

    expect(base + 9).toBeLessThan(ephemeralStart);
    const closers = [];
    for (let port = base; port < base + 10; port++) closers.push(await listenOn(port));
    await Promise.all(closers.map((close) => close()));
  });
});
