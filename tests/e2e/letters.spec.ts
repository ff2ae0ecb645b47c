// The client secretary's sending in the browser: the queue of signed decisions, a letter preview, a batch of
// selected decisions made, signed and packaged with progress, the batch list, and the decisions marked sent.
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { signIn } from './support';

const shots = process.env.LUOTSI_SCREENSHOTS;


test('secretary previews a letter, sends three decisions as an e-kirje batch and sees them sent', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'sihteeri');
  // A client secretary lands on Kirjeet, where her work is.
  await expect(page.getByRole('heading', { name: 'Kirjeet ja lähetys' })).toBeVisible();
  const grid = page.locator('.grid');
  await expect(grid.locator('.ag-row').first()).toBeVisible({ timeout: 30_000 });

  // Only letters that can be printed; the first three in the grid's order.
  await page.getByRole('button', { name: /^e-kirje \(/ }).click();
  const numbers: string[] = [];
  for (let i = 0; i < 3; i++) {
    const row = grid.locator(`.ag-row[row-index="${i}"]`);
    numbers.push((await row.locator('[col-id="number"]').first().innerText()).trim());
    await row.locator('input[type="checkbox"]').first().check();
  }
  await expect(page.getByText('3 valittu')).toBeVisible();

  // Each shows how long it has waited since signing; over a week is flagged, and a passed arrange-by date too.
  const facts = new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });
  const waits = numbers.map((n) => {
    const [num, year] = n.split('/').map(Number);
    return facts.prepare('SELECT decided_on, arrange_by FROM decisions WHERE number = ? AND number_year = ?').get(num, year) as { decided_on: string; arrange_by: string | null };
  });
  facts.close();
  const days = Math.round((Date.parse('2026-11-23') - Date.parse(waits[0]!.decided_on)) / 86_400_000);
  const waited = grid.locator('.ag-row[row-index="0"] [col-id="waited"]').last();
  await expect(waited).toHaveText(days > 7 ? `${days} pv – myöhässä` : `${days} pv`);

  // A preview of one letter, unsigned, inside the app.
  await grid.locator('.ag-row', { hasText: numbers[0]! }).first().dblclick();
  await expect(page.getByTestId('letter-status')).toContainText('Esikatselu');
  await expect(page.getByTestId('pdf-pages').locator('canvas')).toHaveCount(2);
  if (shots) await page.screenshot({ path: `${shots}/letters-preview.png` });
  await page.getByRole('button', { name: 'Sulje', exact: true }).click();

  if (shots) await page.screenshot({ path: `${shots}/letters-ready.png` });
  await page.getByRole('button', { name: /Luo lähetyserä \(3\)/ }).click();
  // The batch asks first: how the letters go, how long they have waited, what follows.
  const ask = page.getByTestId('confirm-dialog');
  await expect(ask).toContainText('Luodaanko lähetyserä (3 päätöstä)?');
  await expect(ask.getByTestId('batch-summary')).toContainText('e-kirje');
  await expect(ask).toContainText('merkitään lähetetyksi, kun kanava on ottanut kirjeen vastaan');
  const passed = waits.filter((w) => w.arrange_by !== null && w.arrange_by < '2026-11-23').length;
  if (passed) await expect(ask.getByTestId('dates-passed')).toContainText(`Järjestämispäivä on jo mennyt ${passed} päätöksessä`);
  else await expect(ask.getByTestId('dates-passed')).toHaveCount(0);
  if (shots) await page.screenshot({ path: `${shots}/letters-confirm.png` });
  await ask.locator('button.confirm').click();

  // The batch finishes; the batch list shows it complete with three letters. (Billing's mass decision made an
  // earlier batch: this one is the secretary's own.)
  await page.getByRole('tab', { name: 'Lähetyserät' }).click();
  const mine = page.getByTestId('batches').locator('tbody tr', { hasText: 'Minna Koskinen' }).first();
  await expect(mine).toContainText('Valmis', { timeout: 60_000 });
  await expect(mine).toContainText('.zip');
  await mine.getByRole('button', { name: 'Kirjeet' }).click();
  await expect(page.getByTestId('batch-items').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('batch-items')).toContainText('Lähetetty');
  if (shots) await page.screenshot({ path: `${shots}/letters-batches.png` });

  // The stored, signed letter opens from the batch.
  await page.getByTestId('batch-items').getByRole('button', { name: numbers[0]! }).click();
  await expect(page.getByTestId('letter-status')).toContainText('Allekirjoitettu ja tallennettu kirje');
  await page.getByRole('button', { name: 'Sulje', exact: true }).click();

  // The browser host downloads the print PDF.
  const download = page.waitForEvent('download');
  await mine.getByRole('button', { name: 'Lataa tulostus-PDF' }).click();
  expect((await download).suggestedFilename()).toMatch(/-tulostus\.pdf$/);

  const db = new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });
  for (const n of numbers) {
    const [num, year] = n.split('/').map(Number);
    const d = db.prepare('SELECT status, sent_on, appeal_last_day FROM decisions WHERE number = ? AND number_year = ?').get(num, year) as { status: string; sent_on: string; appeal_last_day: string };
    expect(d).toMatchObject({ status: 'sent', sent_on: '2026-11-23', appeal_last_day: '2026-12-30' });
  }
  // The batch ran as a job of the host, and its letters were made in a worker thread, off the request thread.
  const [num, year] = numbers[0]!.split('/').map(Number);
  const job = db
    .prepare(
      `SELECT j.status, j.result FROM jobs j JOIN send_batch_items i ON j.subject = 'send_batch:' || i.batch_id JOIN decisions d ON d.id = i.decision_id
       WHERE j.kind = 'letters.batch' AND d.number = ? AND d.number_year = ?`,
    )
    .get(num, year) as { status: string; result: string };
  expect(job.status).toBe('completed');
  expect(JSON.parse(job.result)).toMatchObject({ letters: 3, renderedIn: 'worker' });
  db.close();
});

