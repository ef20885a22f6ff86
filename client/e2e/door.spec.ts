import { expect, test, type Locator, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { createEvent, issueTickets, purchase, signUp, snapshot, uniqueEmail, type EventDetails } from './helpers';

/**
 * An event starting in two hours, so that its check-in (open from 6 hours before) is open now. In
 * Reykjavik, whose clocks read UTC all year, so the venue's date and time are the UTC ones.
 */
function eventStartingSoon(name: string): EventDetails {
  const iso = new Date(Date.now() + 2 * 3_600_000).toISOString();
  return { name, venue: 'Harpa', city: 'Reykjavik', date: iso.slice(0, 10), time: iso.slice(11, 16), timeZone: 'Atlantic/Reykjavik', category: 'Concert' };
}

/**
 * What the QR code in `code` says, read from a screenshot of it as a phone camera would see it: the
 * browser turns the PNG into pixels, jsQR reads them.
 */
async function readQrCode(page: Page, code: Locator): Promise<string> {
  // One pixel per CSS pixel, and the pixels back as base64: at a phone's device scale a full-size
  // screenshot sent back as a JSON array took 20 s on a loaded machine, longer than a code lives.
  const png = await code.screenshot({ scale: 'css' });
  const image = await page.evaluate(async (base64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${base64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0);
    const { data } = context.getImageData(0, 0, img.width, img.height);
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { width: img.width, height: img.height, pixels: btoa(binary) };
  }, png.toString('base64'));
  const decoded = jsQR(new Uint8ClampedArray(Buffer.from(image.pixels, 'base64')), image.width, image.height);
  if (!decoded) throw new Error('no QR code could be read from the screenshot');
  return decoded.data;
}

/** Buys the ticket at `ticketPath` with the sandbox's Visa and waits until the sale has moved it to the buyer. */
async function buyAndPay(page: Page, ticketPath: string, total: string) {
  await page.goto(ticketPath);
  await purchase(page, total);
  await page.getByLabel(/Visa ending 4242/).check();
  await page.getByRole('button', { name: `Pay ${total} (test)` }).click();
  await expect(page.getByText('Paid: the ticket is yours')).toBeVisible({ timeout: 30_000 });
}

/** The buyer's live entry code for the ticket whose place says `place`, read off My tickets once the sale has reached tickets. */
async function entryCodeOf(page: Page, place: string): Promise<string> {
  const card = page.getByRole('region', { name: /^Your tickets/ }).getByRole('listitem').filter({ hasText: place });
  await expect(async () => {
    await page.goto('/tickets/mine');
    await expect(card.getByRole('img', { name: /^Entry code for/ })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  return readQrCode(page, card.getByRole('img', { name: /^Entry code for/ }));
}

async function checkIn(door: Page, code: string) {
  await door.getByLabel('Ticket code').fill(code);
  await door.getByRole('button', { name: 'Check in' }).click();
}

test('a bought ticket’s live code checks in once; after a resale the old holder’s code is refused and the new one’s accepted', async ({ browser }, testInfo) => {
  const organiser = await (await browser.newContext()).newPage();
  const firstFan = await (await browser.newContext()).newPage();
  const secondFan = await (await browser.newContext()).newPage();
  const event = eventStartingSoon(`Door test ${Date.now().toString(36)}`);

  await signUp(organiser, uniqueEmail('organiser'));
  const eventPath = await createEvent(organiser, event);
  await issueTickets(organiser, eventPath, { faceValue: '40', section: 'Floor', seats: '1, 2' });
  const listings = organiser.getByRole('region', { name: 'Tickets, cheapest first' });
  const seatPath = async (seat: string) => (await listings.getByRole('link', { name: `Section Floor · Seat ${seat}` }).getAttribute('href'))!;
  const [seatOne, seatTwo] = [await seatPath('1'), await seatPath('2')];

  await signUp(firstFan, uniqueEmail('first-fan'));
  await buyAndPay(firstFan, seatOne, '$44.00');
  await buyAndPay(firstFan, seatTwo, '$44.00');

  await test.step('the first fan’s code for seat 1 checks in once; the same code again is refused', async () => {
    await organiser.goto(`${eventPath}/check-in`);
    await expect(organiser.getByText('0 of 2 tickets checked in')).toBeVisible();
    const code = await entryCodeOf(firstFan, 'Seat 1');
    await snapshot(firstFan, testInfo, '01-my-tickets-with-codes');
    await checkIn(organiser, code);
    await expect(organiser.getByRole('main').getByRole('status').filter({ hasText: 'Checked in' })).toContainText('Section Floor · Seat 1');
    await expect(organiser.getByText('1 of 2 tickets checked in')).toBeVisible();
    await snapshot(organiser, testInfo, '02-checked-in');

    await checkIn(organiser, code);
    await expect(organiser.getByRole('main').getByRole('alert')).toContainText('Already checked in');
    await snapshot(organiser, testInfo, '03-second-scan-refused');
  });

  await test.step('the first fan resells seat 2; their old code is refused, the second fan’s accepted', async () => {
    const oldCode = await entryCodeOf(firstFan, 'Seat 2');
    await firstFan.goto(seatTwo);
    await firstFan.getByLabel('Price (USD)').fill('44');
    await firstFan.getByRole('button', { name: 'List for sale' }).click();
    await expect(firstFan.getByText('Listed', { exact: true })).toBeVisible();

    await signUp(secondFan, uniqueEmail('second-fan'));
    await buyAndPay(secondFan, seatTwo, '$48.40');

    await checkIn(organiser, oldCode);
    await expect(organiser.getByRole('main').getByRole('alert')).toContainText(/resold/i);
    // Read just before the scan: a live code is accepted for one 15-second step either side, and a
    // loaded machine can spend that long on the refusal above.
    const newCode = await entryCodeOf(secondFan, 'Seat 2');
    expect(newCode).not.toBe(oldCode);
    await checkIn(organiser, newCode);
    await expect(organiser.getByRole('main').getByRole('status').filter({ hasText: 'Checked in' })).toContainText('Seat 2');
    await expect(organiser.getByText('2 of 2 tickets checked in')).toBeVisible();
  });

  await test.step('the first fan sees the sale, and the second fan the ticket used', async () => {
    await firstFan.goto('/tickets/mine');
    await expect(firstFan.getByRole('region', { name: /^Sold/ }).getByRole('listitem')).toContainText('$44.00');
    await secondFan.goto('/tickets/mine');
    await expect(secondFan.getByRole('region', { name: /^Checked in/ }).getByRole('listitem')).toContainText('Seat 2');
  });
});

test('the entry code keeps changing with the network cut', async ({ browser }) => {
  const organiser = await (await browser.newContext()).newPage();
  await signUp(organiser, uniqueEmail('organiser'));
  const eventPath = await createEvent(organiser, eventStartingSoon(`Offline test ${Date.now().toString(36)}`));
  await issueTickets(organiser, eventPath, { faceValue: '25', quantity: '1' });

  // The buyer's browser runs on a clock the test moves forward; the services keep real time.
  const context = await browser.newContext();
  await context.clock.install();
  const fan = await context.newPage();
  await signUp(fan, uniqueEmail('fan'));
  const ticketPath = (await organiser.getByRole('link', { name: 'General admission' }).getAttribute('href'))!;
  await buyAndPay(fan, ticketPath, '$27.50');
  const first = await entryCodeOf(fan, 'General admission');

  await context.setOffline(true);
  await fan.clock.fastForward(16_000);
  const code = fan.getByRole('region', { name: /^Your tickets/ }).getByRole('img', { name: /^Entry code for/ });
  const later = await readQrCode(fan, code);
  expect(later.split('.').slice(0, -1)).toEqual(first.split('.').slice(0, -1));
  expect(later.split('.').pop()).not.toBe(first.split('.').pop());
  await expect(fan.getByText(/Changes in \d+ s/)).toBeVisible();
});
