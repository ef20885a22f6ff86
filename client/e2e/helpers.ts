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

/** A day some weeks ahead, as a date field takes it, so that events made by a test are upcoming. */
export function dayAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface EventDetails {
  name: string;
  venue: string;
  city: string;
  /** `2027-03-14`, as the venue's calendar reads it. */
  date: string;
  /** `19:30`, as the venue's clocks read it. */
  time: string;
  timeZone: string;
  /** The label shown: `Concert`. */
  category: string;
}

/** Fills the event form, on the create or the edit page, with the details. */
export async function fillEventForm(page: Page, event: EventDetails) {
  await page.getByLabel('Event name').fill(event.name);
  await page.getByLabel('Venue', { exact: true }).fill(event.venue);
  await page.getByLabel('City').fill(event.city);
  await page.getByLabel('Date').fill(event.date);
  await page.getByLabel('Start time').fill(event.time);
  await page.getByLabel('Venue time zone').selectOption(event.timeZone);
  await page.getByLabel('Category').selectOption({ label: event.category });
}

/** Creates the event through its form; resolves with the event page's path. */
export async function createEvent(page: Page, event: EventDetails): Promise<string> {
  await page.goto('/events/new');
  await fillEventForm(page, event);
  await page.getByRole('button', { name: 'Create event' }).click();
  await expect(page).toHaveURL(/\/events\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(event.name);
  return new URL(page.url()).pathname;
}

/** Issues tickets from the event page through the issue form, and is back on the event page. */
export async function issueTickets(
  page: Page,
  eventPath: string,
  issue: { faceValue: string; section?: string; row?: string } & ({ seats: string } | { quantity: string }),
) {
  await page.goto(eventPath);
  await page.getByRole('link', { name: 'Issue tickets' }).click();
  await expect(page.getByRole('heading', { name: 'Issue tickets' })).toBeVisible();
  await page.getByLabel(/^Face value/).fill(issue.faceValue);
  if ('seats' in issue) {
    await page.getByLabel('Numbered seats').check();
    if (issue.section) await page.getByLabel('Section (optional)').fill(issue.section);
    if (issue.row) await page.getByLabel('Row (optional)').fill(issue.row);
    await page.getByLabel('Seats', { exact: true }).fill(issue.seats);
  } else {
    await page.getByLabel('General admission (no seats)').check();
    await page.getByLabel('Number of tickets').fill(issue.quantity);
  }
  await page.getByRole('button', { name: 'Issue tickets' }).click();
  await expect(page).toHaveURL(eventPath);
}

/** A concert some weeks ahead in Berlin, named for the test so that searches find only it. */
export function berlinConcert(name: string, days = 40): EventDetails {
  return { name, venue: 'Columbiahalle', city: 'Berlin', date: dayAhead(days), time: '19:30', timeZone: 'Europe/Berlin', category: 'Concert' };
}

/**
 * An event with one seat at `faceValue`, created and issued by the signed-in user; resolves with the
 * ticket page's path, for tests whose story starts once a ticket is listed.
 */
export async function listOneTicket(page: Page, name: string, faceValue: string): Promise<string> {
  const eventPath = await createEvent(page, berlinConcert(name));
  await issueTickets(page, eventPath, { faceValue, section: 'Stalls', row: 'A', seats: '1' });
  await page.getByRole('link', { name: 'Section Stalls · Row A · Seat 1' }).click();
  await expect(page).toHaveURL(/\/tickets\/[0-9a-f-]{36}$/);
  await expect(page.getByText('You are selling this ticket.')).toBeVisible();
  return new URL(page.url()).pathname;
}

/**
 * Presses Purchase on a ticket's page until the order page opens. Orders hears of a new ticket over
 * the event bus a moment after it is listed; until then the page says to try again, and so we do.
 */
export async function purchase(page: Page, totalLabel: string) {
  await expect(async () => {
    await page.getByRole('button', { name: `Purchase for ${totalLabel}` }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
}

/** The form's own alert: Next.js's route announcer is an alert too, outside the main region. */
export const alertIn = (page: Page) => page.getByRole('main').getByRole('alert');

/** A full-page screenshot kept with the test's artifacts under test-results/. */
export async function snapshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}
