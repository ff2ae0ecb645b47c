// Billing staff in the browser: fee decision drafts reviewed (old fee, new fee, reason) and signed, a mass
// decision with its letters; the monthly
// invoice run with its review grid, an invoice with its bank barcode, approval; the caregiver payment run.
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { signIn } from './support';

const shots = process.env.LUOTSI_SCREENSHOTS;

test('billing signs fee drafts, runs October invoicing, reviews an invoice and approves the run', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'laskutus');
  // Billing lands where its work is.
  await expect(page.getByRole('heading', { name: 'Laskutus' })).toBeVisible();

  // Fee decision drafts: sign the first two.
  const drafts = page.getByTestId('fee-drafts');
  await expect(drafts.locator('.ag-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(drafts.locator('.ag-header-cell-text', { hasText: 'Vanha maksu' })).toBeVisible();
  // Old against new: the grid says what changed, and a draft opened beside it shows both calculations.
  await expect(drafts.locator('.ag-header-cell-text', { hasText: 'Mikä muuttui' })).toBeVisible();
  await expect(drafts.locator('.ag-row[row-index="0"] [col-id="changes"]')).toHaveText(/^(Uusi maksu|Tulot muuttuivat|Indeksitarkistus|Palvelun määrä muuttui|Oikaisu|Palvelu päättyy|Talouden tiedot muuttuivat)/);
  await drafts.locator('.ag-row[row-index="0"] [col-id="clientName"]').click();
  const detail = page.getByTestId('fee-draft-detail');
  await expect(detail.getByRole('heading', { name: 'Mikä muuttui' })).toBeVisible();
  await expect(detail.getByTestId('fee-draft-changes').locator('li').first()).toHaveText(/\d+\.\d+\.\d{4}/);
  await expect(detail.getByRole('table', { name: 'Laskelma: vanha ja uusi' })).toContainText('Kuukausimaksu');
  if (shots) await page.screenshot({ path: `${shots}/billing-fee-draft-detail.png` });
  await detail.getByRole('button', { name: 'Sulje' }).click();
  await expect(detail).toHaveCount(0);
  for (let i = 0; i < 2; i++) await drafts.locator(`.ag-row[row-index="${i}"] input[type="checkbox"]`).first().check();
  if (shots) await page.screenshot({ path: `${shots}/billing-fee-drafts.png` });
  await page.getByRole('button', { name: /Allekirjoita valitut \(2\)/ }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Allekirjoita valitut' }).click();
  await expect(page.getByText(/2 maksupäätöstä allekirjoitettu/)).toBeVisible();

  // A mass decision: the home-care drafts as the target set, three of them signed with their letters in one batch.
  await page.getByRole('toolbar', { name: 'Kohdejoukko' }).getByLabel('Maksu', { exact: true }).selectOption({ label: 'Säännöllinen kotihoito' });
  await expect(page.getByTestId('target-summary')).toContainText('kuukausimaksut ennen');
  await expect(drafts.locator('.ag-row', { hasText: 'Ympärivuorokautinen' })).toHaveCount(0);
  await expect(drafts.locator('.ag-row[row-index="0"]')).toContainText('Säännöllinen kotihoito');
  for (let i = 0; i < 3; i++) await drafts.locator(`.ag-row[row-index="${i}"] input[type="checkbox"]`).first().check();
  await expect(page.getByTestId('target-summary')).toContainText('valittu 3 /');
  await page.getByRole('button', { name: 'Joukkopäätös ja kirjeet (3)' }).click();
  const massForm = page.getByTestId('mass-form');
  await massForm.getByLabel('Joukkopäätös').fill('Kotihoidon maksujen tarkistus');
  if (shots) await page.screenshot({ path: `${shots}/billing-mass-decision.png` });
  await massForm.getByRole('button', { name: 'Tee päätökset ja kirjeet' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Tee päätökset ja kirjeet' }).click();
  await expect(page.getByText(/3 maksupäätöstä allekirjoitettu; kirjeitä tehdään/)).toBeVisible({ timeout: 30_000 });
  const masses = page.getByTestId('mass-decisions');
  // The list reloads once the core has planned the batch; a busy machine may take a while.
  await expect(masses.locator('tbody tr').first()).toContainText('Kotihoidon maksujen tarkistus', { timeout: 30_000 });
  await expect(masses.locator('tbody tr').first()).toContainText(/Valmis · 3 \/ 3 kirjettä/, { timeout: 60_000 });
  if (shots) await page.screenshot({ path: `${shots}/billing-mass-done.png` });

  // The invoice run for October 2026.
  await page.getByRole('tab', { name: 'Laskutusajot' }).click();
  // Luotsi's own month list (a browser's month picker showed "October 2026" in an English Chromium).
  await expect(page.getByLabel('Kuukausi').locator('option:checked')).toHaveText('lokakuu 2026');
  await page.getByLabel('Kuukausi').selectOption('2026-10');
  await page.getByRole('button', { name: 'Käynnistä laskutusajo' }).click();
  await expect(page.getByText(/Laskutusajo valmis: \d+ laskua/)).toBeVisible({ timeout: 60_000 });
  const invoices = page.getByTestId('invoices');
  await expect(invoices.locator('.ag-row').first()).toBeVisible();
  // The grid holds the whole run once its job has ended (not the invoices of the moment it was opened).
  const runCount = (await page.getByTestId('invoice-runs').locator('tbody tr').first().locator('td').nth(2).textContent())!.replace(/\s/g, '');
  await expect(invoices).toHaveAttribute('data-rows', runCount);
  await expect(page.getByText(new RegExp(`^${runCount} laskua, yhteensä`))).toBeVisible();
  // The run by service, area and channel with counts and sums, and the invoices to look at again.
  const review = page.getByTestId('run-breakdown');
  // Collapsed to one line with the counts of flagged invoices (the grid stays above the fold), opened on a click.
  await expect(review.getByTestId('run-breakdown-flags')).toHaveText(/^(tarkistettavia: \d+ päällekkäistä, \d+ suurta muutosta|ei tarkistettavia laskuja)$/);
  await expect(review.getByRole('table', { name: 'Palveluittain' })).toBeHidden();
  for (const size of [{ width: 1280, height: 720 }, { width: 1440, height: 900 }]) {
    await page.setViewportSize(size);
    await expect(invoices.locator('.ag-row').first()).toBeInViewport();
    if (shots) await page.screenshot({ path: `${shots}/billing-run-collapsed-fi-${size.width}.png` });
  }
  await review.locator('summary').click();
  await expect(review.getByRole('table', { name: 'Palveluittain' })).toContainText('Säännöllinen kotihoito');
  await expect(review.getByRole('table', { name: 'Alueittain' }).locator('tbody tr')).not.toHaveCount(0);
  await expect(review.getByRole('table', { name: 'Toimitustavoittain' })).toContainText('E-lasku');
  await expect(review.getByTestId('anomaly-overlap')).toContainText('Kotihoito ja ympärivuorokautinen asuminen samoina päivinä');
  const changes = review.getByTestId('anomaly-bigChange');
  await expect(changes).toContainText('Suuri muutos edelliseen kuukauteen');
  if (await changes.getByRole('button', { name: 'Näytä vain nämä' }).isVisible()) {
    const flagged = await changes.locator('li button').count();
    await changes.getByRole('button', { name: 'Näytä vain nämä' }).click();
    await expect(invoices).toHaveAttribute('data-rows', /\d+/);
    await expect(invoices.locator('.ag-row')).not.toHaveCount(0);
    expect(await invoices.locator('.ag-row').count()).toBeGreaterThanOrEqual(Math.min(flagged, 8));
    await changes.getByRole('button', { name: 'Näytä kaikki laskut' }).click();
  }
  if (shots) await page.screenshot({ path: `${shots}/billing-run-review.png`, fullPage: true });
  await invoices.locator('.ag-row[row-index="0"]').click();
  await expect(page.getByTestId('barcode')).toHaveText(/^4\d{53}$/);
  // A monthly fee reads as a month, not as days × a price.
  await expect(page.getByTestId('invoice-lines')).not.toContainText(/\d+ pv\s*\d[\d\s]*,\d\d €$/);
  if (shots) await page.screenshot({ path: `${shots}/billing-invoice-run.png` });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Lataa PDF' }).click();
  expect((await download).suggestedFilename()).toMatch(/^lasku-\d+\.pdf$/);

  // Approval asks first, in Luotsi's own dialog, with what is approved and what happens next; Peruuta changes nothing.
  await page.getByRole('button', { name: 'Hyväksy' }).click();
  const ask = page.getByTestId('confirm-dialog');
  await expect(ask).toContainText(/Hyväksytään \d+ laskua \(lokakuu 2026\), yhteensä [\d\s]+,\d\d\s€/);
  await expect(ask.getByRole('heading')).toHaveText('Hyväksy laskutusajo: lokakuu 2026');
  await expect(ask.getByRole('button', { name: 'Hyväksy' })).toBeFocused();
  if (shots) await page.screenshot({ path: `${shots}/billing-run-approve-fi.png` });
  await ask.getByRole('button', { name: 'Peruuta' }).click();
  await expect(ask).toHaveCount(0);
  // Focus is back on the button that asked; the same question in Swedish.
  await expect(page.getByRole('button', { name: 'Hyväksy' })).toBeFocused();
  await page.getByRole('button', { name: 'På svenska' }).click();
  await page.getByRole('button', { name: 'Godkänn' }).click();
  await expect(ask.getByRole('heading')).toHaveText('Godkänn faktureringskörningen: oktober 2026');
  await expect(ask).toContainText(/\d+ fakturor \(oktober 2026\), sammanlagt [\d\s]+,\d\d\s€, godkänns\./);
  if (shots) await page.screenshot({ path: `${shots}/billing-run-approve-sv.png` });
  await ask.getByRole('button', { name: 'Avbryt' }).click();
  await expect(ask).toHaveCount(0);
  await page.getByRole('button', { name: 'Suomeksi' }).click();
  await expect(page.getByTestId('invoice-runs').locator('tbody tr').first()).toContainText('Tarkastettavana');
  await page.getByRole('button', { name: 'Hyväksy' }).click();
  await ask.getByRole('button', { name: 'Hyväksy' }).click();
  await expect(page.getByTestId('invoice-runs').locator('tbody tr').first()).toContainText('Hyväksytty');

  // The material is a job: its progress shows by phase, and it can be stopped (made in full in invoice-jobs.test.ts).
  await page.getByRole('button', { name: 'Muodosta Finvoice ja PDF-laskut' }).click();
  await expect(page.getByTestId('run-progress')).toContainText(/PDF-laskut: \d+ \/ \d+/, { timeout: 60_000 });
  if (shots) await page.screenshot({ path: `${shots}/billing-material-progress.png` });
  // Away and back: the view follows the job still going.
  await page.getByRole('tab', { name: 'Maksupäätökset' }).click();
  await page.getByRole('tab', { name: 'Laskutusajot' }).click();
  await expect(page.getByTestId('run-progress')).toContainText(/PDF-laskut: \d+ \/ \d+/, { timeout: 60_000 });
  await page.getByTestId('run-progress').getByRole('button', { name: 'Keskeytä' }).click();
  await expect(page.getByText('Työ keskeytettiin.')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('run-progress')).toHaveCount(0);
  // Made again to its end: the PDFs still missing are rendered in the host's worker thread (letters/render.ts),
  // off the thread that answers the window.
  test.setTimeout(test.info().timeout + 600_000);
  await page.getByTestId('invoice-runs').locator('tbody tr').first().getByRole('button', { name: 'Avaa' }).click();
  await page.getByRole('button', { name: 'Muodosta Finvoice ja PDF-laskut' }).click();
  const jobsDb = new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });
  const material = () => jobsDb.prepare("SELECT status, result FROM jobs WHERE kind = 'invoices.material' ORDER BY created_at DESC, id DESC LIMIT 1").get() as { status: string; result: string | null };
  await expect.poll(() => material().status, { timeout: 600_000, intervals: [1000] }).toBe('completed');
  expect(JSON.parse(material().result!)).toMatchObject({ renderedIn: 'worker', pdfs: expect.any(Number) });
  jobsDb.close();
  await expect(page.getByTestId('run-progress')).toHaveCount(0, { timeout: 30_000 });

  // Caregiver payments for November.
  await page.getByRole('tab', { name: 'Omaishoito' }).click();
  await expect(page.getByTestId('agreements').locator('.ag-row').first()).toBeVisible();
  // Days off in a dialog with Luotsi's date fields: a bad order is said at the field, three days are recorded.
  const firstAgreement = page.getByTestId('agreements').locator('.ag-row[row-index="0"]');
  const carer = (await firstAgreement.locator('[col-id="carerName"]').textContent())!.trim();
  await firstAgreement.getByRole('button', { name: 'Kirjaa vapaapäivä' }).click();
  const offDialog = page.getByTestId('days-off-dialog');
  await expect(offDialog.getByRole('heading')).toHaveText(`Vapaapäivät: ${carer}`);
  await expect(offDialog).toContainText('omaishoitolaki 4 § 1 mom');
  await offDialog.getByTestId('days-off-from').fill('9.12.2026');
  await offDialog.getByTestId('days-off-to').fill('7.12.2026');
  await expect(offDialog).toContainText('Viimeinen päivä on ennen ensimmäistä.');
  await expect(offDialog.getByRole('button', { name: /^Tallenna/ })).toBeDisabled();
  await offDialog.getByTestId('days-off-to').fill('11.12.2026');
  await expect(offDialog.getByTestId('days-off-summary')).toHaveText('Kirjataan 3 vapaapäivää: 9.12.2026–11.12.2026.');
  if (shots) await page.screenshot({ path: `${shots}/billing-days-off.png` });
  await offDialog.getByRole('button', { name: /^Tallenna (3 vapaapäivää|silti)$/ }).click();
  if (await offDialog.getByTestId('days-off-over').isVisible()) await offDialog.getByRole('button', { name: 'Tallenna silti' }).click();
  await expect(page.getByText(`3 vapaapäivää kirjattu: ${carer}.`)).toBeVisible();
  await expect(offDialog).toHaveCount(0);

  await page.getByLabel('Kuukausi').selectOption('2026-12');
  await page.getByRole('button', { name: 'Laske hoitopalkkiot' }).click();
  const payments = page.getByTestId('care-payments');
  await expect(payments.locator('tbody tr').first()).toBeVisible({ timeout: 60_000 });
  // The carer by a masked henkilötunnus that keeps the check character; the month's days off beside the payment.
  await expect(payments.locator('tbody tr').first().locator('td').nth(1)).toHaveText(/^\d{6}[-+A-FU-Y]\*{3}[0-9A-Y]$/);
  await expect(payments.locator('tr', { hasText: carer }).getByTestId('payment-days-off')).toContainText(/^3 /);
  if (shots) await page.screenshot({ path: `${shots}/billing-carers.png` });
  // Approving the month's payments asks first; Peruuta changes nothing and focus returns to the button.
  const careRun = page.getByTestId('care-runs').locator('tbody tr', { hasText: 'joulukuu 2026' });
  await careRun.getByRole('button', { name: 'Hyväksy' }).click();
  await expect(ask.getByRole('heading')).toHaveText('Hyväksy hoitopalkkiot: joulukuu 2026');
  await expect(ask).toContainText(/\d+ hoitopalkkiota, yhteensä [\d\s]+,\d\d\s€\. Hyväksytyt palkkiot siirtyvät palkanlaskentaan/);
  await expect(ask.getByRole('button', { name: 'Hyväksy' })).toBeFocused();
  if (shots) await page.screenshot({ path: `${shots}/billing-care-approve-fi.png` });
  await ask.getByRole('button', { name: 'Peruuta' }).click();
  await expect(ask).toHaveCount(0);
  await expect(careRun.getByRole('button', { name: 'Hyväksy' })).toBeFocused();
  await expect(careRun).toContainText('Tarkastettavana');

  const db = new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });
  const run = db.prepare("SELECT status, invoice_count FROM invoice_runs WHERE month = '2026-10'").get() as { status: string; invoice_count: number };
  expect(run.status).toBe('approved');
  expect(run.invoice_count).toBeGreaterThan(10);
  expect(db.prepare("SELECT COUNT(*) FROM invoices WHERE status = 'approved'").pluck().get()).toBe(run.invoice_count);
  db.close();
});

