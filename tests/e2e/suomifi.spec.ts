// Digital-first delivery in the browser: a letter delivered by hand (printed, handed over, recorded: issue 19
// item 11); the administrator connects Suomi.fi Messages (the test server of its API, in this process); the
// secretary sends a batch where some clients have a mailbox and one does not, sees each letter's route, status
// and events, and a Swedish client's message is in Swedish.
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { signIn, signOut } from './support';
import { SuomifiTestServer } from '../suomifi/server';

const shots = process.env.LUOTSI_SCREENSHOTS;
let server: SuomifiTestServer;

const db = () => new Database(process.env.LUOTSI_E2E_DB!, { fileMustExist: true });

test.beforeAll(async () => {
  // The service's clock runs with the host's (which stood on 23.11.2026 at 10.00 when it started).
  const hostStarted = Number(process.env.LUOTSI_E2E_CLOCK_START ?? Date.now());
  server = await new SuomifiTestServer({ now: new Date('2026-11-23T10:00:00+02:00').getTime() + (Date.now() - hostStarted) }).start();
});
test.afterAll(async () => {
  // The other specs send by paper: Suomi.fi is switched off again on the shared workstation.
  const d = db();
  d.pragma('busy_timeout = 5000');
  d.prepare("UPDATE settings SET value = json_set(value, '$.enabled', json('false')) WHERE key = 'suomifi'").run();
  d.close();
  await server.close();
});

async function openLetters(page: Page) {
  await page.getByRole('button', { name: /Kirjeet/ }).first().click();
  await expect(page.getByRole('heading', { name: 'Kirjeet ja lähetys' })).toBeVisible();
  await expect(page.locator('.grid .ag-row').first()).toBeVisible({ timeout: 30_000 });
}

async function select(page: Page, number: string) {
  await page.getByLabel('Pikasuodatus').fill(number);
  const row = page.locator('.grid .ag-row', { hasText: number }).first();
  await row.locator('input[type="checkbox"]').first().check();
}

test('a letter to deliver by hand is printed, handed over and recorded; it leaves the sending queue', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'sihteeri');
  await openLetters(page);
  // A client who collects the letter in person: this decision goes by hand.
  await page.getByRole('button', { name: /^e-kirje \(/ }).click();
  const row = page.locator('.grid .ag-row').first();
  const number = (await row.locator('[col-id="number"]').first().innerText()).trim();
  await row.locator('input[type="checkbox"]').first().check();
  await page.getByRole('button', { name: 'Tulosta käsin toimitettavaksi' }).click();
  // The confirmation says what happens: no post, printed, handed over, notified on that day.
  const ask = page.getByTestId('confirm-dialog');
  await expect(ask).toContainText(/Tehdään 1 kirjettä käsin toimitettaviksi\. Ne eivät lähde postissa/);
  await ask.locator('button.confirm').click();
  await page.getByTestId('tab-hand').click();
  const waiting = page.getByTestId('hand-over').locator('tr', { hasText: number });
  await expect(waiting).toBeVisible({ timeout: 60_000 });
  await waiting.getByRole('button', { name: 'Tulosta kirje' }).click();
  await expect(page.getByTestId('letter-status')).toContainText('Allekirjoitettu ja tallennettu kirje');
  await page.getByRole('button', { name: 'Sulje', exact: true }).click();
  await waiting.getByRole('button', { name: 'Kirjaa luovutus' }).click();
  const form = page.getByTestId('hand-over-form');
  await form.getByLabel('Luovutuspäivä (p.k.vvvv)').fill('31.11.2026');
  await form.getByLabel('Kenelle luovutettu').fill('Asiakas itse, henkilöllisyys tarkistettu');
  await form.getByRole('button', { name: 'Kirjaa' }).click();
  await expect(form).toContainText('Anna päivä muodossa p.k.vvvv');
  await form.getByLabel('Luovutuspäivä (p.k.vvvv)').fill('23.11.2026');
  if (shots) await page.screenshot({ path: `${shots}/hand-over.png` });
  await form.getByRole('button', { name: 'Kirjaa' }).click();
  await expect(page.getByText(`Kirje ${number} luovutettu: Asiakas itse, henkilöllisyys tarkistettu 23.11.2026. Tiedoksianto 23.11.2026, oikaisuvaatimus viimeistään 23.12.2026.`)).toBeVisible();
  await expect(page.getByTestId('hand-over').locator('tr', { hasText: number })).toHaveCount(0);
  await page.getByRole('tab', { name: /Lähetettävät/ }).click();
  await page.getByLabel('Pikasuodatus').fill(number);
  await expect(page.locator('.grid .ag-row', { hasText: number })).toHaveCount(0);
  const [n, y] = number.split('/').map(Number);
  const d = db();
  expect(d.prepare('SELECT status, notification_basis, notified_on, appeal_last_day FROM decisions WHERE number = ? AND number_year = ?').get(n, y)).toEqual({
    status: 'sent',
    notification_basis: 'hand',
    notified_on: '2026-11-23',
    appeal_last_day: '2026-12-23',
  });
  d.close();
});

