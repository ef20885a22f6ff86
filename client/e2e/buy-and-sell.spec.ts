import { expect, test } from '@playwright/test';
import { PASSWORD, alertIn, purchase, sellTicket, signIn, signOut, signUp, snapshot, uniqueEmail } from './helpers';

test('a seller lists a ticket, a buyer buys and pays for it, and both see it sold', async ({ page }, testInfo) => {
  const seller = uniqueEmail('seller');
  const buyer = uniqueEmail('buyer');
  const title = `Stadium tour ${Date.now().toString(36)}`;
  let ticketPath = '';

  await test.step('the seller signs up and lists a ticket', async () => {
    await signUp(page, seller);
    ticketPath = await sellTicket(page, title, '75');
    await expect(page.getByText('On sale', { exact: true })).toBeVisible();
    await expect(page.getByText('$75.00')).toBeVisible();
    await snapshot(page, testInfo, '01-seller-listed-ticket');
    await signOut(page);
  });

  await test.step('a buyer signs up, finds the ticket and purchases it', async () => {
    await signUp(page, buyer);
    await page.goto('/');
    await page.getByLabel('Search tickets by title').fill(title);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/[?&]q=/);
    const result = page.getByRole('link', { name: title });
    await expect(result).toBeVisible();
    await expect(page.getByText('$75.00')).toBeVisible();
    await snapshot(page, testInfo, '02-buyer-found-ticket');
    await result.click();
    await expect(page).toHaveURL(ticketPath);
    // The buyer sees the service fee and the total before committing (10 % by default).
    await expect(page.getByText('$7.50', { exact: true })).toBeVisible();
    await expect(page.getByText('$82.50', { exact: true })).toBeVisible();
    await purchase(page, '$75.00');
  });

  await test.step('the order page counts down the hold', async () => {
    await expect(page.getByText('Awaiting payment')).toBeVisible();
    const timer = page.getByRole('timer');
    await expect(timer).toHaveText(/^1[45]:\d{2}$/);
    const first = await timer.textContent();
    await expect(timer).not.toHaveText(first ?? '', { timeout: 5_000 });
    await snapshot(page, testInfo, '03-order-countdown');
  });

  await test.step('a declined test card is shown plainly and stays chosen, then pm_card_visa pays', async () => {
    await expect(page.getByText('TEST MODE')).toBeVisible();
    await page.getByLabel(/Card that is declined/).check();
    await page.getByRole('button', { name: 'Pay $82.50 (test)' }).click();
    await expect(alertIn(page)).toHaveText('Payment declined: Your card was declined. Try another card.');
    await expect(page.getByLabel(/Card that is declined/)).toBeChecked();
    await snapshot(page, testInfo, '04-payment-declined');

    await page.getByLabel(/Visa ending 4242/).check();
    await page.getByRole('button', { name: 'Pay $82.50 (test)' }).click();
    await expect(page.getByText('Paid: the ticket is yours')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('Complete', { exact: true })).toBeVisible();
    await snapshot(page, testInfo, '05-order-complete');
  });

  await test.step('the buyer sees the order complete and the ticket sold', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My orders' }).click();
    await expect(page.getByRole('listitem').filter({ hasText: title })).toContainText('Complete');
    // The ticket becomes sold when tickets hears over the bus that the order completed.
    await expect(async () => {
      await page.goto(ticketPath);
      await expect(page.getByText('Sold', { exact: true })).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByText('You bought this ticket.')).toBeVisible();
    await signOut(page);
  });

  await test.step('the seller, signing in from their listings, finds it under Sold', async () => {
    await page.goto('/tickets/mine');
    await expect(page).toHaveURL(/\/auth\/signin\?next=%2Ftickets%2Fmine$/);
    await page.getByLabel('Email').fill(seller);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/tickets\/mine$/);
    await expect(page.getByRole('region', { name: /^Sold/ }).getByRole('link', { name: title })).toBeVisible();
    await expect(page.getByRole('region', { name: /^On sale/ }).getByRole('link', { name: title })).toHaveCount(0);
    await snapshot(page, testInfo, '06-seller-sees-sold');
  });

  await test.step('the buyer can sign in again later', async () => {
    await signOut(page);
    await signIn(page, buyer);
  });
});