test("a client's fee tab: billing adds an income and the fee draft follows; fee parameters are readable in the settings", async ({ page }) => {
  test.setTimeout(90_000);
  const d = new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });
  const c = d
    .prepare(
      `SELECT c.last_name, c.first_names, c.hetu FROM fee_decisions f JOIN decisions dd ON dd.id = f.decision_id JOIN clients c ON c.id = f.client_id
       WHERE dd.status IN ('signed','sent') AND f.fee_type = 'long_term' AND c.address_protected = 0 AND c.einvoice_address IS NULL
         AND NOT EXISTS (SELECT 1 FROM fee_decisions f2 JOIN decisions d2 ON d2.id = f2.decision_id WHERE f2.client_id = c.id AND d2.status = 'draft')
       LIMIT 1`,
    )
    .get() as { last_name: string; first_names: string; hetu: string };
  d.close();
  await signIn(page, 'laskutus');
  await page.getByRole('button', { name: 'Asiakkaat' }).click();
  await page.getByLabel('Hae nimellä tai henkilötunnuksella').fill(c.hetu);
  await page.getByRole('button', { name: `${c.last_name} ${c.first_names}` }).click();
  await page.getByRole('tab', { name: 'Maksut' }).click();
  const tab = page.getByTestId('client-fees');
  await expect(tab.getByRole('table', { name: 'Tulot' }).locator('tbody tr').first()).toBeVisible();
  await expect(tab.getByTestId('client-fee-decisions')).not.toContainText('Luonnos');

  await tab.getByTestId('add-income').click();
  const form = tab.getByTestId('income-form');
  await form.getByLabel('Laji').selectOption({ label: 'Pääomatulo' });
  await form.getByLabel('Brutto € / kk').fill('120,00');
  await form.getByLabel('Netto € / kk').fill('150');
  await form.getByRole('button', { name: 'Tallenna' }).click();
  await expect(tab.getByRole('alert')).toContainText('nettotulo ei voi olla suurempi kuin bruttotulo');
  await form.getByLabel('Netto € / kk').fill('84,00');
  await form.getByRole('button', { name: 'Tallenna' }).click();
  await expect(tab.getByRole('table', { name: 'Tulot' })).toContainText('Pääomatulo');
  const draft = tab.getByTestId('client-fee-decisions').locator('tr', { hasText: 'Luonnos' });
  await expect(draft).toContainText('Tulot muuttuivat');
  await draft.locator('summary').click();
  if (shots) await page.screenshot({ path: `${shots}/client-fees.png` });

  // The fee ceiling: a future date is refused; a free card shown by the client is recorded.
  await expect(tab.getByRole('heading', { name: 'Maksukatto 2026' })).toBeVisible();
  const ceiling = tab.getByTestId('fee-ceiling');
  await expect(ceiling).toContainText('jäljellä');
  await ceiling.getByRole('button', { name: 'Kirjaa maksukaton täyttyminen' }).click();
  const cform = ceiling.getByTestId('ceiling-form');
  await cform.getByLabel('Täyttymispäivä').fill('2026-12-24');
  await cform.getByRole('button', { name: 'Tallenna' }).click();
  await expect(tab.getByRole('alert')).toContainText('tulevaisuudessa');
  await cform.getByLabel('Täyttymispäivä').fill('2026-10-15');
  await cform.getByLabel('Lisätieto').fill('Vapaakortti, terveysasema');
  await cform.getByRole('button', { name: 'Tallenna' }).click();
  await expect(ceiling).toContainText('täyttynyt 15.10.2026 (vapaakortti)');
  await expect(ceiling.getByRole('table', { name: 'Maksukaton täyttymismerkinnät' })).toContainText('Vapaakortti, terveysasema');

  // E-invoice routing: a bad intermediator is refused in Finnish, a bank's BIC is accepted.
  const channel = tab.getByTestId('invoice-channel');
  await expect(channel).toContainText('Paperilasku');
  await channel.getByRole('button', { name: 'Ota e-lasku käyttöön' }).click();
  const eform = channel.getByTestId('einvoice-form');
  await eform.getByLabel('E-laskuosoite').fill('FI4912345600007890');
  await eform.getByLabel('Välittäjätunnus (pankin BIC)').fill('pankki');
  await eform.getByRole('button', { name: 'Tallenna' }).click();
  await expect(tab.getByRole('alert')).toContainText('BIC-koodi');
  await eform.getByLabel('Välittäjätunnus (pankin BIC)').fill('NDEAFIHH');
  await eform.getByRole('button', { name: 'Tallenna' }).click();
  await expect(channel).toContainText('E-lasku: osoite FI4912345600007890, välittäjä NDEAFIHH');
  await ceiling.scrollIntoViewIfNeeded();
  if (shots) await page.screenshot({ path: `${shots}/client-ceiling-einvoice.png` });

  await page.getByRole('button', { name: /Asetukset/ }).click();
  const settings = page.getByTestId('fee-settings');
  await expect(settings.getByText('Vain pääkäyttäjä voi muuttaa')).toBeVisible();
  await settings.getByRole('button', { name: 'Muokkaa' }).last().click();
  await expect(settings.getByRole('table', { name: /Maksuprosentit/ }).locator('tbody tr')).not.toHaveCount(0);
  await expect(settings.getByRole('button', { name: 'Tallenna parametrisarja' })).toHaveCount(0);
  await settings.getByTestId('parameter-editor').scrollIntoViewIfNeeded();
  if (shots) await page.screenshot({ path: `${shots}/fee-settings.png` });
});

