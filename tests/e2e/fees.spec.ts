// Fees to the letter of the law in the browser (issue 18): a client's fee tab with income counted per fee
// (10 b §, 10 f §), the closed list of deductions refused in words (10 c §), an interruption by 10 k § and the
// spouse rule (7 c § 2 mom); the figures' sources in the settings; a care agreement's terms and interruptions
// (omaishoitolaki 9 § 2 mom); the queue saying which assessment-deadline rule it counts by.
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { signIn } from './support';

const shots = process.env.LUOTSI_SCREENSHOTS;

test('a long-term client: income counted per fee, a deduction outside its period refused, an institutional stay recorded', async ({ page }) => {
  test.setTimeout(90_000);
  const d = new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });
  const c = d
    .prepare(
      `SELECT c.last_name, c.first_names, c.hetu FROM fee_decisions f JOIN decisions dd ON dd.id = f.decision_id JOIN clients c ON c.id = f.client_id
       WHERE dd.status IN ('signed','sent') AND f.fee_type = 'long_term' AND c.address_protected = 0 AND c.spouse_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM incomes i WHERE i.client_id = c.id AND i.kind = 'care_allowance' AND i.deleted = 0)
       ORDER BY c.id LIMIT 1`,
    )
    .get() as { last_name: string; first_names: string; hetu: string } | undefined;
  d.close();
  test.skip(!c, 'no long-term client with a spouse in the demo data');
  await signIn(page, 'laskutus');
  await page.getByRole('button', { name: 'Asiakkaat' }).click();
  await page.getByLabel('Hae nimellä tai henkilötunnuksella').fill(c!.hetu);
  await page.getByRole('button', { name: `${c!.last_name} ${c!.first_names}` }).click();
  await page.getByRole('tab', { name: 'Maksut' }).click();
  const tab = page.getByTestId('client-fees');

  // Care allowance counts for both fees; the columns say so per fee (10 b § 2 mom, 10 f § 3 mom).
  const incomes = tab.getByRole('table', { name: 'Tulot' });
  await expect(incomes.locator('thead')).toContainText('Kotihoito');
  await expect(incomes.locator('thead')).toContainText('Pitkäaikainen');
  await expect(incomes.locator('tbody tr', { hasText: 'Eläkettä saavan hoitotuki' }).first()).toBeVisible();
  await expect(tab.getByTestId('spouse-facts')).toContainText('Puolisosääntö (7 c § 2 mom)');

  // The former home's costs are deducted for six months at most (10 c § 3 mom 1 kohta): a longer period is refused.
  await tab.getByRole('button', { name: 'Lisää vähennys' }).click();
  const dform = tab.getByTestId('deduction-form');
  await dform.getByLabel('Laji').selectOption({ label: 'Entisen omistusasunnon menot (10 c § 3 mom 1 kohta)' });
  await dform.getByLabel('€ / kk').fill('250');
  // Dates are typed and shown as d.m.yyyy whatever the browser's locale (Luotsi's own date field).
  await dform.getByLabel('Alkaen').fill('1.11.2026');
  await dform.getByLabel('Päättyen').fill('31.12.2027');
  await dform.getByLabel('€ / kk').focus();
  await expect(dform.getByLabel('Alkaen')).toHaveValue('1.11.2026');
  const before = await tab.getByRole('table', { name: 'Vähennykset' }).locator('tbody tr').count();
  await dform.getByRole('button', { name: 'Tallenna' }).click();
  await expect(tab.getByRole('alert')).toContainText('vähennetään enintään 6 kuukauden ajalta (10 c § 3 mom 1 kohta); anna voimassaolon loppu viimeistään 30.4.2027');
  await expect(tab.getByRole('table', { name: 'Vähennykset' }).locator('tbody tr')).toHaveCount(before);
  await dform.getByLabel('Päättyen').fill('30.4.2027');
  await dform.getByRole('button', { name: 'Tallenna' }).click();
  await expect(tab.getByRole('table', { name: 'Vähennykset' })).toContainText('Entisen omistusasunnon menot');

  // A hospital stay is institutional care: free from its first day (10 k §).
  await expect(tab.getByText(/Asiakasmaksulaki 10 k §: asiakkaasta johtuvan keskeytyksen viisi ensimmäistä päivää/)).toBeVisible();
  await tab.getByRole('button', { name: 'Kirjaa keskeytys' }).click();
  const aform = tab.getByTestId('absence-form');
  await aform.getByLabel('Syy').selectOption({ label: 'Laitoshoito (esim. sairaala)' });
  await aform.getByLabel('Alkaen').fill('10.11.2026');
  await aform.getByLabel('Päättyen').fill('16.11.2026');
  await aform.getByLabel('Lisätieto').fill('Jorvin sairaala');
  await aform.getByRole('button', { name: 'Tallenna' }).click();
  await expect(tab.getByRole('table', { name: 'Poissaolot ja palvelun keskeytykset' })).toContainText('Jorvin sairaala');
  // The 2026 maintenance fee after the ceiling is a computed figure not yet confirmed from its source: it says so.
  await expect(tab.getByText(/ylläpitomaksu 26,80\s€ \(vahvistamaton\) \/ vrk/)).toBeVisible();
  await tab.getByRole('table', { name: 'Vähennykset' }).scrollIntoViewIfNeeded();
  if (shots) await page.screenshot({ path: `${shots}/client-fees-law.png`, fullPage: true });
});

