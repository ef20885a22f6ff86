/** One HTTP exchange through the gateway. */
export interface Answer {
  /** Method and route template, such as `DELETE /api/orders/:id`. */
  route: string;
  /** 0 when no answer came: the request timed out or its connection failed. */
  status: number;
  sentAt: number;
  answeredAt: number;
}

/** Every answer of the run, in the order they came. */
export class AnswerLog {
  readonly answers: Answer[] = [];

  record(answer: Answer): void {
    this.answers.push(answer);
  }
}

export interface Reply {
  status: number;
  body: any;
}

/**
 * A browser-like client of the gateway, as the suite's `Visitor` (JSON both ways, the session cookie
 * kept), that records every answer and gives up on a request after a timeout: a paused service
 * would otherwise hold a buyer forever.
 */
export class RecordingVisitor {
  private cookie = '';

  constructor(
    private readonly baseUrl: string,
    private readonly log: AnswerLog,
    private readonly timeoutMs: number,
  ) {}

  async call(method: string, path: string, route: string, body?: unknown): Promise<Reply> {
    const sentAt = Date.now();
    let reply: Reply;
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', ...(this.cookie ? { Cookie: this.cookie } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('session='));
      if (setCookie) this.cookie = setCookie.split(';')[0]!;
      const text = await res.text();
      reply = { status: res.status, body: parseJson(text) };
    } catch {
      reply = { status: 0, body: undefined };
    }
    this.log.record({ route: `${method} ${route}`, status: reply.status, sentAt, answeredAt: Date.now() });
    return reply;
  }
}

/** A gateway error page or a cut-off body is still an answer; only its status matters then. */
function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A server error, or no answer at all. */
export const isFailure = (status: number) => status === 0 || status >= 500;
