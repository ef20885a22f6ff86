import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  /** The form-encoded body, one entry per key as sent (`metadata[orderId]`). */
  params: Record<string, string>;
  /** Answered from the idempotency store: the request did nothing new. */
  replayed: boolean;
}

type IntentStatus = 'requires_payment_method' | 'requires_action' | 'succeeded' | 'canceled';

interface FakeIntent {
  id: string;
  amount: number;
  currency: string;
  status: IntentStatus;
  metadata: Record<string, string>;
  clientSecret: string;
  paymentMethod: string | null;
  lastPaymentError: Record<string, unknown> | null;
  latestCharge: string | null;
  refunded: boolean;
  created: number;
}

interface FakeAccount {
  id: string;
  metadata: Record<string, string>;
  payoutsEnabled: boolean;
  currentlyDue: string[];
  created: number;
}

interface Answer {
  status: number;
  body: unknown;
}

interface StoredAnswer extends Answer {
  /** What the key was first used for: Stripe refuses the key for anything else. */
  request: string;
}

/** Stripe's test payment methods the fake knows, and what confirming with each does. */
type Behaviour = { kind: 'succeed' } | { kind: 'decline'; code: string; declineCode: string; message: string } | { kind: 'authenticate' };

const PAYMENT_METHODS: Record<string, Behaviour> = {
  pm_card_visa: { kind: 'succeed' },
  pm_card_mastercard: { kind: 'succeed' },
  pm_card_chargeDeclined: { kind: 'decline', code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  pm_card_chargeDeclinedInsufficientFunds: {
    kind: 'decline',
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  pm_card_authenticationRequired: { kind: 'authenticate' },
};

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/**
 * A local stand-in for api.stripe.com, for the real `stripe` SDK pointed at it. It implements the
 * few PaymentIntent, Refund and Connect (accounts, account links, transfers) endpoints the service
 * uses, with Stripe's semantics where they
 * matter here: idempotency keys replay the first answer (and refuse other parameters), a
 * PaymentIntent succeeds at most once, a decline leaves it waiting for another card, errors come
 * in Stripe's JSON shape. It records every request, and lists in `violations` each one that breaks
 * the rules every request from the service must follow.
 */
export class FakeStripe {
  readonly secretKey = `sk_test_fake_${randomBytes(8).toString('hex')}`;
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  /** Successful charges: one per intent confirmed into success, never counting a replay. */
  readonly charges: { intentId: string; amount: number }[] = [];
  readonly refunds: { id: string; intentId: string; amount: number }[] = [];
  /** Intents cancelled: one entry per cancellation that did something, never counting a replay. */
  readonly cancellations: string[] = [];
  /** Connected accounts created: one per creation that did something, never counting a replay. */
  readonly accounts: FakeAccount[] = [];
  /** Transfers made to connected accounts, never counting a replay. */
  readonly transfers: { id: string; amount: number; currency: string; destination: string; transferGroup: string; sourceTransaction: string | undefined }[] = [];
  private readonly intents = new Map<string, FakeIntent>();
  private readonly idempotency = new Map<string, StoredAnswer>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private dropNext: ((request: RecordedRequest) => boolean)[] = [];
  private outage = false;

  static async start(): Promise<FakeStripe> {
    const fake = new FakeStripe();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The service's environment for talking to this fake. */
  env(): NodeJS.ProcessEnv {
    return { STRIPE_SECRET_KEY: this.secretKey, STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: String(this.port), STRIPE_API_PROTOCOL: 'http' };
  }

  /** Requests that concern one order: its intent's creation, its confirmations and its refund. */
  requestsFor(orderId: string): RecordedRequest[] {
    const intentIds = [...this.intents.values()].filter((intent) => intent.metadata.orderId === orderId).map((intent) => intent.id);
    return this.requests.filter(
      (request) =>
        request.params['metadata[orderId]'] === orderId ||
        intentIds.some((intentId) => request.path.startsWith(`/v1/payment_intents/${intentId}/`) || request.params.payment_intent === intentId),
    );
  }

  intentOf(orderId: string): ReturnType<FakeStripe['intentJson']> | undefined {
    const intent = [...this.intents.values()].find((candidate) => candidate.metadata.orderId === orderId);
    return intent && this.intentJson(intent);
  }

  chargesOf(intentId: string): number {
    return this.charges.filter((charge) => charge.intentId === intentId).length;
  }

  /** The next request matching `match` is carried out, then its connection is cut before the answer. */
  dropResponseOnce(match: (request: RecordedRequest) => boolean): void {
    this.dropNext.push(match);
  }

  /** While on, every request fails with Stripe's 500 and does nothing. */
  setOutage(on: boolean): void {
    this.outage = on;
  }

  /** The buyer finished 3-D Secure in the browser: the intent is charged. */
  completeAuthentication(intentId: string): void {
    const intent = this.intents.get(intentId)!;
    if (intent.status !== 'requires_action') throw new Error(`intent ${intentId} is ${intent.status}, not requires_action`);
    this.charge(intent);
  }

  /** The buyer failed 3-D Secure: the intent waits for another payment method. */
  failAuthentication(intentId: string): void {
    const intent = this.intents.get(intentId)!;
    intent.status = 'requires_payment_method';
    intent.lastPaymentError = {
      type: 'invalid_request_error',
      code: 'payment_intent_authentication_failure',
      message: 'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
    };
  }

  /** The seller finished onboarding: the account can receive payouts and owes Stripe nothing more. */
  enableAccount(accountId: string): void {
    const account = this.accounts.find((candidate) => candidate.id === accountId)!;
    account.payoutsEnabled = true;
    account.currentlyDue = [];
  }

  /** The charge (`ch_…`) of an order's intent, once it succeeded. */
  chargeOf(orderId: string): string | null {
    return [...this.intents.values()].find((intent) => intent.metadata.orderId === orderId)?.latestCharge ?? null;
  }

  /** The JSON body of a webhook event about the intent as it stands now, as Stripe would send it. */
  webhookPayload(type: string, intentId: string): string {
    return this.eventPayload(type, this.intentJson(this.intents.get(intentId)!));
  }

  /** `account.updated` with the account as it stands now, produced at `created` (seconds) unless told. */
  accountUpdatedPayload(accountId: string, created = Math.floor(Date.now() / 1000)): string {
    return this.eventPayload('account.updated', this.accountJson(this.accounts.find((account) => account.id === accountId)!), created);
  }

  private eventPayload(type: string, object: unknown, created = Math.floor(Date.now() / 1000)): string {
    return JSON.stringify({
      id: id('evt'),
      object: 'event',
      api_version: '2026-10-28.endive',
      created,
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? '';
    const path = (req.url ?? '').split('?')[0]!;
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    const stored = idempotencyKey === undefined ? undefined : this.idempotency.get(idempotencyKey);
    const request: RecordedRequest = {
      method,
      path,
      idempotencyKey,
      params: Object.fromEntries(new URLSearchParams(rawBody)),
      replayed: stored !== undefined,
    };
    this.requests.push(request);

    const answer = this.outage ? serverError() : this.answer(req, request, rawBody, stored);
    if (!this.outage && idempotencyKey !== undefined && !stored && answer.status < 500) {
      this.idempotency.set(idempotencyKey, { ...answer, request: `${method} ${path} ${rawBody}` });
    }
    const drop = this.dropNext.findIndex((match) => match(request));
    if (drop >= 0) {
      this.dropNext.splice(drop, 1);
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { 'Content-Type': 'application/json', 'Request-Id': id('req'), ...(request.replayed ? { 'Idempotent-Replayed': 'true' } : {}) });
    res.end(JSON.stringify(answer.body));
  }

  private answer(req: IncomingMessage, request: RecordedRequest, rawBody: string, stored: StoredAnswer | undefined): Answer {
    if (req.headers.authorization !== `Bearer ${this.secretKey}`) {
      this.violations.push(`${request.method} ${request.path} without the secret key`);
      return error(401, { type: 'invalid_request_error', message: 'Invalid API Key provided' });
    }
    if (request.method !== 'POST') {
      this.violations.push(`unexpected ${request.method} ${request.path}`);
      return error(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${request.path}).` });
    }
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      this.violations.push(`${request.path} not form-encoded`);
    }
    if (request.idempotencyKey === undefined) this.violations.push(`${request.path} without an Idempotency-Key`);
    if (stored) {
      if (stored.request === `${request.method} ${request.path} ${rawBody}`) return stored;
      this.violations.push(`Idempotency-Key ${request.idempotencyKey} reused for another request`);
      return error(400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${request.idempotencyKey}' if you meant to execute a different request.`,
      });
    }
    const confirm = /^\/v1\/payment_intents\/([^/]+)\/confirm$/.exec(request.path);
    const cancel = /^\/v1\/payment_intents\/([^/]+)\/cancel$/.exec(request.path);
    if (request.path === '/v1/payment_intents') return this.createIntent(request.params);
    if (confirm) return this.confirmIntent(confirm[1]!, request.params);
    if (cancel) return this.cancelIntent(cancel[1]!);
    if (request.path === '/v1/refunds') return this.refund(request.params);
    if (request.path === '/v1/accounts') return this.createAccount(request.params);
    if (request.path === '/v1/account_links') return this.createAccountLink(request.params);
    if (request.path === '/v1/transfers') return this.createTransfer(request.params);
    this.violations.push(`unexpected POST ${request.path}`);
    return error(404, { type: 'invalid_request_error', message: `Unrecognized request URL (POST: ${request.path}).` });
  }

  private createIntent(params: Record<string, string>): Answer {
    const amount = Number(params.amount);
    if (!Number.isInteger(amount)) this.violations.push(`payment intent with amount ${params.amount}`);
    // Stripe's own answers for an amount it does not charge (USD: 0.50 to 999,999.99).
    if (amount < 50) {
      return error(400, { type: 'invalid_request_error', code: 'amount_too_small', param: 'amount', message: 'Amount must be at least $0.50 usd' });
    }
    if (amount > 99_999_999) {
      return error(400, { type: 'invalid_request_error', code: 'amount_too_large', param: 'amount', message: 'Amount must be no more than $999,999.99' });
    }
    if (!/^[a-z]{3}$/.test(params.currency ?? '')) this.violations.push(`payment intent with currency ${params.currency}`);
    if (!params['metadata[orderId]'] || !params['metadata[userId]']) this.violations.push('payment intent without orderId and userId metadata');
    if ('confirm' in params || 'payment_method' in params) this.violations.push('payment intent confirmed at creation');
    const intentId = id('pi');
    const intent: FakeIntent = {
      id: intentId,
      amount,
      currency: params.currency!,
      status: 'requires_payment_method',
      metadata: Object.fromEntries(
        Object.entries(params)
          .filter(([key]) => key.startsWith('metadata['))
          .map(([key, value]) => [key.slice('metadata['.length, -1), value]),
      ),
      clientSecret: `${intentId}_secret_${randomBytes(8).toString('hex')}`,
      paymentMethod: null,
      lastPaymentError: null,
      latestCharge: null,
      refunded: false,
      created: Math.floor(Date.now() / 1000),
    };
    this.intents.set(intent.id, intent);
    return { status: 200, body: this.intentJson(intent) };
  }

  private confirmIntent(intentId: string, params: Record<string, string>): Answer {
    const intent = this.intents.get(intentId);
    if (!intent) return error(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'intent', message: `No such payment_intent: '${intentId}'` });
    const paymentMethod = params.payment_method;
    if (!paymentMethod) this.violations.push(`confirmation of ${intentId} without a payment_method`);
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      return error(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message:
          `This PaymentIntent's payment_method could not be updated because it has a status of ${intent.status}. You may only update the payment_method of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.`,
        payment_intent: this.intentJson(intent),
      });
    }
    const behaviour = PAYMENT_METHODS[paymentMethod ?? ''];
    if (!behaviour) {
      return error(400, { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_method', message: `No such PaymentMethod: '${paymentMethod}'` });
    }
    intent.paymentMethod = paymentMethod!;
    switch (behaviour.kind) {
      case 'succeed':
        this.charge(intent);
        return { status: 200, body: this.intentJson(intent) };
      case 'authenticate':
        intent.status = 'requires_action';
        return { status: 200, body: this.intentJson(intent) };
      case 'decline': {
        const charge = id('ch');
        intent.status = 'requires_payment_method';
        intent.lastPaymentError = { type: 'card_error', code: behaviour.code, decline_code: behaviour.declineCode, message: behaviour.message, charge };
        return error(402, {
          type: 'card_error',
          code: behaviour.code,
          decline_code: behaviour.declineCode,
          message: behaviour.message,
          charge,
          doc_url: `https://stripe.com/docs/error-codes/${behaviour.code.replace(/_/g, '-')}`,
          payment_intent: this.intentJson(intent),
        });
      }
    }
  }

  private cancelIntent(intentId: string): Answer {
    const intent = this.intents.get(intentId);
    if (!intent) return error(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'intent', message: `No such payment_intent: '${intentId}'` });
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      return error(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
        payment_intent: this.intentJson(intent),
      });
    }
    intent.status = 'canceled';
    this.cancellations.push(intent.id);
    return { status: 200, body: this.intentJson(intent) };
  }

  private refund(params: Record<string, string>): Answer {
    const intent = this.intents.get(params.payment_intent ?? '');
    if (!intent) {
      this.violations.push(`refund of unknown intent ${params.payment_intent}`);
      return error(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_intent', message: `No such payment_intent: '${params.payment_intent}'` });
    }
    if (intent.status !== 'succeeded' || intent.refunded) {
      this.violations.push(`refund of ${intent.id}, which is ${intent.refunded ? 'refunded already' : intent.status}`);
      return error(400, {
        type: 'invalid_request_error',
        code: intent.refunded ? 'charge_already_refunded' : 'payment_intent_unexpected_state',
        message: intent.refunded ? `Charge ${intent.latestCharge} has already been refunded.` : `This PaymentIntent has not been charged.`,
      });
    }
    intent.refunded = true;
    const refund = { id: id('re'), intentId: intent.id, amount: intent.amount };
    this.refunds.push(refund);
    return {
      status: 200,
      body: {
        id: refund.id,
        object: 'refund',
        amount: refund.amount,
        charge: intent.latestCharge,
        created: Math.floor(Date.now() / 1000),
        currency: intent.currency,
        metadata: {},
        payment_intent: intent.id,
        reason: null,
        status: 'succeeded',
      },
    };
  }

  private createAccount(params: Record<string, string>): Answer {
    if (params.type !== 'express') this.violations.push(`account of type ${params.type}`);
    if (params['capabilities[transfers][requested]'] !== 'true') this.violations.push('account without the transfers capability');
    if (!params['metadata[userId]']) this.violations.push('account without userId metadata');
    const account: FakeAccount = {
      id: id('acct'),
      metadata: { userId: params['metadata[userId]'] ?? '' },
      payoutsEnabled: false,
      currentlyDue: ['business_type', 'external_account', 'tos_acceptance.date'],
      created: Math.floor(Date.now() / 1000),
    };
    this.accounts.push(account);
    return { status: 200, body: this.accountJson(account) };
  }

  private createAccountLink(params: Record<string, string>): Answer {
    const account = this.accounts.find((candidate) => candidate.id === params.account);
    if (!account) {
      this.violations.push(`account link for unknown account ${params.account}`);
      return error(400, { type: 'invalid_request_error', code: 'resource_missing', param: 'account', message: `No such account: '${params.account}'` });
    }
    if (params.type !== 'account_onboarding') this.violations.push(`account link of type ${params.type}`);
    for (const key of ['return_url', 'refresh_url']) {
      if (!/^https?:\/\//.test(params[key] ?? '')) this.violations.push(`account link with ${key} ${params[key]}`);
    }
    const created = Math.floor(Date.now() / 1000);
    return { status: 200, body: { object: 'account_link', created, expires_at: created + 300, url: `https://connect.stripe.com/setup/e/${account.id}/${randomBytes(8).toString('hex')}` } };
  }

  private createTransfer(params: Record<string, string>): Answer {
    const amount = Number(params.amount);
    if (!Number.isInteger(amount) || amount <= 0) this.violations.push(`transfer with amount ${params.amount}`);
    if (!/^[a-z]{3}$/.test(params.currency ?? '')) this.violations.push(`transfer with currency ${params.currency}`);
    const account = this.accounts.find((candidate) => candidate.id === params.destination);
    if (!account) {
      this.violations.push(`transfer to unknown account ${params.destination}`);
      return error(400, { type: 'invalid_request_error', code: 'resource_missing', param: 'destination', message: `No such destination: '${params.destination}'` });
    }
    // Stripe refuses a transfer to an account whose capability is not active yet.
    if (!account.payoutsEnabled) {
      this.violations.push(`transfer to ${account.id}, which cannot receive transfers yet`);
      return error(400, { type: 'invalid_request_error', code: 'insufficient_capabilities_for_transfer', param: 'destination', message: 'Your destination account needs to have at least one of the following capabilities enabled: transfers' });
    }
    const charge = [...this.intents.values()].find((intent) => intent.latestCharge === params.source_transaction);
    if (!charge) this.violations.push(`transfer from unknown source_transaction ${params.source_transaction}`);
    else if (amount > charge.amount) this.violations.push(`transfer of ${amount} from a charge of ${charge.amount}`);
    if (!params.transfer_group) this.violations.push('transfer without a transfer_group');
    const transfer = {
      id: id('tr'),
      amount,
      currency: params.currency!,
      destination: account.id,
      transferGroup: params.transfer_group ?? '',
      sourceTransaction: params.source_transaction,
    };
    this.transfers.push(transfer);
    return {
      status: 200,
      body: {
        id: transfer.id,
        object: 'transfer',
        amount,
        amount_reversed: 0,
        created: Math.floor(Date.now() / 1000),
        currency: transfer.currency,
        destination: transfer.destination,
        metadata: {},
        reversed: false,
        source_transaction: transfer.sourceTransaction ?? null,
        transfer_group: transfer.transferGroup,
      },
    };
  }

  private accountJson(account: FakeAccount) {
    return {
      id: account.id,
      object: 'account' as const,
      type: 'express',
      capabilities: { transfers: account.payoutsEnabled ? 'active' : 'inactive' },
      charges_enabled: account.payoutsEnabled,
      payouts_enabled: account.payoutsEnabled,
      details_submitted: account.payoutsEnabled,
      created: account.created,
      metadata: account.metadata,
      requirements: { currently_due: account.currentlyDue, eventually_due: account.currentlyDue, past_due: [], disabled_reason: account.payoutsEnabled ? null : 'requirements.past_due' },
    };
  }

  private charge(intent: FakeIntent) {
    intent.status = 'succeeded';
    intent.lastPaymentError = null;
    intent.latestCharge = id('ch');
    this.charges.push({ intentId: intent.id, amount: intent.amount });
  }

  private intentJson(intent: FakeIntent) {
    return {
      id: intent.id,
      object: 'payment_intent' as const,
      amount: intent.amount,
      amount_capturable: 0,
      amount_received: intent.status === 'succeeded' ? intent.amount : 0,
      allowed_payment_method_types: ['card'],
      capture_method: 'automatic',
      client_secret: intent.clientSecret,
      confirmation_method: 'automatic',
      created: intent.created,
      currency: intent.currency,
      customer: null,
      description: null,
      last_payment_error: intent.lastPaymentError,
      latest_charge: intent.latestCharge,
      livemode: false,
      metadata: intent.metadata,
      next_action:
        intent.status === 'requires_action'
          ? {
              type: 'use_stripe_sdk',
              use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `https://hooks.stripe.com/redirect/authenticate/src_${intent.id.slice(3)}` },
            }
          : null,
      payment_method: intent.paymentMethod,
      payment_method_types: ['card'],
      status: intent.status,
    };
  }
}

function error(status: number, body: Record<string, unknown>): Answer {
  return { status, body: { error: { request_log_url: `https://dashboard.stripe.com/test/logs/${id('req')}`, ...body } } };
}

function serverError(): Answer {
  return error(500, { type: 'api_error', message: 'An unknown error occurred' });
}