test('the figures in force name their sources; a care agreement keeps the law’s month and records interruptions', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'laskutus');
  await page.getByRole('button', { name: /Asetukset/ }).click();
  const settings = page.getByTestId('fee-settings');
  await settings.getByRole('button', { name: 'Muokkaa' }).last().click();
  const figures = settings.getByRole('table', { name: 'Lukujen lähteet' });
  await expect(figures).toContainText('Käyttövara');
  await expect(figures).toContainText('vahvistamaton');
  // An unconfirmed figure says so beside its own field too (the field's description); a confirmed one does not.
  const editor = settings.getByTestId('parameter-editor');
  await expect(editor.getByLabel('Käyttövara, pitkäaikainen laitoshoito (€)', { exact: true })).toHaveAccessibleDescription('Vahvistamaton luku – laskelma lähteissä alla');
  await expect(editor.getByLabel('Ylläpitomaksu maksukaton jälkeen (€ / vrk)', { exact: true })).toHaveAccessibleDescription(/Vahvistamaton luku/);
  await expect(editor.getByLabel('Lisähenkilö (€)', { exact: true })).toHaveAccessibleDescription(/Vahvistamaton luku/);
  await expect(editor.getByLabel('Henkilökohtainen käyttövara (€)', { exact: true })).not.toHaveAccessibleDescription(/Vahvistamaton/);
  await editor.getByLabel('Käyttövara, pitkäaikainen laitoshoito (€)', { exact: true }).scrollIntoViewIfNeeded();
  if (shots) await page.screenshot({ path: `${shots}/fee-settings-unconfirmed-fi.png` });
  await figures.scrollIntoViewIfNeeded();
  if (shots) await page.screenshot({ path: `${shots}/fee-figure-sources.png` });
  // The set's validity in d.m.yyyy (not the browser's own date picker).
  await expect(settings.getByTestId('parameter-editor').getByLabel('Alkaen')).toHaveValue('1.1.2026');
  await settings.getByTestId('parameter-editor').getByLabel('Alkaen').scrollIntoViewIfNeeded();
  if (shots) await page.screenshot({ path: `${shots}/fee-settings-editor-fi.png` });

  await page.getByRole('button', { name: /Laskutus/ }).first().click();
  // Recalculating all fees is asked in Luotsi's own dialog, worded in the user's language; cancelling changes nothing.
  const recalcFrom = page.getByLabel('Laske kaikki maksut uudelleen alkaen');
  await expect(recalcFrom).toHaveValue('1.1.2027');
  await page.getByRole('button', { name: 'Laske uudelleen' }).click();
  const ask = page.getByTestId('confirm-dialog');
  await expect(ask.getByRole('heading')).toHaveText('Lasketaanko maksut uudelleen?');
  await expect(ask).toContainText('Lasketaanko kaikkien asiakkaiden maksut uudelleen 1.1.2027 alkaen?');
  if (shots) await page.screenshot({ path: `${shots}/fee-drafts-recalc-fi.png` });
  await ask.getByRole('button', { name: 'Peruuta' }).click();
  await expect(ask).toHaveCount(0);
  await page.getByRole('tab', { name: 'Omaishoito' }).click();
  await page.getByTestId('agreements').locator('.ag-row').first().click();
  const panel = page.getByTestId('care-agreement');
  await expect(panel.getByRole('heading', { name: 'Sopimuksen ehdot keskeytyksessä' })).toBeVisible();
  // A term worse for the carer than the law's one month is void (omaishoitolaki 9 § 2–3 mom): refused in words.
  await panel.getByLabel(/Terveydellinen syy/).fill('0');
  await panel.getByRole('button', { name: 'Tallenna ehdot' }).click();
  await expect(page.getByRole('alert').first()).toContainText('vähintään kuukauden ajan (omaishoitolaki 9 § 2–3 mom)');
  await panel.getByLabel(/Terveydellinen syy/).fill('1');
  await panel.getByLabel('Syy', { exact: true }).selectOption('other');
  await panel.getByLabel('Alkaen').fill('2026-12-07');
  await panel.getByLabel('Päättyen').fill('2026-12-13');
  await panel.getByLabel('Lisätieto').fill('Hoitajan leikkaus');
  await panel.getByRole('button', { name: 'Kirjaa keskeytys' }).click();
  await expect(panel.getByTestId('care-interruptions')).toContainText('Hoitajan leikkaus');
  await panel.scrollIntoViewIfNeeded();
  if (shots) await page.screenshot({ path: `${shots}/care-agreement-terms.png` });
});

