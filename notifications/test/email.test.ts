import { randomUUID } from 'node:crypto';
import { SmtpTestServer } from '@ticketing/common/testing/smtp';
import { sendDueEmails, type EmailSending } from '../src/domain/send-emails';
import { createSmtpMailer } from '../src/mail/smtp-mailer';
import type { Mailer } from '../src/mail/mailer';
import { startNotificationsContext, type NotificationsTestContext, type Sale } from './notifications-test-app';

const FROM = 'Ticketing <tickets@example.test>';

let ctx: NotificationsTestContext;
let smtp: SmtpTestServer;
let mailer: Mailer;
beforeAll(async () => {
  ctx = await startNotificationsContext();
  smtp = new SmtpTestServer();
  await smtp.start();
  mailer = createSmtpMailer({ url: smtp.url, from: FROM, timeoutMs: 2_000 });
});
afterAll(async () => {
  mailer.close();
  await smtp.stop();
  await ctx.close();
});

/** A clock the test moves, so that retries come due without waiting; it starts once the e-mails it sends are due. */
function testClock(start = new Date()) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

function sending(now: () => Date, overrides: Partial<EmailSending> = {}): EmailSending {
  return { db: ctx.database.db, mailer, now, publicUrl: 'https://tickets.example.test', retryDelayMs: 1_000, maxRetryDelayMs: 8_000, leaseMs: 30_000, logger: ctx.logger, ...overrides };
}

const addressOf = (userId: string, role: 'buyer' | 'seller') => `${role}-${userId.slice(0, 8)}@example.test`;

async function paidSale(): Promise<Sale & { buyer: string; seller: string }> {
  const sale = await ctx.seedSale();
  await ctx.deliver('order.completed', { id: sale.order.id, version: 1, ticket: { id: sale.order.ticket.id } });
  return { ...sale, buyer: addressOf(sale.buyerId, 'buyer'), seller: addressOf(sale.sellerId, 'seller') };
}

