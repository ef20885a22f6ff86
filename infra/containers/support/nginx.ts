import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';

const run = promisify(execFile);

export interface IngressFront {
  host: string;
  httpPort: number;
  httpsPort: number;
  /** The throwaway certificate's PEM: the CA a client must trust. */
  certificate: string;
  stop(): Promise<void>;
}

/** A certificate for `host` only, valid for a day, made for this run and trusted by nothing else. */
async function throwawayCertificate(dir: string, host: string): Promise<{ cert: string; key: string }> {
  const cert = path.join(dir, 'tls.crt');
  const key = path.join(dir, 'tls.key');
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host}`, '-keyout', key, '-out', cert]);
  return { cert, key };
}

/**
 * ingress-nginx's locations for a path: Prefix matches the path and what lies under it by whole
 * segments (so /api/users does not take /api/usersx), Exact only the path itself.
 */
function locations(pathValue: string, pathType: string, proxy: string): string[] {
  const block = (match: string) => `    location ${match} {\n${proxy}    }`;
  if (pathType === 'Exact') return [block(`= ${pathValue}`)];
  if (pathType !== 'Prefix') throw new Error(`Ingress pathType ${pathType} is not one this run translates`);
  if (pathValue === '/') return [block('/')];
  const base = pathValue.replace(/\/$/, '');
  return [block(`= ${base}`), block(`${base}/`)];
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
    socket.on('error', () => resolve(false));
  });

async function listening(ports: number[], errorLog: string): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    if ((await Promise.all(ports.map(accepts))).every(Boolean)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx did not listen on ${ports.join(' and ')} within 10 s; see ${errorLog}`);
}

const BODY_SIZE = 'nginx.ingress.kubernetes.io/proxy-body-size';

/**
 * The rendered Ingress as Debian's nginx serves it: its host and paths to the Services' ports here,
 * TLS with a throwaway certificate, and plain http redirected to https with 308 as ingress-nginx does
 * once the host has TLS, unless X-Forwarded-Proto says https already (use-forwarded-headers, as
 * infra/README.md asks of the controller for the web app's own calls).
 */
export async function startIngressFront(ingress: IIngress, servicePorts: Map<string, number>, dir: string, ports: { http: number; https: number }): Promise<IngressFront> {
  mkdirSync(dir, { recursive: true });
  // nginx's workers run as an unprivileged user when it starts as root, and write temporary files here.
  chmodSync(dir, 0o755);
  const rules = ingress.spec?.rules ?? [];
  if (rules.length !== 1 || !rules[0]!.host) throw new Error('expected the Ingress to have one rule with a host');
  const host = rules[0]!.host;
  const tlsHosts = (ingress.spec?.tls ?? []).flatMap((t) => t.hosts ?? []);
  if (!tlsHosts.includes(host)) throw new Error(`the Ingress has no TLS for ${host}`);
  const { cert, key } = await throwawayCertificate(dir, host);
  const proxyTo = (service: string) => {
    const port = servicePorts.get(service);
    if (port === undefined) throw new Error(`the Ingress routes to Service ${service}, which this run does not start`);
    return [
      `      proxy_pass http://127.0.0.1:${port};`,
      '      proxy_set_header Host $host;',
      '      proxy_set_header X-Real-IP $remote_addr;',
      '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      '      proxy_set_header X-Forwarded-Proto $forwarded_proto;',
      '      proxy_set_header X-Forwarded-Host $host;',
      '',
    ].join('\n');
  };
  const paths = (rules[0]!.http?.paths ?? []).flatMap((p) => locations(p.path ?? '/', p.pathType, proxyTo(p.backend.service!.name)));
  const bodySize = ingress.metadata?.annotations?.[BODY_SIZE] ?? '1m';
  const config = `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size ${bodySize};
  map $http_x_forwarded_proto $forwarded_proto { default $scheme; https https; }
  server {
    listen 127.0.0.1:${ports.http};
    server_name ${host};
    if ($forwarded_proto != "https") { return 308 https://$host:${ports.https}$request_uri; }
${paths.join('\n')}
  }
  server {
    listen 127.0.0.1:${ports.https} ssl;
    server_name ${host};
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
${paths.join('\n')}
  }
}
`;
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, config);
  await run('nginx', ['-t', '-c', file, '-e', `${dir}/error.log`]).catch((err: { stderr?: string }) => {
    throw new Error(`nginx refused the configuration made from the Ingress:\n${err.stderr}\n${config}`);
  });
  const nginx: ChildProcess = spawn('nginx', ['-c', file, '-e', `${dir}/error.log`], { stdio: 'ignore' });
  await listening([ports.http, ports.https], `${dir}/error.log`);
  return {
    host,
    httpPort: ports.http,
    httpsPort: ports.https,
    certificate: readFileSync(cert, 'utf8'),
    async stop() {
      if (nginx.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        nginx.once('exit', () => resolve());
        nginx.kill('SIGQUIT');
      });
    },
  };
}
