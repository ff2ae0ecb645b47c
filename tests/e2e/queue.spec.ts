import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { base, signIn } from './support';



function db() {
  return new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });
}

test('the one-time token cannot be used twice and the page needs the session', async ({ browser }) => {
  const fresh = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await fresh.newPage();
  const spare = process.env.LUOTSI_E2E_SPARE_URL!;
  await page.goto(spare);
  await expect(page.getByLabel('Käyttäjätunnus')).toBeVisible();
  const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const res = await (await other.newPage()).goto(spare);
  expect(res?.status()).toBe(403);
  const res2 = await (await other.newPage()).goto(`${base()}/`);
  expect(res2?.status()).toBe(401);
  await fresh.close();
  await other.close();
});

test('a wrong password gets a clear Finnish error', async ({ page }) => {
  await signIn(page, 'ohjaaja', 'väärä');
  await expect(page.getByRole('alert')).toHaveText('Käyttäjätunnus tai salasana on väärä.');
});

test('guidance worker filters, sorts, saves a view and assigns items in bulk', async ({ page }) => {
  await signIn(page, 'paallikko');
  await expect(page.getByRole('heading', { name: 'Saapuneet asiat' })).toBeVisible();
  await expect(page.locator('.ag-row').first()).toBeVisible();
  await expect(page.getByText('Ladataan jonoa')).toHaveCount(0);
  const status = page.locator('.queue .toolbar .muted').first();
  const total = Number((await status.innerText()).split('/')[1]!.replace(/\D/g, ''));
  expect(total).toBeGreaterThan(100);

  // Quick filter narrows the rows to discharges.
  await page.getByLabel('Pikasuodatus (nimi, kunta, tyyppi…)').fill('Kotiutus');
  await expect.poll(async () => Number((await status.innerText()).split('/')[0]!.replace(/\D/g, ''))).toBeLessThan(total);
  const typeCells = await page.locator('.ag-row .ag-cell[col-id="type"]').allInnerTexts();
  expect(typeCells.length).toBeGreaterThan(0);
  expect(typeCells.every((t) => t === 'Kotiutus')).toBe(true);

  // Sort by age descending (click twice), then add received as a second sort with shift.
  const ageHeader = page.locator('.ag-header-cell[col-id="age"]');
  await ageHeader.click();
  await ageHeader.click();
  await expect(ageHeader).toHaveAttribute('aria-sort', 'descending');
  const ages = (await page.locator('.ag-row').evaluateAll((rows) =>
    rows
      .map((r) => ({ i: Number(r.getAttribute('row-index')), age: Number(r.querySelector('[col-id="age"]')?.textContent ?? 'NaN') }))
      .sort((a, b) => a.i - b.i)
      .map((r) => r.age),
  )) as number[];
  expect(ages.slice(0, 10)).toEqual([...ages.slice(0, 10)].sort((a, b) => b - a));
  await page.locator('.ag-header-cell[col-id="received"]').click({ modifiers: ['Shift'] });
  await expect(page.locator('.ag-header-cell[col-id="received"]')).toHaveAttribute('aria-sort', 'ascending');

  // Save the view; it appears as a chip and persists in the database.
  await page.getByRole('button', { name: 'Tallenna näkymä…' }).click();
  await page.getByLabel('Näkymän nimi').fill('Kotiutukset iän mukaan');
  await page.getByRole('button', { name: 'Tallenna', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Kotiutukset iän mukaan' })).toBeVisible();
  const d = db();
  const saved = d.prepare("SELECT state_json FROM saved_views WHERE name = 'Kotiutukset iän mukaan'").pluck().get() as string;
  d.close();
  expect(JSON.parse(saved)).toMatchObject({ quickFilter: 'Kotiutus', sortModel: [{ colId: 'age', sort: 'desc' }, { colId: 'received', sort: 'asc' }] });

  // Built-in view: unassigned items; select three and assign them to the demo guidance worker.
  await page.getByRole('button', { name: 'Kohdistamattomat' }).click();
  await expect(page.getByLabel('Pikasuodatus (nimi, kunta, tyyppi…)')).toHaveValue('');
  await expect(page.locator('.ag-row').first()).toBeVisible();
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) await page.locator(`.ag-row[row-index="${i}"] .ag-selection-checkbox input`).click();
  await expect(page.getByText('3 valittu')).toBeVisible();
  for (const r of await page.locator('.ag-row.ag-row-selected').all()) ids.push((await r.getAttribute('row-id'))!);
  expect(ids).toHaveLength(3);
  const select = page.getByLabel('Siirrä valitut työntekijälle');
  const option = await select.locator('option', { hasText: 'Laura Mäkelä' }).getAttribute('value');
  await select.selectOption(option!);
  await page.getByRole('button', { name: 'Siirrä', exact: true }).click();
  // A bulk assignment asks first, with the worker's load before and after.
  const ask = page.getByTestId('confirm-dialog');
  await expect(ask).toContainText('Siirretäänkö 3 asiaa: Laura Mäkelä?');
  const after = Number(await ask.getByTestId('new-load').innerText());
  await ask.getByRole('button', { name: 'Siirrä 3 asiaa' }).click();
  await expect(page.getByTestId('toast')).toContainText(`3 asiaa siirretty: Laura Mäkelä (nyt ${after} avointa)`);
  const d2 = db();
  const states = d2.prepare(`SELECT i.status, u.username FROM intake_items i JOIN users u ON u.id = i.assigned_worker_id WHERE i.id IN (?, ?, ?)`).all(...ids) as {
    status: string;
    username: string;
  }[];
  d2.close();
  expect(states).toEqual(Array(3).fill({ status: 'assigned', username: 'ohjaaja' }));
  // The assigned rows leave the unassigned view.
  for (const id of ids) await expect(page.locator(`.ag-row[row-id="${id}"]`)).toHaveCount(0);
  await page.screenshot({ path: 'test-results/queue.png' });
});

test('open a client, reveal the henkilötunnus, and the manager finds the audit row', async ({ page, browser }) => {
  await signIn(page, 'ohjaaja');
  await page.getByRole('button', { name: 'Asiakkaat' }).click();
  const d = db();
  const client = d.prepare("SELECT id, last_name, first_names, hetu FROM clients WHERE address_protected = 0 AND last_name GLOB '*[äö]*' LIMIT 1").get() as {
    last_name: string;
    first_names: string;
    hetu: string;
  };
  d.close();
  await page.getByLabel('Hae nimellä tai henkilötunnuksella').fill(client.hetu);
  await page.getByRole('button', { name: `${client.last_name} ${client.first_names}` }).click();
  await expect(page.getByRole('heading', { name: `${client.last_name} ${client.first_names}` })).toBeVisible();
  await expect(page.getByTestId('hetu')).toHaveText(`${client.hetu.slice(0, 7)}****`);
  await page.getByRole('button', { name: 'Näytä' }).click();
  await expect(page.getByTestId('hetu')).toHaveText(client.hetu);
  await page.screenshot({ path: 'test-results/client-card.png' });

  const manager = await browser.newContext();
  const mp = await manager.newPage();
  await signIn(mp, 'paallikko');
  await mp.getByRole('button', { name: 'Asiakkaat' }).click();
  await mp.getByLabel('Hae nimellä tai henkilötunnuksella').fill(client.hetu);
  await mp.getByRole('button', { name: `${client.last_name} ${client.first_names}` }).click();
  await mp.getByRole('tab', { name: 'Käyttöloki' }).click();
  const log = mp.getByRole('table', { name: 'Kuka on käsitellyt asiakkaan tietoja' });
  await expect(log.getByRole('row').filter({ hasText: 'Katsoi henkilötunnuksen' }).filter({ hasText: 'Laura Mäkelä' })).toHaveCount(1);
  await expect(log.getByRole('row').filter({ hasText: 'Avasi asiakaskortin' }).filter({ hasText: 'Laura Mäkelä' })).toHaveCount(1);
  // When, as d.m.yyyy klo hh.mm (no seconds).
  await expect(log.getByRole('row').filter({ hasText: 'Katsoi henkilötunnuksen' }).locator('td').first()).toHaveText(/^\d{1,2}\.\d{1,2}\.\d{4} klo \d{2}\.\d{2}$/);
  await manager.close();
});

test('protected addresses stay hidden from a client secretary; the UI switches to Swedish', async ({ page }) => {
  await signIn(page, 'sihteeri');
  const d = db();
  const client = d.prepare('SELECT last_name, first_names, hetu, street_address FROM clients WHERE address_protected = 1 LIMIT 1').get() as {
    last_name: string;
    first_names: string;
    hetu: string;
    street_address: string;
  };
  d.close();
  await page.getByRole('button', { name: 'Asiakkaat' }).click();
  await page.getByLabel('Hae nimellä tai henkilötunnuksella').fill(client.hetu);
  await page.getByRole('button', { name: `${client.last_name} ${client.first_names}` }).click();
  await expect(page.getByText('Osoite on turvakiellon alainen eikä näy tälle käyttäjäroolille.')).toBeVisible();
  await expect(page.locator('body')).not.toContainText(client.street_address);
  await page.getByRole('button', { name: 'På svenska' }).click();
  await expect(page.getByRole('button', { name: 'Klienter' })).toBeVisible();
  await expect(page.getByText('SPÄRRMARKERING', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Suomeksi' }).click();
  await expect(page.getByRole('button', { name: 'Asiakkaat' })).toBeVisible();
});

test('keyboard: Alt+2 goes to clients, F1 shows the shortcuts', async ({ page }) => {
  await signIn(page, 'ohjaaja');
  await expect(page.getByRole('heading', { name: 'Saapuneet asiat' })).toBeVisible();
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { name: 'Asiakkaat' })).toBeVisible();
  await page.keyboard.press('F1');
  await expect(page.getByRole('dialog', { name: 'Pikanäppäimet' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('CSV export of the current view downloads the rows and is audited', async ({ page }) => {
  await signIn(page, 'ohjaaja');
  await expect(page.getByText('Ladataan jonoa')).toHaveCount(0);
  await page.getByRole('button', { name: 'Kiireelliset' }).click();
  const status = page.locator('.queue .toolbar .muted').first();
  const shown = Number((await status.innerText()).split('/')[0]!.replace(/\D/g, ''));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Vie CSV' }).click()]);
  const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  const lines = text.trim().split(/\r?\n/);
  // Written by the core (queue.export) from the rows and columns shown: the pinned client and days-left first.
  expect(lines[0]).toContain('Asiakas;Päiviä jäljellä;Saapunut;Tyyppi');
  expect(lines).toHaveLength(shown + 1);
  expect(lines.slice(1).every((l) => l.split(';').includes('Kiireellinen'))).toBe(true);
  const d = db();
  await expect.poll(() => d.prepare("SELECT count(*) FROM audit_log WHERE action = 'queue.export'").pluck().get()).toBeGreaterThan(0);
  d.close();
});