describe('e-mail over SMTP', () => {
  it('when a sale is paid, then the buyer gets the held and paid e-mails and the seller the sold one, each with the words of its notice and a link', async () => {
    const { buyer, seller, order } = await paidSale();

    await sendDueEmails(sending(() => new Date()));

    const toBuyer = smtp.to(buyer).map(({ mail }) => mail);
    expect(toBuyer.map((mail) => mail.subject)).toHaveLength(2);
    expect(toBuyer.map((mail) => mail.subject)).toEqual(expect.arrayContaining(["It's yours: Berlin Philharmonic", expect.stringMatching(/^Held for you until /)]));
    const paid = toBuyer.find((mail) => mail.subject === "It's yours: Berlin Philharmonic")!;
    expect(paid.from?.value).toEqual([{ name: 'Ticketing', address: 'tickets@example.test' }]);
    expect(paid.to).toEqual(expect.objectContaining({ text: buyer }));
    expect(paid.text).toContain('Section A, row 12, seat 7, Berlin Philharmonic at Philharmonie, Berlin');
    expect(paid.text).toContain('You paid $55.00.');
    expect(paid.text).toContain('Open My tickets: https://tickets.example.test/tickets/mine');
    expect(paid.html).toContain('<a href="https://tickets.example.test/tickets/mine"');
    expect(paid.html).toContain('It&#39;s yours: Berlin Philharmonic');
    expect(paid.messageId).toMatch(/^<[0-9a-f-]{36}@example\.test>$/);
    const held = toBuyer.find((mail) => mail.subject !== paid.subject)!;
    expect(held.text).toContain('Pay $55.00 ($50.00 plus a $5.00 service fee)');
    expect(held.text).toContain(`https://tickets.example.test/orders/${order.id}`);

    const toSeller = smtp.to(seller).map(({ mail }) => mail);
    expect(toSeller.map((mail) => mail.subject)).toEqual(['Sold: Berlin Philharmonic']);
    expect(toSeller[0]!.text).toContain('sold for $50.00');

    const [sellerNotice] = await ctx.noticesOf(order.sellerId!);
    expect(await ctx.emailOf(sellerNotice!.id)).toEqual(expect.objectContaining({ state: 'sent', toAddress: seller, attempts: 0, dueAt: null, sentAt: expect.any(Date) }));
  });

  it('when the e-mails were sent, then sending again sends none of them twice', async () => {
    const { buyer } = await paidSale();
    await sendDueEmails(sending(() => new Date()));
    const count = smtp.to(buyer).length;

    expect(await sendDueEmails(sending(() => new Date()))).toBe(0);
    expect(smtp.to(buyer)).toHaveLength(count);
    expect(count).toBe(2);
  });

  it('when the mail server is down, then the e-mails wait with a growing delay, and once it is back each arrives exactly once', async () => {
    await sendDueEmails(sending(() => new Date()));
    await smtp.stop();
    try {
      const { buyer, seller, buyerId } = await paidSale();
      const clock = testClock();

      await sendDueEmails(sending(clock.now));
      const [held] = (await ctx.noticesOf(buyerId)).filter((notice) => notice.kind === 'order-held');
      const afterFirst = await ctx.emailOf(held!.id);
      expect(afterFirst).toEqual(expect.objectContaining({ state: 'pending', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED|connect/i) }));
      expect(afterFirst!.dueAt!.getTime()).toBe(clock.now().getTime() + 1_000);

      expect(await sendDueEmails(sending(clock.now))).toBe(0);
      clock.advance(1_000);
      await sendDueEmails(sending(clock.now));
      const afterSecond = await ctx.emailOf(held!.id);
      expect(afterSecond).toEqual(expect.objectContaining({ state: 'pending', attempts: 2 }));
      expect(afterSecond!.dueAt!.getTime()).toBe(clock.now().getTime() + 2_000);

      await smtp.start();
      clock.advance(2_000);
      await sendDueEmails(sending(clock.now));
      clock.advance(60_000);
      await sendDueEmails(sending(clock.now));

      expect(smtp.to(buyer)).toHaveLength(2);
      expect(smtp.to(seller)).toHaveLength(1);
      expect(await ctx.emailOf(held!.id)).toEqual(expect.objectContaining({ state: 'sent', attempts: 2, lastError: null }));
    } finally {
      await smtp.start().catch(() => undefined);
    }
  });

  it('when the server says "try again later", then the e-mail is retried, not given up', async () => {
    await sendDueEmails(sending(() => new Date()));
    smtp.refuseRecipients = { code: 451, message: 'Mailbox busy, try later' };
    try {
      const { buyer } = await paidSale();
      const clock = testClock();
      await sendDueEmails(sending(clock.now));
      expect(smtp.to(buyer)).toHaveLength(0);

      smtp.refuseRecipients = undefined;
      clock.advance(1_000);
      await sendDueEmails(sending(clock.now));
      expect(smtp.to(buyer)).toHaveLength(2);
    } finally {
      smtp.refuseRecipients = undefined;
    }
  });

  it('when the server refuses the recipient for good, then the send log records its answer and it is not tried again', async () => {
    await sendDueEmails(sending(() => new Date()));
    smtp.refuseRecipients = { code: 550, message: 'No such user here' };
    try {
      const { buyerId } = await ctx.seedSale();
      const clock = testClock();
      await sendDueEmails(sending(clock.now));
      const [notice] = await ctx.noticesOf(buyerId);
      expect(await ctx.emailOf(notice!.id)).toEqual(expect.objectContaining({ state: 'refused', dueAt: null, lastError: expect.stringContaining('550') }));

      smtp.refuseRecipients = undefined;
      clock.advance(3_600_000);
      expect(await sendDueEmails(sending(clock.now))).toBe(0);
    } finally {
      smtp.refuseRecipients = undefined;
    }
  });

  it("when the recipient's address has not arrived yet, then the e-mail waits for it and then goes to it", async () => {
    await sendDueEmails(sending(() => new Date()));
    const { buyerId, event } = await ctx.seedSale();
    const latecomer = randomUUID();
    const ticketId = randomUUID();
    await ctx.deliver('ticket.created', { id: ticketId, version: 0, title: 'x', price: 2000, userId: buyerId, eventId: event.id, seat: '9' });
    await ctx.deliver('order.created', { id: randomUUID(), version: 0, status: 'created', userId: latecomer, expiresAt: new Date().toISOString(), ticket: { id: ticketId, price: 2000 }, fee: 200, total: 2200, sellerId: buyerId });
    const clock = testClock();

    await sendDueEmails(sending(clock.now));
    const [notice] = await ctx.noticesOf(latecomer);
    expect(await ctx.emailOf(notice!.id)).toEqual(expect.objectContaining({ state: 'pending', attempts: 1, toAddress: null, lastError: expect.stringContaining('not known yet') }));

    await ctx.deliver('user.created', { id: latecomer, email: 'late@example.test' });
    clock.advance(1_000);
    await sendDueEmails(sending(clock.now));
    expect(smtp.to('late@example.test')).toHaveLength(1);
  });

  it('when two senders run at once, as two replicas do, then each e-mail is sent once', async () => {
    await sendDueEmails(sending(() => new Date()));
    const sales = await Promise.all(Array.from({ length: 6 }, () => paidSale()));
    const otherMailer = createSmtpMailer({ url: smtp.url, from: FROM, timeoutMs: 2_000 });
    try {
      await Promise.all([sendDueEmails(sending(() => new Date())), sendDueEmails(sending(() => new Date(), { mailer: otherMailer }))]);
    } finally {
      otherMailer.close();
    }
    for (const { buyer, seller } of sales) {
      expect(smtp.to(buyer)).toHaveLength(2);
      expect(smtp.to(seller)).toHaveLength(1);
    }
  });
});
