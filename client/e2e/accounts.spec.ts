import { expect, test } from '@playwright/test';
import { PASSWORD, alertIn, signOut, signUp, snapshot, uniqueEmail } from './helpers';

test('a wrong password on sign-in shows the API message, announced as an alert', async ({ page }, testInfo) => {
  const email = uniqueEmail('forgetful');
  await signUp(page, email);
  await signOut(page);

  await page.goto('/auth/signin');
  // Keyboard only: type into each field and submit with Enter.
  await page.getByLabel('Email').fill(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type('not-the-password');
  await page.keyboard.press('Enter');

  await expect(alertIn(page)).toHaveText('Invalid email or password');
  await expect(page).toHaveURL(/\/auth\/signin/);
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await snapshot(page, testInfo, 'wrong-password');
});

test('sign-up shows the API field errors next to their fields', async ({ page }, testInfo) => {
  await page.goto('/auth/signup');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();

  const email = page.getByLabel('Email');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription('Email must be valid');
  await expect(email).toBeFocused();
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription(/Password must be between 8 and 128 characters/);
  await snapshot(page, testInfo, 'signup-field-errors');
});

test('the sign-up form states the password rule before the first try', async ({ page }) => {
  await page.goto('/auth/signup');
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription('8 to 128 characters.');
  await page.goto('/auth/signin');
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription('');
});

test('a signed-out visitor of a protected page signs in and comes back to it', async ({ page }) => {
  const email = uniqueEmail('returning');
  await signUp(page, email);
  await signOut(page);

  const answer = await page.request.get('/orders', { maxRedirects: 0 });
  expect(answer.status()).toBe(307);
  expect(answer.headers().location).toBe('/auth/signin?next=%2Forders');

  await page.goto('/orders');
  await expect(page).toHaveURL(/\/auth\/signin\?next=%2Forders$/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole('heading', { name: 'My orders' })).toBeVisible();
  await expect(page.getByText('You have no orders yet.')).toBeVisible();
});

test('a ticket or an event that does not exist is a 404 page', async ({ page }) => {
  const ticket = await page.goto('/tickets/00000000-0000-4000-8000-000000000000');
  expect(ticket?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Ticket not found' })).toBeVisible();
  const event = await page.goto('/events/00000000-0000-4000-8000-000000000000');
  expect(event?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Event not found' })).toBeVisible();
});

test.describe('at a phone width', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('the pages fit the screen', async ({ page }, testInfo) => {
    for (const [path, heading] of [
      ['/', 'Upcoming events'],
      ['/auth/signin', 'Sign in'],
      ['/auth/signup', 'Create an account'],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await snapshot(page, testInfo, 'home-on-a-phone');
  });
});

test('the text is set in the bundled Inter, loaded from our own origin and nowhere else', async ({ page, baseURL }) => {
  const fontRequests: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'font') fontRequests.push(request.url());
  });

  await page.goto('/auth/signin');
  await page.evaluate(() => document.fonts.ready);

  const loaded = await page.evaluate(() => [...document.fonts].filter((face) => face.status === 'loaded').map((face) => face.family));
  const bodyFamily = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  expect(loaded.length).toBeGreaterThan(0);
  expect(bodyFamily.split(',')[0]).toContain(loaded[0]!.replace(/['"]/g, ''));
  expect(fontRequests.length).toBeGreaterThan(0);
  for (const url of fontRequests) expect(new URL(url).origin).toBe(new URL(baseURL!).origin);
});

test('the site has its own icon, served from our own origin', async ({ page, baseURL }) => {
  await page.goto('/');
  const link = page.locator('link[rel="icon"]').first();
  await expect(link).toHaveAttribute('href', /\S/);
  const href = await link.getAttribute('href');
  const url = new URL(href!, baseURL);
  expect(url.origin).toBe(new URL(baseURL!).origin);
  const icon = await page.request.get(url.href);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
});
