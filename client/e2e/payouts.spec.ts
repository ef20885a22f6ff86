import { expect, test } from '@playwright/test';
import { berlinConcert, createEvent, issueTickets, purchase, signUp, snapshot, uniqueEmail } from './helpers';

test('a sale before the seller connects payouts waits as pending, then is sent once they connect', async ({ browser }, testInfo) => {
  const organiser = await (await browser.newContext()).newPage();
  const fan = await (await browser.newContext()).newPage();
  const event = berlinConcert(`Payout night ${Date.now().toString(36)}`);

  await signUp(organiser, uniqueEmail('organiser'));
  const eventPath = await createEvent(organiser, event);
  await organiser.getByRole('link', { name: 'Issue tickets' }).click();
  await expect(organiser.getByRole('link', { name: 'connect payouts' })).toBeVisible();
  await issueTickets(organiser, eventPath, { faceValue: '75', quantity: '1' });
  const ticketPath = (await organiser.getByRole('link', { name: 'General admission' }).getAttribute('href'))!;

  await signUp(fan, uniqueEmail('fan'));
  await fan.goto(ticketPath);
  await purchase(fan, '$82.50');
  await fan.getByLabel(/Visa ending 4242/).check();
  await fan.getByRole('button', { name: 'Pay $82.50 (test)' }).click();
  await expect(fan.getByText('Paid: the ticket is yours')).toBeVisible({ timeout: 30_000 });

  // The price less the 5 % seller fee: 75.00 - 3.75.
  const payout = organiser.getByRole('region', { name: /^Payouts/ }).getByRole('listitem').filter({ hasText: event.name });
  await expect(async () => {
    await organiser.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payouts' }).click();
    await expect(payout).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(payout).toContainText('$71.25');
  await expect(payout).toContainText('Pending');
  await expect(payout).toContainText('Waiting for you to connect payouts');
  await expect(organiser.getByRole('definition').filter({ hasText: '$71.25' })).toHaveCount(1);
  await snapshot(organiser, testInfo, 'payout-pending');

  await organiser.getByRole('button', { name: 'Connect payouts' }).click();
  await expect(organiser.getByText('Connected: what you sell is paid to your account.')).toBeVisible();
  await expect(async () => {
    await organiser.reload();
    await expect(payout).toContainText('Sent', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const paid = organiser.getByRole('term').filter({ hasText: 'Paid' }).locator('..').getByRole('definition');
  await expect(paid).toHaveText('$71.25');
  await snapshot(organiser, testInfo, 'payout-sent');

  await organiser.goto(ticketPath.replace(/\/tickets\/.*/, '/tickets/mine'));
  await expect(organiser.getByRole('link', { name: 'connect payouts' })).toHaveCount(0);
});