test('på svenska: the invoice run review, a monthly fee as a month and the days-off dialog, at 1280 and 1440 px', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await signIn(page, 'laskutus');
  await expect(page.getByRole('heading', { name: 'Laskutus' })).toBeVisible();
  await page.getByRole('button', { name: 'På svenska' }).click();
  await expect(page.getByRole('heading', { name: 'Fakturering' })).toBeVisible();
  // The fee drafts old against new, in Swedish.
  const drafts = page.getByTestId('fee-drafts');
  await expect(drafts.locator('.ag-header-cell-text', { hasText: 'Vad ändrades' })).toBeVisible();
  await drafts.locator('.ag-row[row-index="0"] [col-id="clientName"]').click();
  await expect(page.getByTestId('fee-draft-detail').getByRole('heading', { name: 'Vad ändrades' })).toBeVisible();
  await expect(page.getByTestId('fee-draft-detail').getByRole('table', { name: 'Beräkning: gammal och ny' })).toContainText('Månadsavgift');
  if (shots) await page.screenshot({ path: `${shots}/billing-fee-draft-sv-1280.png` });
  await page.getByRole('tab', { name: 'Faktureringskörningar' }).click();
  await expect(page.getByLabel('Månad').locator('option:checked')).toHaveText('oktober 2026');
  const runs = page.getByTestId('invoice-runs');
  await runs.locator('tbody tr', { hasText: /2026-10|oktober 2026/ }).first().getByRole('button', { name: 'Öppna' }).click();
  const review = page.getByTestId('run-breakdown');
  await expect(review.getByTestId('run-breakdown-flags')).toHaveText(/^(att kontrollera: \d+ överlappande, \d+ stora ändringar|inga fakturor att kontrollera)$/);
  await expect(review.getByRole('table', { name: 'Per tjänst' })).toBeHidden();
  await expect(page.getByTestId('invoices').locator('.ag-row').first()).toBeInViewport();
  if (shots) await page.screenshot({ path: `${shots}/billing-run-collapsed-sv-${page.viewportSize()!.width}.png` });
  await review.locator('summary').click();
  await expect(review.getByRole('table', { name: 'Per tjänst' })).toContainText('Regelbunden hemvård');
  await expect(review.getByRole('table', { name: 'Per leveranssätt' })).toContainText('E-faktura');
  await expect(review.getByTestId('anomaly-bigChange')).toContainText('Stor ändring jämfört med föregående månad');
  const invoices = page.getByTestId('invoices');
  await invoices.locator('.ag-row', { hasText: /\d/ }).first().click();
  const lines = page.getByTestId('invoice-lines');
  await expect(lines.getByRole('columnheader', { name: 'À-pris' })).toBeVisible();
  const home = lines.locator('tr', { hasText: 'Regelbunden hemvård 10/2026, månadsavgift' });
  if (await home.count()) await expect(home.first()).toContainText(/€\/mån/);
  if (shots) await page.screenshot({ path: `${shots}/billing-run-sv-1280.png` });
  await page.setViewportSize({ width: 1440, height: 900 });
  if (shots) await page.screenshot({ path: `${shots}/billing-run-sv-1440.png` });

  await page.getByRole('tab', { name: 'Närståendevård' }).click();
  // The question before the month's care-fee payments are approved, in Swedish.
  const careRun = page.getByTestId('care-runs').locator('tbody tr', { hasText: 'december 2026' });
  await careRun.getByRole('button', { name: 'Godkänn' }).click();
  const ask = page.getByTestId('confirm-dialog');
  await expect(ask.getByRole('heading')).toHaveText('Godkänn vårdarvoden: december 2026');
  await expect(ask).toContainText(/\d+ vårdarvoden, sammanlagt [\d\s]+,\d\d\s€\. Godkända arvoden går till löneräkningen/);
  if (shots) await page.screenshot({ path: `${shots}/billing-care-approve-sv-1440.png` });
  await ask.getByRole('button', { name: 'Avbryt' }).click();
  await expect(ask).toHaveCount(0);
  await expect(careRun.getByRole('button', { name: 'Godkänn' })).toBeFocused();
  const row = page.getByTestId('agreements').locator('.ag-row[row-index="1"]');
  await row.getByRole('button', { name: 'Registrera ledig dag' }).click();
  const dialog = page.getByTestId('days-off-dialog');
  await expect(dialog).toContainText('lagen om stöd för närståendevård 4 § 1 mom.');
  await dialog.getByTestId('days-off-from').fill('2.12.2026');
  await dialog.getByTestId('days-off-to').fill('1.12.2026');
  await expect(dialog).toContainText('Den sista dagen är före den första.');
  await dialog.getByTestId('days-off-to').fill('2.12.2026');
  await expect(dialog.getByTestId('days-off-summary')).toHaveText('1 ledig dag registreras: 2.12.2026.');
  if (shots) await page.screenshot({ path: `${shots}/billing-days-off-sv-1440.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
  if (shots) await page.screenshot({ path: `${shots}/billing-days-off-sv-1280.png` });
  await dialog.getByRole('button', { name: 'Avbryt' }).click();
  await expect(dialog).toHaveCount(0);
  // At 1280x720 with an agreement open, the payment runs keep their height and their approval stays reachable
  // (the runs' table was squeezed to nothing under the agreement's panel).
  await row.click();
  const careRuns = page.getByTestId('care-runs');
  expect((await careRuns.locator('xpath=..').boundingBox())!.height).toBeGreaterThan(40);
  await careRun.getByRole('button', { name: 'Godkänn' }).scrollIntoViewIfNeeded();
  await expect(careRun.getByRole('button', { name: 'Godkänn' })).toBeInViewport();
  if (shots) await page.screenshot({ path: `${shots}/billing-care-runs-sv-1280.png` });
  await page.getByRole('button', { name: 'Suomeksi' }).click();
});