test('the queue says which rule the assessment deadline counts by', async ({ page }) => {
  await signIn(page, 'ohjaaja');
  await expect(page.getByText(/Arvioinnin määräaika: 7\. arkipäivä yhteydenotosta \(sosiaalihuoltolaki 36 §\); jouluaatto ja juhannusaatto lasketaan arkipäiviksi/)).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/queue-deadline-rule.png` });
});

test('the fee tab in Swedish: income counted per fee, the spouse rule and the 10 k § rule worded in Swedish', async ({ page }) => {
  test.setTimeout(90_000);
  const d = new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });
  const c = d
    .prepare(
      `SELECT c.last_name, c.first_names, c.hetu FROM fee_decisions f JOIN clients c ON c.id = f.client_id
       WHERE f.fee_type = 'long_term' AND c.address_protected = 0 AND c.spouse_id IS NOT NULL ORDER BY c.id LIMIT 1`,
    )
    .get() as { last_name: string; first_names: string; hetu: string } | undefined;
  d.close();
  test.skip(!c, 'no long-term client with a spouse in the demo data');
  await signIn(page, 'laskutus');
  await expect(page.getByRole('button', { name: 'Asiakkaat' })).toBeVisible();
  await page.getByRole('button', { name: 'På svenska' }).click();
  await page.getByRole('button', { name: 'Klienter' }).click();
  await page.getByLabel('Sök med namn eller personbeteckning').fill(c!.hetu);
  await page.getByRole('button', { name: `${c!.last_name} ${c!.first_names}` }).click();
  await page.getByRole('tab', { name: 'Avgifter' }).click();
  const tab = page.getByTestId('client-fees');
  const incomes = tab.getByRole('table', { name: 'Inkomster' });
  await expect(incomes.locator('thead')).toContainText('Hemvård');
  await expect(incomes.locator('thead')).toContainText('Långvarig');
  await expect(tab.getByTestId('spouse-facts')).toContainText('Makeregeln (7 c § 2 mom.)');
  await expect(tab.getByText(/Klientavgiftslagen 10 k §: de fem första dagarna av ett avbrott som beror på klienten debiteras/)).toBeVisible();
  await tab.getByRole('button', { name: 'Registrera avbrott' }).click();
  await expect(tab.getByTestId('absence-form').getByLabel('Orsak')).toContainText('Anstaltsvård (t.ex. sjukhus)');
  if (shots) await page.screenshot({ path: `${shots}/client-fees-sv.png`, fullPage: true });
  // The fee settings and the drafts in Swedish: dates d.m.yyyy, the confirmation worded in Swedish.
  await page.getByRole('button', { name: /Inställningar/ }).click();
  const settings = page.getByTestId('fee-settings');
  await settings.getByRole('button', { name: 'Redigera' }).last().click();
  await expect(settings.getByTestId('parameter-editor').getByLabel('Från')).toHaveValue('1.1.2026');
  await expect(settings.getByRole('table', { name: 'Källor för beloppen' })).toContainText('obekräftat');
  const svEditor = settings.getByTestId('parameter-editor');
  await expect(svEditor.getByLabel('Personligt belopp, långvarig anstaltsvård (€)', { exact: true })).toHaveAccessibleDescription('Obekräftat belopp – uträkningen i källorna nedan');
  await svEditor.getByLabel('Personligt belopp, långvarig anstaltsvård (€)', { exact: true }).scrollIntoViewIfNeeded();
  if (shots) await page.screenshot({ path: `${shots}/fee-settings-unconfirmed-sv.png` });
  await settings.getByTestId('parameter-editor').getByLabel('Från').scrollIntoViewIfNeeded();
  if (shots) await page.screenshot({ path: `${shots}/fee-settings-editor-sv.png` });
  await page.getByRole('button', { name: /Fakturering/ }).first().click();
  await expect(page.getByLabel('Beräkna alla avgifter på nytt från')).toHaveValue('1.1.2027');
  await page.getByRole('button', { name: 'Beräkna på nytt' }).click();
  await expect(page.getByTestId('confirm-dialog').getByRole('heading')).toHaveText('Räknas avgifterna om?');
  if (shots) await page.screenshot({ path: `${shots}/fee-drafts-recalc-sv.png` });
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Avbryt' }).click();
  await page.getByRole('button', { name: 'Suomeksi' }).click();
});
