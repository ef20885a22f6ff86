import { request } from 'node:https';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
}

/**
 * A browser's side of the conversation through the ingress: https to the ingress's host name (SNI and
 * Host) with its throwaway certificate trusted, and the session cookie kept between calls.
 */
export class HttpsVisitor {
  private cookie = '';

  constructor(private readonly front: { host: string; httpsPort: number; certificate: string }) {}

  call(method: string, path: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.front.httpsPort,
          servername: this.front.host,
          ca: this.front.certificate,
          method,
          path,
          headers: {
            host: this.front.host,
            accept: 'application/json',
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            ...(this.cookie ? { cookie: this.cookie } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const session = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('session='));
            if (session) this.cookie = session.split(';')[0]!;
            const text = Buffer.concat(chunks).toString('utf8');
            const json = /json/.test(String(res.headers['content-type'])) && text ? JSON.parse(text) : undefined;
            resolve({ status: res.statusCode!, headers: res.headers, body: json, text });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  get = (path: string) => this.call('GET', path);
  post = (path: string, body: unknown = {}) => this.call('POST', path, body);
}
