import { expect, test } from '@playwright/test';
import { alertIn, listOneTicket, purchase, signUp, snapshot, uniqueEmail } from './helpers';

test('a held ticket cannot be re-priced or withdrawn; 3-D Secure is explained in test mode; a cancelled order lists the ticket again', async ({ browser }, testInfo) => {
  const sellerPage = await (await browser.newContext()).newPage();
  const buyerPage = await (await browser.newContext()).newPage();
  const title = `Quiz night ${Date.now().toString(36)}`;

  await signUp(sellerPage, uniqueEmail('seller'));
  const ticketPath = await listOneTicket(sellerPage, title, '30');

  await signUp(buyerPage, uniqueEmail('buyer'));
  await buyerPage.goto(ticketPath);
  await purchase(buyerPage, '$33.00');
  const orderPath = new URL(buyerPage.url()).pathname;

  // Tickets hears of the order over the bus: the seller's page then shows it held, its listing fixed.
  await expect(async () => {
    await sellerPage.goto(ticketPath);
    await expect(sellerPage.getByText('On hold', { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(sellerPage.getByText('A buyer is paying for this ticket now')).toBeVisible();
  await expect(sellerPage.getByRole('button', { name: 'Change price' })).toHaveCount(0);
  await expect(sellerPage.getByRole('button', { name: 'Withdraw from sale' })).toHaveCount(0);

  // The buyer, back on the ticket, is pointed at their own order.
  await buyerPage.goto(ticketPath);
  await expect(buyerPage.getByText('This ticket is held for you.')).toBeVisible();
  await buyerPage.getByRole('link', { name: 'Go to your order to pay' }).click();
  await expect(buyerPage).toHaveURL(orderPath);

  await buyerPage.getByLabel(/Card that needs 3-D Secure/).check();
  await buyerPage.getByRole('button', { name: 'Pay $33.00 (test)' }).click();
  await expect(alertIn(buyerPage)).toContainText('Your bank asks you to confirm this payment (3-D Secure). Test mode cannot show that step');

  await buyerPage.getByRole('button', { name: 'Cancel order and release the ticket' }).click();
  await expect(buyerPage.getByText('This order is cancelled')).toBeVisible();
  await expect(buyerPage.getByText('Cancelled', { exact: true })).toBeVisible();
  await expect(buyerPage.getByRole('timer')).toHaveCount(0);
  await snapshot(buyerPage, testInfo, 'order-cancelled');

  await expect(async () => {
    await buyerPage.goto(ticketPath);
    await expect(buyerPage.getByRole('button', { name: 'Purchase for $33.00' })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await buyerPage.goto('/orders');
  await expect(buyerPage.getByRole('listitem').filter({ hasText: title })).toContainText('Cancelled');
});

test('a buyer who loses the race for a ticket sees it held, told why, with no purchase button left', async ({ browser }, testInfo) => {
  const sellerPage = await (await browser.newContext()).newPage();
  const lateBuyerPage = await (await browser.newContext()).newPage();
  const firstBuyerPage = await (await browser.newContext()).newPage();
  const title = `Cup final ${Date.now().toString(36)}`;

  await signUp(sellerPage, uniqueEmail('seller'));
  const ticketPath = await listOneTicket(sellerPage, title, '40');

  // The late buyer opens the ticket while it is listed, and looks at it a while.
  await signUp(lateBuyerPage, uniqueEmail('late-buyer'));
  await lateBuyerPage.goto(ticketPath);
  await expect(lateBuyerPage.getByText('Listed', { exact: true })).toBeVisible();

  await signUp(firstBuyerPage, uniqueEmail('first-buyer'));
  await firstBuyerPage.goto(ticketPath);
  await purchase(firstBuyerPage, '$44.00');

  await lateBuyerPage.getByRole('button', { name: 'Purchase for $44.00' }).click();
  await expect(alertIn(lateBuyerPage)).toHaveText(
    'Another buyer reserved this ticket moments before you. If they do not pay in time, it goes back on sale: check again in a few minutes.',
  );
  await expect(lateBuyerPage.getByText('On hold', { exact: true })).toBeVisible();
  await expect(lateBuyerPage.getByText('Listed', { exact: true })).toHaveCount(0);
  await expect(lateBuyerPage.getByRole('button', { name: /^Purchase for/ })).toHaveCount(0);
  await expect(lateBuyerPage).toHaveURL(ticketPath);
  await snapshot(lateBuyerPage, testInfo, 'lost-the-race');
});

test('the countdown turns urgent in its last minute, and when it ends the badge says expired with it', async ({ browser }, testInfo) => {
  const sellerPage = await (await browser.newContext()).newPage();
  await signUp(sellerPage, uniqueEmail('seller'));
  const ticketPath = await listOneTicket(sellerPage, `Late show ${Date.now().toString(36)}`, '25');

  // The buyer's browser runs on a clock the test moves forward; the services keep real time.
  const buyerContext = await browser.newContext();
  await buyerContext.clock.install();
  const page = await buyerContext.newPage();
  await signUp(page, uniqueEmail('buyer'));
  await page.goto(ticketPath);
  await purchase(page, '$27.50');

  const timer = page.getByRole('timer');
  await expect(timer).toHaveText(/^\d+:\d{2}$/);
  await expect(timer).not.toHaveAttribute('data-urgent');
  const [minutes, seconds] = (await timer.textContent())!.split(':').map(Number);
  const remaining = minutes! * 60 + seconds!;

  await page.clock.fastForward((remaining - 30) * 1000);
  await expect(timer).toHaveAttribute('data-urgent', 'true');
  await expect(timer).toHaveText(/^0:[0-3]\d$/);
  await expect(page.getByText('Awaiting payment', { exact: true })).toBeVisible();
  await snapshot(page, testInfo, 'countdown-last-minute');

  await page.clock.fastForward(40_000);
  await expect(page.getByRole('alert').filter({ hasText: 'Time is up' })).toBeVisible();
  await expect(page.getByText('Expired', { exact: true })).toBeVisible();
  await expect(page.getByText('Awaiting payment', { exact: true })).toHaveCount(0);
  await expect(timer).toHaveCount(0);
  await snapshot(page, testInfo, 'countdown-ended');
});
