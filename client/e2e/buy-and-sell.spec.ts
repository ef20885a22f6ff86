import { expect, test } from '@playwright/test';
import { PASSWORD, alertIn, berlinConcert, createEvent, issueTickets, purchase, signIn, signOut, signUp, snapshot, uniqueEmail } from './helpers';

test('an organiser creates an event and issues seats; a buyer finds it, sees venue time, fee and total, and pays', async ({ page }, testInfo) => {
  const organiser = uniqueEmail('organiser');
  const buyer = uniqueEmail('buyer');
  const event = berlinConcert(`Stadium tour ${Date.now().toString(36)}`);
  let eventPath = '';
  let ticketPath = '';

  await test.step('the organiser signs up and creates an event in Berlin', async () => {
    await signUp(page, organiser);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Create an event' }).click();
    eventPath = await createEvent(page, event);
    // 19:30 at the venue, whatever zone the browser or the server is in, with the zone named.
    await expect(page.getByText(/7:30 PM GMT\+[12] \(Berlin time\)/)).toBeVisible();
    await expect(page.getByText('Columbiahalle, Berlin')).toBeVisible();
    await expect(page.getByText('No tickets are listed for this event right now.')).toBeVisible();
    await snapshot(page, testInfo, '01-event-created');
  });

  await test.step('the organiser issues four seats, listed at face value and sorted by price', async () => {
    await issueTickets(page, eventPath, { faceValue: '75', section: '101', row: 'C', seats: '1-4' });
    const listings = page.getByRole('region', { name: 'Tickets, cheapest first' });
    await expect(listings.getByRole('listitem')).toHaveCount(4);
    await expect(listings.getByRole('link', { name: 'Section 101 · Row C · Seat 1' })).toBeVisible();
    await expect(listings.getByRole('listitem').first()).toContainText('$75.00');
    await expect(page.getByText('4 tickets from $75.00')).toBeVisible();
    await snapshot(page, testInfo, '02-tickets-issued');
    await signOut(page);
  });

  await test.step('a buyer signs up and finds the event by city and category', async () => {
    await signUp(page, buyer);
    await page.goto('/');
    await page.getByLabel('Search events').fill(event.name);
    await page.getByLabel('City').fill('berlin');
    await page.getByLabel('Category').selectOption({ label: 'Concert' });
    await page.getByLabel('From', { exact: true }).fill(event.date);
    await page.getByLabel('To', { exact: true }).fill(event.date);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/[?&]city=berlin/);
    const card = page.getByRole('listitem').filter({ hasText: event.name });
    await expect(card).toContainText('4 tickets from $75.00');
    await expect(card).toContainText('(Berlin time)');
    await snapshot(page, testInfo, '03-buyer-found-event');

    // Another category finds nothing.
    await page.getByLabel('Category').selectOption({ label: 'Sport' });
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByText('No upcoming events match this search.')).toBeVisible();
    await page.goBack();
    await page.getByRole('link', { name: event.name }).click();
    await expect(page).toHaveURL(eventPath);
  });

  await test.step('the ticket page shows the seat, the venue time, and the fee and total before the buyer commits', async () => {
    await page.getByRole('link', { name: 'Section 101 · Row C · Seat 2' }).click();
    await expect(page).toHaveURL(/\/tickets\/[0-9a-f-]{36}$/);
    ticketPath = new URL(page.url()).pathname;
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(event.name);
    await expect(page.getByText('Section 101 · Row C · Seat 2')).toBeVisible();
    await expect(page.getByText(/7:30 PM GMT\+[12] \(Berlin time\)/)).toBeVisible();
    await expect(page.getByText('Listed', { exact: true })).toBeVisible();
    // 10 % service fee by default.
    await expect(page.getByText('$7.50', { exact: true })).toBeVisible();
    await expect(page.getByText('$82.50', { exact: true })).toBeVisible();
    await snapshot(page, testInfo, '04-ticket-with-fee');
    await purchase(page, '$82.50');
  });

  await test.step('the order page counts down the hold', async () => {
    await expect(page.getByText('Awaiting payment')).toBeVisible();
    const timer = page.getByRole('timer');
    await expect(timer).toHaveText(/^1[45]:\d{2}$/);
    const first = await timer.textContent();
    await expect(timer).not.toHaveText(first ?? '', { timeout: 5_000 });
  });

  await test.step('a declined test card is shown plainly and stays chosen, then pm_card_visa pays the total', async () => {
    await expect(page.getByText('TEST MODE')).toBeVisible();
    await page.getByLabel(/Card that is declined/).check();
    await page.getByRole('button', { name: 'Pay $82.50 (test)' }).click();
    await expect(alertIn(page)).toHaveText('Payment declined: Your card was declined. Try another card.');
    await expect(page.getByLabel(/Card that is declined/)).toBeChecked();
    await snapshot(page, testInfo, '05-payment-declined');

    await page.getByLabel(/Visa ending 4242/).check();
    await page.getByRole('button', { name: 'Pay $82.50 (test)' }).click();
    await expect(page.getByText('Paid: the ticket is yours')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('Complete', { exact: true })).toBeVisible();
    await snapshot(page, testInfo, '06-order-complete');
  });

  await test.step('the buyer sees the order complete, and the ticket becomes theirs, with its entry code', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My orders' }).click();
    await expect(page.getByRole('listitem').filter({ hasText: event.name })).toContainText('Complete');
    await expect(page.getByRole('listitem').filter({ hasText: event.name })).toContainText('$82.50');
    // The ticket moves to the buyer when tickets hears over the bus that the order completed.
    await expect(async () => {
      await page.goto(ticketPath);
      await expect(page.getByText('You hold this ticket.')).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole('img', { name: /^Entry code for/ })).toBeVisible();
    await expect(page.getByText('Not listed', { exact: true })).toBeVisible();
    await signOut(page);
  });

  await test.step('the organiser, signing in from My tickets, finds the sale and the rest still listed', async () => {
    await page.goto('/tickets/mine');
    await expect(page).toHaveURL(/\/auth\/signin\?next=%2Ftickets%2Fmine$/);
    await page.getByLabel('Email').fill(organiser);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/tickets\/mine$/);
    await expect(page.getByRole('region', { name: /^Sold/ }).getByRole('listitem')).toContainText('Seat 2');
    await expect(page.getByRole('region', { name: /^Sold/ }).getByRole('listitem')).toContainText('$75.00');
    await expect(page.getByRole('region', { name: /^Listed for sale/ }).getByRole('listitem')).toHaveCount(3);
    await snapshot(page, testInfo, '07-organiser-sees-sold');
  });

  await test.step('the buyer can sign in again later', async () => {
    await signOut(page);
    await signIn(page, buyer);
  });
});
