import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { matchesIfNoneMatch } from '@ticketing/common';
import { answerFromCache, createSharedCache, isRepeatable, mayUseSharedCache, notModifiedHeaders, requestHeader, type SharedCacheOptions } from './shared-cache';

export interface GatewayRoute {
  prefix: string;
  target: { host: string; port: number };
}

/** The upstream for a path: the longest matching prefix, on a path-segment boundary. */
export function routeFor(routes: GatewayRoute[], path: string): GatewayRoute | undefined {
  return routes
    .filter((r) => path === r.prefix || path.startsWith(`${r.prefix}/`) || path.startsWith(`${r.prefix}?`))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

function sendError(res: ServerResponse, status: number, message: string) {
  if (res.headersSent) return res.destroy();
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message }] }));
}

/** Hop-by-hop headers belong to one connection and are never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'];

export interface GatewayOptions {
  /**
   * The local address upstream connections come from. Services trust X-Forwarded-For only from it,
   * so a process that connects to a service directly cannot name its own client address.
   */
  upstreamAddress?: string;
  /** Keep what the services call public for as long as they allow (`true`: the default limits). */
  sharedCache?: boolean | SharedCacheOptions;
}

/**
 * One origin for the browser, like the ingress: each request goes to the service owning its path
 * prefix, everything else to `fallback` (the web app). It adds the X-Forwarded-* headers the
 * services trust for the client address and protocol, and streams bodies both ways. With
 * `sharedCache`, it answers what the services call public from memory while it is fresh.
 */
export function createGateway(routes: GatewayRoute[], fallback?: GatewayRoute['target'], options: GatewayOptions = {}): Server {
  // Upstream connections are reused: opening one per request would cost more than the proxying.
  const agent = new Agent({ keepAlive: true, maxSockets: 256, localAddress: options.upstreamAddress });
  const cacheOptions = options.sharedCache === true ? {} : options.sharedCache || undefined;
  const cache = cacheOptions && createSharedCache(cacheOptions);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const target = routeFor(routes, path.split('?')[0]!)?.target ?? fallback;
    if (!target) return sendError(res, 404, 'Not found');
    const cacheForRequest = cache && mayUseSharedCache(req, cacheOptions.bypassCookies) ? cache : undefined;
    const fresh = cacheForRequest?.fresh(path, req);
    if (fresh) return answerFromCache(req, res, fresh);
    const headers = { ...req.headers };
    for (const name of HOP_BY_HOP) delete headers[name];
    const clientAddress = req.socket.remoteAddress ?? '';
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${clientAddress}` : clientAddress;
    headers['x-forwarded-proto'] = (req.socket as Socket & { encrypted?: boolean }).encrypted ? 'https' : 'http';
    headers['x-forwarded-host'] = req.headers.host ?? '';
    const cacheForAnswer = cacheForRequest !== undefined && req.method === 'GET' ? cacheForRequest : undefined;
    // Refreshing an answer the service called public, the gateway asks for the whole of it, as
    // nginx does: a 304 could not be kept, and in a storm of reloads every request is conditional.
    // It answers the client's If-None-Match itself; If-Modified-Since alone gets the whole answer.
    const refreshing = cacheForAnswer?.holds(path) === true;
    if (refreshing) {
      delete headers['if-none-match'];
      delete headers['if-modified-since'];
    }
    const requestedAt = cacheForAnswer?.now() ?? 0;
    const repeatable = isRepeatable(req);
    const forward = (retried: boolean) => {
      const connection = retried ? { agent: false, localAddress: options.upstreamAddress } : { agent };
      const upstream = httpRequest({ host: target.host, port: target.port, method: req.method, path, headers, ...connection }, (upstreamRes) => {
        const responseHeaders = { ...upstreamRes.headers };
        for (const name of HOP_BY_HOP) delete responseHeaders[name];
        const status = upstreamRes.statusCode ?? 502;
        const reading = cacheForAnswer?.record(path, req, upstreamRes, responseHeaders, requestedAt) === true;
        if (refreshing && status === 200 && matchesIfNoneMatch(requestHeader(req, 'if-none-match'), responseHeaders.etag)) {
          res.writeHead(304, notModifiedHeaders(responseHeaders));
          res.end();
          if (!reading) upstreamRes.resume();
          return;
        }
        res.writeHead(status, responseHeaders);
        upstreamRes.pipe(res);
      });
      upstream.on('error', () => {
        // An upstream may close an idle kept-alive connection just as a request goes out on it (the
        // web app's server does after 5 s). A request without a body that was never answered is
        // safe to send again, once, on a connection of its own, as proxies such as nginx do.
        if (!retried && upstream.reusedSocket && !res.headersSent && repeatable) return forward(true);
        sendError(res, 502, 'Service unavailable, try again shortly');
      });
      if (repeatable) upstream.end();
      else req.pipe(upstream);
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
    };
    forward(false);
  });
  server.keepAliveTimeout = 65_000;
  server.on('close', () => agent.destroy());
  return server;
}

/** A loopback address of the gateway's own, apart from the 127.0.0.1 every local client uses. */
export const GATEWAY_UPSTREAM_ADDRESS = '127.0.0.2';

/**
 * Whether this machine lets a program use GATEWAY_UPSTREAM_ADDRESS. Linux routes all of 127.0.0.0/8
 * to loopback; macOS has only 127.0.0.1 unless an alias is added.
 */
export function canUseUpstreamAddress(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, GATEWAY_UPSTREAM_ADDRESS, () => probe.close(() => resolve(true)));
  });
}
