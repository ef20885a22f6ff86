import { expect, test } from '@playwright/test';
import { alertIn, berlinConcert, createEvent, dayAhead, fillEventForm, issueTickets, signUp, snapshot, uniqueEmail } from './helpers';

test('the event form explains a start in the past, a missing zone and a minute the clocks skip, beside their fields', async ({ page }, testInfo) => {
  await signUp(page, uniqueEmail('organiser'));
  await page.goto('/events/new');
  const event = berlinConcert(`Gala ${Date.now().toString(36)}`);

  await fillEventForm(page, { ...event, date: '2020-05-01' });
  await page.getByRole('button', { name: 'Create event' }).click();
  const date = page.getByLabel('Date');
  await expect(date).toHaveAttribute('aria-invalid', 'true');
  await expect(date).toHaveAccessibleDescription('The event must start in the future');
  await expect(date).toBeFocused();
  // What was typed stays.
  await expect(page.getByLabel('Event name')).toHaveValue(event.name);
  await snapshot(page, testInfo, 'event-in-the-past');

  await page.getByLabel('Date').fill(event.date);
  await page.getByLabel('Venue time zone').selectOption('');
  await page.getByLabel('Venue', { exact: true }).fill('X');
  await page.getByRole('button', { name: 'Create event' }).click();
  await expect(page.getByLabel('Venue time zone')).toHaveAccessibleDescription(/Choose the venue's time zone/);
  await expect(page.getByLabel('Venue', { exact: true })).toHaveAccessibleDescription('Venue must be between 2 and 120 characters');

  // Berlin's clocks skip 02:00 to 03:00 on the last Sunday of March.
  const march = new Date().getUTCMonth() < 2 ? new Date().getUTCFullYear() : new Date().getUTCFullYear() + 1;
  const lastSunday = new Date(Date.UTC(march, 2, 31));
  lastSunday.setUTCDate(31 - lastSunday.getUTCDay());
  await fillEventForm(page, { ...event, date: lastSunday.toISOString().slice(0, 10), time: '02:30' });
  await page.getByRole('button', { name: 'Create event' }).click();
  await expect(page.getByLabel('Start time')).toHaveAccessibleDescription(/does not exist in Berlin: the clocks skip it/);
  await expect(page).toHaveURL(/\/events\/new$/);
});

test('an organiser issues general admission; seat lists that repeat or run past 100 are refused beside their field', async ({ page }, testInfo) => {
  await signUp(page, uniqueEmail('organiser'));
  const eventPath = await createEvent(page, { ...berlinConcert(`Club night ${Date.now().toString(36)}`), category: 'Other', timeZone: 'Europe/London', city: 'London', date: dayAhead(20) });
  await expect(page.getByText(/7:30 PM (GMT|BST) \(London time\)/)).toBeVisible();

  await page.getByRole('link', { name: 'Issue tickets' }).click();
  await page.getByLabel(/^Face value/).fill('20');
  await page.getByLabel('Seats', { exact: true }).fill('1, 2, 2');
  await page.getByRole('button', { name: 'Issue tickets' }).click();
  await expect(page.getByLabel('Seats', { exact: true })).toHaveAccessibleDescription(/Seat 2 is in the list twice/);

  await page.getByLabel('Seats', { exact: true }).fill('1-101');
  await page.getByRole('button', { name: 'Issue tickets' }).click();
  await expect(page.getByLabel('Seats', { exact: true })).toHaveAccessibleDescription(/1 to 100 seats/);

  await page.getByLabel(/^Face value/).fill('0.10');
  await page.getByLabel('Seats', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Issue tickets' }).click();
  await expect(page.getByLabel(/^Face value/)).toHaveAccessibleDescription(/Face value must be an amount with at most 2 decimals from/);
  await snapshot(page, testInfo, 'issue-refused');

  await issueTickets(page, eventPath, { faceValue: '20', quantity: '3' });
  const listings = page.getByRole('region', { name: 'Tickets, cheapest first' });
  await expect(listings.getByRole('link', { name: 'General admission' })).toHaveCount(3);
});

test('a holder re-prices under the resale cap shown beside the field, is refused a cent above it, withdraws and lists again', async ({ page }, testInfo) => {
  await signUp(page, uniqueEmail('holder'));
  const eventPath = await createEvent(page, berlinConcert(`Arena show ${Date.now().toString(36)}`));
  await issueTickets(page, eventPath, { faceValue: '50', section: 'Floor', seats: 'A1, A2' });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My tickets' }).click();
  const listed = page.getByRole('region', { name: /^Listed for sale/ });
  await expect(listed.getByRole('listitem')).toHaveCount(2);
  await listed.getByRole('link', { name: /^Change price or withdraw: .*Seat A1/ }).click();

  const price = page.getByLabel('Price (USD)');
  await expect(price).toHaveValue('50.00');
  await expect(price).toHaveAccessibleDescription('From $0.45 to $55.00: resale is capped at the face value of $50.00 plus 10 %.');

  await price.fill('55.01');
  await page.getByRole('button', { name: 'Change price' }).click();
  await expect(price).toHaveAttribute('aria-invalid', 'true');
  await expect(price).toHaveAccessibleDescription(/The price can be at most 55\.00 USD: the face value plus 10 %/);
  await expect(price).toBeFocused();
  await snapshot(page, testInfo, 'above-the-cap');

  await price.fill('55');
  await page.getByRole('button', { name: 'Change price' }).click();
  await expect(page.getByRole('definition').filter({ hasText: '$55.00' })).toBeVisible();
  // The buyer's figures follow the new price: 10 % of 55.00, and the total.
  await expect(page.getByText('$5.50', { exact: true })).toBeVisible();
  await expect(page.getByText('$60.50', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Withdraw from sale' }).click();
  await expect(page.getByText('Not listed', { exact: true })).toBeVisible();
  await expect(page.getByText('It is not for sale: list it to sell it.')).toBeVisible();
  await expect(page.getByText('$60.50', { exact: true })).toHaveCount(0);

  await page.getByLabel('Price (USD)').fill('52.5');
  await page.getByRole('button', { name: 'List for sale' }).click();
  await expect(page.getByText('Listed', { exact: true })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: '$52.50' })).toBeVisible();
  await expect(alertIn(page)).toHaveCount(0);

  // The event's summary and listings follow: the cheapest is now the re-listed A1.
  await page.goto(eventPath);
  await expect(page.getByText('2 tickets from $50.00')).toBeVisible();
  const rows = page.getByRole('region', { name: 'Tickets, cheapest first' }).getByRole('listitem');
  await expect(rows.nth(0)).toContainText('Seat A2');
  await expect(rows.nth(1)).toContainText('$52.50');
  await snapshot(page, testInfo, 'relisted');
});
