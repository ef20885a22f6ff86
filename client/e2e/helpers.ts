import { expect, type Page, type TestInfo } from '@playwright/test';

export const PASSWORD = 'correct-horse-battery';

/** An address no earlier run used, so the tests also work against a suite that keeps its data. */
export function uniqueEmail(role: string): string {
  return `${role}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function signUp(page: Page, email: string, password = PASSWORD) {
  await page.goto('/auth/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('banner')).toContainText(email);
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/auth/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('banner')).toContainText(email);
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
}

/** Lists a ticket through the sell form; resolves with the ticket page's path. */
export async function sellTicket(page: Page, title: string, price: string): Promise<string> {
  await page.goto('/tickets/new');
  // Exact: "Search tickets by title" on other pages would match too.
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Price (USD)').fill(price);
  await page.getByRole('button', { name: 'List ticket for sale' }).click();
  await expect(page).toHaveURL(/\/tickets\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText('You are selling this ticket.')).toBeVisible();
  return new URL(page.url()).pathname;
}

/**
 * Presses Purchase on a ticket's page until the order page opens. Orders hears of a new ticket over
 * the event bus a moment after it is listed; until then the page says to try again, and so we do.
 */
export async function purchase(page: Page, priceLabel: string) {
  await expect(async () => {
    await page.getByRole('button', { name: `Purchase for ${priceLabel}` }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
}

/** The form's own alert: Next.js's route announcer is an alert too, outside the main region. */
export const alertIn = (page: Page) => page.getByRole('main').getByRole('alert');

/** A full-page screenshot kept with the test's artifacts under test-results/. */
export async function snapshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}
