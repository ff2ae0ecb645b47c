// Arranging granted services in the browser: the service manager opens Jono › Aloittamatta olevat palvelut,
// sees the overdue services with who is responsible, records a start from the provider's notice, and finds it on
// the client card's Palvelut tab; the same list in Swedish.
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { signIn } from './support';

const shots = process.env.LUOTSI_SCREENSHOTS;
const db = () => new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });

test('the manager sees overdue services, records a start from the provider notice, and the client card shows it', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'paallikko');
  const tab = page.getByRole('tab', { name: /Aloittamatta olevat palvelut/ });
  await expect(tab).toContainText('myöhässä');
  await tab.click();
  await expect(page.getByRole('heading', { name: 'Myönnetyt palvelut, joiden alkamista ei ole kirjattu' })).toBeVisible();
  const rows = page.locator('.awaiting-grid .ag-row');
  await expect(rows.first()).toBeVisible();
  const counted = Number((await page.locator('.awaiting-start .toolbar strong').innerText()).replace(/\D/g, ''));
  const d = db();
  const overdue = d
    .prepare("SELECT count(*) FROM service_periods WHERE status = 'awaiting' AND arrange_by < '2026-11-23'")
    .pluck()
    .get() as number;
  expect(counted).toBe(overdue);
  await expect(rows).toHaveCount(Math.min(overdue, await rows.count()));
  await expect(rows.first().locator('[col-id="state"]')).toHaveText('Myöhässä');
  if (shots) await page.screenshot({ path: `${shots}/arrangement-overdue-fi.png` });

  // The most overdue first: record its start from the provider's notice.
  const name = await rows.first().locator('.cell-link').innerText();
  await rows.first().locator('[col-id="state"]').click();
  const panel = page.locator('.selected-line');
  await expect(panel).toContainText(name);
  await panel.getByRole('button', { name: 'Kirjaa alkaminen' }).click();
  const form = panel.getByRole('form', { name: 'Kirjaa alkaminen' });
  await form.getByLabel('Alkamispäivä').fill('20.11.2026');
  await form.getByLabel('Tieto saatu').selectOption('provider_notice');
  await form.getByLabel('Ilmoituksen päivämäärä').fill('21.11.2026');
  await form.getByLabel('Huomautus').fill('Palvelutalo ilmoitti puhelimitse');
  if (shots) await page.screenshot({ path: `${shots}/arrangement-record-start-fi.png` });
  await form.getByRole('button', { name: 'Tallenna' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tallennettu' })).toBeVisible();
  await expect(page.locator('.awaiting-start .toolbar strong')).toHaveText(`${overdue - 1} myöhässä`);
  const recorded = d
    .prepare("SELECT client_id, start_source, start_notice_on FROM service_periods WHERE status = 'started' AND started_on = '2026-11-20' AND note = 'Palvelutalo ilmoitti puhelimitse'")
    .get() as { client_id: string; start_source: string; start_notice_on: string };
  expect(recorded).toMatchObject({ start_source: 'provider_notice', start_notice_on: '2026-11-21' });
  d.close();

  // The client card's Palvelut tab shows the service running, started from the notice.
  await page.getByRole('button', { name: 'Asiakkaat' }).first().click();
  await page.getByRole('searchbox').fill(name.split(' ')[0]!);
  await page.getByRole('button', { name }).first().click();
  await page.getByRole('tab', { name: 'Palvelut' }).click();
  const services = page.getByTestId('client-services');
  await expect(services).toContainText('Alkoi 20.11.2026 (Palveluntuottajan ilmoitus), ilmoitus 21.11.2026');
  await expect(services.locator('.badge.arr-started').first()).toHaveText('Käynnissä');
  if (shots) await page.screenshot({ path: `${shots}/arrangement-client-card-fi.png` });
});

test('the list in Swedish', async ({ page }) => {
  await signIn(page, 'paallikko');
  await expect(page.getByRole('tab', { name: /Aloittamatta olevat palvelut/ })).toBeVisible();
  await page.getByRole('button', { name: 'På svenska' }).click();
  await page.getByRole('tab', { name: /Tjänster som inte har börjat/ }).click();
  await expect(page.getByRole('heading', { name: 'Beviljade tjänster vars början inte har registrerats' })).toBeVisible();
  await expect(page.locator('.awaiting-grid .ag-row').first().locator('[col-id="state"]')).toHaveText('Försenad');
  if (shots) await page.screenshot({ path: `${shots}/arrangement-overdue-sv.png` });
  await page.getByRole('button', { name: 'Suomeksi' }).click();
});
