import request from 'supertest';
import { startSandboxTestContext, startStripeTestContext, type PaymentsTestContext, type StripeTestContext } from './payments-test-app';

let stripe: StripeTestContext;
let sandbox: PaymentsTestContext;
beforeAll(async () => {
  [stripe, sandbox] = await Promise.all([startStripeTestContext(), startSandboxTestContext()]);
});
afterAll(() => Promise.all([stripe.close(), sandbox.close()]));

describe('GET /api/payments/config', () => {
  it('when Stripe is configured, then anyone learns the stripe mode and the publishable key', async () => {
    const res = await request(stripe.app).get('/api/payments/config');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ mode: 'stripe', publishableKey: 'pk_test_fake' });
  });

  it('when no Stripe key is configured, then anyone learns it is the sandbox, without a publishable key', async () => {
    const res = await request(sandbox.app).get('/api/payments/config');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ mode: 'sandbox', publishableKey: null });
  });
});