test('the administrator connects Suomi.fi Messages; the secretary sends a mixed batch and follows each letter', async ({ page }) => {
  test.setTimeout(180_000);
  // Three signed decisions: a Finnish and a Swedish client with a mailbox, a Finnish client without one.
  const d = db();
  const pick = (language: string, skip: string[]) =>
    d
      .prepare(
        `SELECT x.number || '/' || x.number_year AS number, c.hetu FROM decisions x JOIN clients c ON c.id = x.client_id
         WHERE x.status = 'signed' AND c.language = ? AND c.address_protected = 0 AND c.street_address IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM deliveries v WHERE v.decision_id = x.id) ORDER BY x.number`,
      )
      .all(language)
      .find((r) => !skip.includes((r as { number: string }).number)) as { number: string; hetu: string };
  const fiMailbox = pick('fi', []);
  const svMailbox = pick('sv', []);
  const fiPaper = pick('fi', [fiMailbox.number]);
  d.close();
  server.setMailbox(fiMailbox.hetu, true);
  server.setMailbox(svMailbox.hetu, true);
  server.setMailbox(fiPaper.hetu, false);

  await signIn(page, 'paakayttaja');
  await page.getByRole('button', { name: /Asetukset/ }).first().click();
  const s = page.getByTestId('suomifi-settings');
  await s.scrollIntoViewIfNeeded();
  await s.getByLabel('Lähetä Suomi.fi-viesteillä tältä työasemalta').check();
  await s.getByLabel('Rajapinnan osoite').fill(server.url);
  await s.getByLabel('Palvelutunnus').fill(server.serviceId);
  await s.getByLabel('Rajapinnan käyttäjätunnus').fill(server.username);
  await s.getByLabel('Rajapinnan salasana').fill('väärä-salasana-123');
  await s.getByRole('button', { name: 'Kokeile yhteyttä' }).click();
  await expect(s.getByTestId('suomifi-test-result')).toContainText('ei hyväksynyt käyttäjätunnusta luotsi-api tai salasanaa');
  await s.getByLabel('Rajapinnan salasana').fill(server.currentPassword());
  await s.getByLabel('Suomi.fi tulostaa kirjeen vastaanottajalle, jolla ei ole postilaatikkoa').check();
  await s.getByLabel('Tulostuspalvelun laskutustunnus').fill(server.printing!.username);
  await s.getByLabel('Tulostuspalvelun salasana').fill(server.printing!.password);
  await s.getByRole('button', { name: 'Kokeile yhteyttä' }).click();
  await expect(s.getByTestId('suomifi-test-result')).toContainText('Yhteys toimii');
  await s.getByRole('button', { name: 'Tallenna' }).click();
  await expect(page.getByText('Suomi.fi-viestien asetukset tallennettu.')).toBeVisible();
  await expect(s.getByTestId('suomifi-password-state')).toContainText('Salasana asetettu');
  if (shots) await s.screenshot({ path: `${shots}/suomifi-settings.png` });
  await signOut(page);

  await signIn(page, 'sihteeri');
  await openLetters(page);
  for (const x of [fiMailbox, svMailbox, fiPaper]) {
    await select(page, x.number);
    await expect(page.locator('.grid .ag-row', { hasText: x.number }).first()).toContainText('Suomi.fi');
  }
  await page.getByLabel('Pikasuodatus').fill('');
  if (shots) await page.screenshot({ path: `${shots}/suomifi-ready.png` });
  await page.getByRole('button', { name: /Luo lähetyserä \(3\)/ }).click();
  const ask = page.getByTestId('confirm-dialog');
  await expect(ask).toContainText('Lähetetään 3 päätöstä: Suomi.fi 3');
  await expect(ask.getByTestId('batch-summary')).toContainText('Suomi.fi');
  await ask.locator('button.confirm').click();

  await page.getByRole('tab', { name: 'Lähetyserät' }).click();
  const batch = page.getByTestId('batches').locator('tbody tr').first();
  await expect(batch).toContainText('Valmis', { timeout: 90_000 });
  await expect(batch).toContainText('Paperi (Suomi.fi) 1');
  await batch.getByRole('button', { name: 'Kirjeet' }).click();
  const items = page.getByTestId('batch-items');
  await expect(items.locator('tbody tr')).toHaveCount(3);
  for (const x of [fiMailbox, svMailbox, fiPaper]) await expect(items.locator('tr', { hasText: x.number })).toContainText('Otettu vastaan');
  await expect(items.locator('tr', { hasText: fiPaper.number })).toContainText('Paperi (Suomi.fi)');

  // Delivery events from the service: electronic for the two with a mailbox, paper for the third.
  await page.getByRole('button', { name: 'Hae toimitustapahtumat nyt' }).click();
  await expect(items.locator('tr', { hasText: fiMailbox.number })).toContainText('Sähköinen viesti perillä', { timeout: 30_000 });
  await expect(items.locator('tr', { hasText: svMailbox.number })).toContainText('Sähköinen viesti perillä');
  await expect(items.locator('tr', { hasText: fiPaper.number })).toContainText('Paperiposti luotu');
  await expect(items.locator('tr', { hasText: fiMailbox.number })).toContainText('26.11.2026');
  if (shots) await page.screenshot({ path: `${shots}/suomifi-batch.png`, fullPage: true });

  // The Swedish client's message is in Swedish, the Finnish ones in Finnish.
  const messageOf = (number: string) => server.messages().find((m) => m.recipientId === [fiMailbox, svMailbox, fiPaper].find((x) => x.number === number)!.hetu)!;
  expect(messageOf(svMailbox.number).title).toMatch(/^Beslut /);
  expect(messageOf(svMailbox.number).body).toContain('har fattat ett beslut');
  expect(messageOf(fiMailbox.number).title).toMatch(/^Päätös /);
  expect(messageOf(fiPaper.number).paperAddress).toMatchObject({ countryCode: 'FI' });

  // Each decision carries the deemed receipt of its channel: electronic 3rd day, Suomi.fi's paper 7th day
  // (provisional until Suomi.fi reports the letter went to print).
  const after = db();
  const row = (number: string) => {
    const [n, y] = number.split('/').map(Number);
    return after.prepare('SELECT notification_basis, notified_on, notification_provisional FROM decisions WHERE number = ? AND number_year = ?').get(n, y);
  };
  expect(row(fiMailbox.number)).toEqual({ notification_basis: 'electronic', notified_on: '2026-11-26', notification_provisional: 0 });
  expect(row(svMailbox.number)).toEqual({ notification_basis: 'electronic', notified_on: '2026-11-26', notification_provisional: 0 });
  expect(row(fiPaper.number)).toEqual({ notification_basis: 'letter', notified_on: '2026-11-30', notification_provisional: 1 });
  after.close();
});