test('the administrator follows the background jobs in Asetukset › Taustatyöt, in Finnish and Swedish', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'paakayttaja');
  await page.getByRole('button', { name: /Asetukset/ }).first().click();
  const view = page.getByTestId('jobs-settings');
  await view.scrollIntoViewIfNeeded();
  await expect(view.getByRole('heading', { name: 'Taustatyöt' })).toBeVisible();
  // The secretary's batch of the test before: a letter batch, done, asked by her, all of its letters made.
  const batch = view.locator('tr[data-kind="letters.batch"][data-status="completed"]', { hasText: 'Minna Koskinen' }).first();
  await expect(batch).toContainText('Lähetyserä');
  await expect(batch).toContainText('Valmis');
  await expect(batch).toContainText('3 / 3');
  await expect(batch.getByRole('button', { name: 'Peru' })).toHaveCount(0);
  // Which roles each kind allows.
  await expect(view.getByTestId('job-kinds')).toContainText('Lähetyserä');
  await expect(view.getByTestId('job-kinds')).toContainText('Asiakassihteeri, Palvelupäällikkö, Pääkäyttäjä');
  if (shots) await view.screenshot({ path: `${shots}/jobs-settings.png` });
  // In Swedish.
  await page.getByLabel('Käyttöliittymän kieli').selectOption('sv');
  await expect(view.getByRole('heading', { name: 'Bakgrundsjobb' })).toBeVisible();
  await expect(batch).toContainText('Utskicksomgång');
  await expect(batch).toContainText('Klar');
  await expect(view.getByTestId('job-kinds')).toContainText('Klientsekreterare, Servicechef, Huvudanvändare');
  if (shots) await view.screenshot({ path: `${shots}/jobs-settings-sv.png` });
  await page.getByLabel('Gränssnittets språk').selectOption('fi');
});
