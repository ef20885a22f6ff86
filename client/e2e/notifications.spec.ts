import { expect, test, type Page } from '@playwright/test';
import { listOneTicket, purchase, signUp, snapshot, uniqueEmail } from './helpers';

/** The header's bell: its name carries the unread count, its badge (hidden from the name) shows it. */
const bellOf = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^Notifications/ });

/** The notices on the notifications page, one of a kind found by the word its badge shows. */
const noticesOn = (page: Page) => page.getByRole('main').getByRole('listitem');
const noticeOfKind = (page: Page, label: string) => noticesOn(page).filter({ has: page.getByText(label, { exact: true }) });

/** Notices are written when the notifications service hears of the order over the bus: reload until the bell counts them. */
async function waitForUnread(page: Page, count: number) {
  await expect(async () => {
    await page.reload();
    await expect(bellOf(page)).toHaveAccessibleName(`Notifications, ${count} unread`, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

test('a buyer is told of the hold and of the ticket being theirs, the seller of the sale; marking read counts the bell down', async ({ browser }, testInfo) => {
  const seller = await (await browser.newContext()).newPage();
  const buyer = await (await browser.newContext()).newPage();
  const eventName = `Notice night ${Date.now().toString(36)}`;
  // listOneTicket issues Section Stalls, Row A, Seat 1 at this face value; the buyer pays it plus the 10 % fee.
  const seat = /\bseat 1\b/i;

  await signUp(seller, uniqueEmail('seller'));
  const ticketPath = await listOneTicket(seller, eventName, '75');

  // Signed out, the page sends the visitor to sign in and back.
  await buyer.goto('/notifications');
  await expect(buyer).toHaveURL(/\/auth\/signin\?next=%2Fnotifications$/);
  await signUp(buyer, uniqueEmail('buyer'));
  // Nothing unread: the bell is just the bell, with no count in its name and no badge.
  await expect(bellOf(buyer)).toHaveAccessibleName('Notifications');
  await expect(bellOf(buyer)).toHaveText('Notifications');

  await buyer.goto(ticketPath);
  await purchase(buyer, '$82.50');
  await waitForUnread(buyer, 1);

  await buyer.getByLabel(/Visa ending 4242/).check();
  await buyer.getByRole('button', { name: 'Pay $82.50 (test)' }).click();
  await expect(buyer.getByText('Paid: the ticket is yours')).toBeVisible({ timeout: 30_000 });
  await waitForUnread(buyer, 2);
  await expect(bellOf(buyer).getByText('2', { exact: true })).toBeVisible();

  await bellOf(buyer).click();
  await expect(buyer).toHaveURL(/\/notifications$/);
  await expect(buyer.getByRole('heading', { level: 1 })).toContainText('2 unread');
  await expect(noticesOn(buyer)).toHaveCount(2);
  const held = noticeOfKind(buyer, 'Held');
  const bought = noticeOfKind(buyer, 'Bought');
  // Newest first: the ticket became theirs after it was held.
  await expect(noticesOn(buyer).first().getByText('Bought', { exact: true })).toBeVisible();
  for (const notice of [held, bought]) {
    await expect(notice).toContainText(eventName);
    await expect(notice).toContainText(seat);
    await expect(notice).toContainText('$82.50');
    await expect(notice.getByRole('heading', { name: /^Unread: / })).toBeVisible();
    await expect(notice.getByRole('heading').getByRole('link')).toHaveAttribute('href', /^\/[a-z]/);
  }
  await snapshot(buyer, testInfo, 'buyer-notices-unread');

  await held.getByRole('button', { name: /^Mark read/ }).click();
  await expect(bellOf(buyer)).toHaveAccessibleName('Notifications, 1 unread');
  await expect(held.getByRole('heading', { name: /^Unread: / })).toHaveCount(0);
  await expect(held.getByRole('button', { name: /^Mark read/ })).toHaveCount(0);
  await expect(bought.getByRole('heading', { name: /^Unread: / })).toBeVisible();
  await expect(buyer.getByRole('heading', { level: 1 })).toContainText('1 unread');

  await buyer.getByRole('button', { name: 'Mark all read' }).click();
  await expect(bellOf(buyer)).toHaveAccessibleName('Notifications');
  await expect(bellOf(buyer)).toHaveText('Notifications');
  await expect(buyer.getByRole('main').getByRole('heading', { name: /^Unread: / })).toHaveCount(0);
  await expect(buyer.getByRole('button', { name: /^Mark (all )?read/ })).toHaveCount(0);
  await expect(noticesOn(buyer)).toHaveCount(2);
  await buyer.reload();
  await expect(bellOf(buyer)).toHaveAccessibleName('Notifications');
  await snapshot(buyer, testInfo, 'buyer-notices-read');

  const sold = noticeOfKind(seller, 'Sold');
  await expect(async () => {
    await seller.goto('/notifications');
    await expect(sold).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(sold).toContainText(eventName);
  await expect(sold).toContainText(seat);
  await expect(sold).toContainText('$75.00');
  await expect(sold.getByRole('heading', { name: /^Unread: / })).toBeVisible();
  await expect(bellOf(seller)).toHaveAccessibleName(/^Notifications, \d+ unread$/);
  await snapshot(seller, testInfo, 'seller-notice-sold');
});
