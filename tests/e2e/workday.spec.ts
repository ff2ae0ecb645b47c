// Issue 19's safety nets and empty states in Swedish (the Finnish flows are in guidance, queue, letters and
// suomifi specs): a bulk assignment confirmed with the new load and undone (also in Finnish), a draft deleted only
// after its confirmation, the henkilötunnus check at the field, the signing confirmation, the hand-delivery path,
// a draft letter's preview marked as a draft, and empty lists that say what to do.
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support';
import { formatHetu } from '../../shared/domain/hetu';

const shots = process.env.LUOTSI_SCREENSHOTS;
const db = () => new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });

/** The UI in Swedish; true when it was switched (some users, e.g. the social worker, work in Swedish already). */
async function swedish(page: Page): Promise<boolean> {
  // Signed in first: signing in sets the user's own language (the sign-in page has its own switch).
  await expect(page.getByRole('button', { name: /^(Kirjaudu ulos|Logga ut)$/ })).toBeVisible({ timeout: 30_000 });
  if (await page.getByRole('button', { name: 'Suomeksi' }).isVisible()) return false;
  await page.getByRole('button', { name: 'På svenska' }).click();
  await expect(page.getByRole('button', { name: 'Suomeksi' })).toBeVisible();
  return true;
}
/** Back to Finnish when switched: the language is the user's setting, and the other specs expect it unchanged. */
async function finnish(page: Page, switched: boolean) {
  if (!switched) return;
  await page.getByRole('button', { name: 'Suomeksi' }).click();
  await expect(page.getByRole('button', { name: 'På svenska' })).toBeVisible();
}

test('bulk assignment: confirmed with the new load and undone, in Finnish and in Swedish; an empty view says what to do', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'paallikko');
  await expect(page.locator('.ag-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Ladataan jonoa')).toHaveCount(0, { timeout: 60_000 });

  // The manager has no items of her own: the empty view tells where work is taken from.
  await page.getByRole('button', { name: 'Omat', exact: true }).click();
  await expect(page.getByTestId('grid-empty')).toHaveText(/Sinulle ei ole kohdistettu avoimia asioita\. Ota asioita työn alle Kohdistamattomat-näkymästä/);

  const assignTwo = async (chip: string, button: RegExp) => {
    await page.getByRole('button', { name: chip, exact: true }).click();
    await expect(page.locator('.ag-row').first()).toBeVisible();
    for (let i = 0; i < 2; i++) await page.locator(`.ag-row[row-index="${i}"] .ag-selection-checkbox input`).click();
    // A row is drawn in the pinned and in the scrolling part: its id once.
    const selectedIds = async () => [...new Set(await page.locator('.ag-row.ag-row-selected').evaluateAll((rows) => rows.map((r) => r.getAttribute('row-id')!)))];
    await expect.poll(selectedIds).toHaveLength(2);
    const ids = await selectedIds();
    const select = page.locator('.assign select');
    await select.selectOption((await select.locator('option', { hasText: 'Laura Mäkelä' }).getAttribute('value'))!);
    await page.locator('.assign').getByRole('button', { name: button }).click();
    return ids;
  };
  const stateOf = (ids: string[]) => {
    const d = db();
    const rows = d.prepare(`SELECT status, assigned_worker_id FROM intake_items WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { status: string; assigned_worker_id: string | null }[];
    d.close();
    return rows;
  };

  // Finnish: confirmed, then undone from the toolbar.
  const fiIds = await assignTwo('Kohdistamattomat', /^Siirrä$/);
  const ask = page.getByTestId('confirm-dialog');
  await expect(ask).toContainText('Siirretäänkö 2 asiaa: Laura Mäkelä?');
  const load = Number(await ask.getByTestId('new-load').innerText());
  await ask.getByRole('button', { name: 'Siirrä 2 asiaa' }).click();
  await expect(page.getByTestId('toast')).toContainText(`2 asiaa siirretty: Laura Mäkelä (nyt ${load} avointa)`);
  expect(stateOf(fiIds).every((r) => r.status === 'assigned' && r.assigned_worker_id !== null)).toBe(true);
  await page.getByTestId('undo-assign').click();
  await expect(page.getByTestId('toast')).toContainText('Siirto kumottu: 2 asiaa palautettu ennalleen.');
  expect(stateOf(fiIds)).toEqual([
    { status: 'new', assigned_worker_id: null },
    { status: 'new', assigned_worker_id: null },
  ]);

  // Swedish: cancelling changes nothing; confirmed, then undone from the notice.
  const switched = await swedish(page);
  try {
    await page.getByRole('button', { name: 'Egna', exact: true }).click();
    await expect(page.getByTestId('grid-empty')).toHaveText(/Inga öppna ärenden är tilldelade dig\. Ta ärenden i vyn Ofördelade/);
    const svIds = await assignTwo('Ofördelade', /^Överför$/);
    await expect(ask).toContainText('Överföra 2 ärenden: Laura Mäkelä?');
    await ask.getByRole('button', { name: 'Avbryt' }).click();
    await expect(ask).toHaveCount(0);
    expect(stateOf(svIds).every((r) => r.assigned_worker_id === null)).toBe(true);
    await page.locator('.assign').getByRole('button', { name: /^Överför$/ }).click();
    const svLoad = Number(await ask.getByTestId('new-load').innerText());
    if (shots) await page.screenshot({ path: `${shots}/assign-confirm-sv.png` });
    await ask.getByRole('button', { name: 'Överför 2 ärenden' }).click();
    const toast = page.getByTestId('toast');
    await expect(toast).toContainText(`2 ärenden överförda: Laura Mäkelä (nu ${svLoad} öppna).`);
    expect(stateOf(svIds).every((r) => r.status === 'assigned')).toBe(true);
    await toast.getByRole('button', { name: 'Ångra' }).click();
    await expect(page.getByTestId('toast')).toContainText('Överföringen ångrad: 2 ärenden återställda.');
    expect(stateOf(svIds)).toEqual([
      { status: 'new', assigned_worker_id: null },
      { status: 'new', assigned_worker_id: null },
    ]);

    // Deleting a saved view asks first; cancelling keeps it.
    await page.getByRole('button', { name: 'Spara vy…' }).click();
    await page.getByLabel('Vyns namn').fill('Mina brådskande');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Mina brådskande' })).toBeVisible();
    await page.getByRole('button', { name: 'Radera vyn' }).click();
    await expect(ask).toContainText('Ta bort vyn "Mina brådskande"?');
    await ask.getByRole('button', { name: 'Avbryt' }).click();
    await expect(page.getByRole('button', { name: 'Mina brådskande' })).toBeVisible();
    await page.getByRole('button', { name: 'Radera vyn' }).click();
    await ask.getByRole('button', { name: 'Radera vyn' }).click();
    await expect(page.getByTestId('toast')).toContainText('Vyn "Mina brådskande" har tagits bort.');
    await expect(page.getByRole('button', { name: 'Mina brådskande' })).toHaveCount(0);
  } finally {
    await finnish(page, switched);
  }
});

test('Swedish: a draft letter preview is marked as a draft and its pages are reachable by keyboard; deleting a draft asks first', async ({ page }) => {
  test.setTimeout(120_000);
  const d = db();
  const draft = d
    .prepare(
      `SELECT d.id, c.last_name || ' ' || c.first_names AS name FROM decisions d JOIN clients c ON c.id = d.client_id JOIN users u ON u.id = d.drafted_by
       WHERE u.username = 'sosiaalityontekija' AND d.status = 'draft' AND d.kind <> 'fee' ORDER BY d.created_at LIMIT 1`,
    )
    .get() as { id: string; name: string };
  d.close();
  expect(draft).toBeTruthy();
  await signIn(page, 'sosiaalityontekija');
  const switched = await swedish(page);
  try {
    await page.getByRole('button', { name: 'Beslut' }).click();
    await page.getByRole('button', { name: 'Utkast', exact: true }).click();
    await page.locator('.ag-row', { hasText: draft.name }).first().locator('[col-id="number"] button').click();
    await expect(page.locator('.decision-view h1')).toContainText('Utkast');

    // The preview: "UTKAST", never "signed"; Tab reaches the scrolling pages.
    await page.getByRole('button', { name: 'Förhandsgranska brevet' }).click();
    await expect(page.getByTestId('letter-status')).toContainText('UTKAST – beslutet har ännu inte fattats eller undertecknats');
    const pages = page.getByRole('region', { name: 'Brevets sidor' });
    await expect(pages.locator('canvas').first()).toBeVisible();
    await expect(pages.locator('canvas').first()).toHaveAttribute('aria-label', /^Sida 1 \/ \d$/);
    for (let i = 0; i < 6 && !(await pages.evaluate((el) => el === el.ownerDocument.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(pages).toBeFocused();
    if (shots) await page.screenshot({ path: `${shots}/draft-preview-sv.png` });
    await page.getByRole('button', { name: 'Stäng', exact: true }).click();

    // Deleting asks; cancelling keeps it; confirming deletes it and says so.
    await page.getByRole('button', { name: 'Radera utkastet' }).click();
    const ask = page.getByTestId('confirm-dialog');
    await expect(ask).toContainText('Radera beslutsutkastet?');
    await expect(ask).toContainText(`Utkastet (${draft.name}:`);
    await expect(ask).toContainText('Raderingen kan inte ångras.');
    await ask.getByRole('button', { name: 'Avbryt' }).click();
    await expect(page.locator('.decision-view h1')).toContainText('Utkast');
    await page.getByRole('button', { name: 'Radera utkastet' }).click();
    await ask.getByRole('button', { name: 'Radera utkastet' }).click();
    await expect(page.getByTestId('toast')).toContainText('Beslutsutkastet har raderats.');
    const after = db();
    expect(after.prepare('SELECT count(*) FROM decisions WHERE id = ?').pluck().get(draft.id)).toBe(0);
    after.close();
  } finally {
    await finnish(page, switched);
  }
});

test('Swedish: the henkilötunnus check says only that the check character does not match, and a code of another birth date asks first', async ({ page }) => {
  test.setTimeout(120_000);
  const d = db();
  const item = d
    .prepare(
      `SELECT i.id, i.subject_name, i.subject_birth_date FROM intake_items i
       WHERE i.client_id IS NULL AND i.status = 'new' AND i.type = 'concern_report' AND i.subject_birth_date IS NOT NULL
         AND i.area_id IN (SELECT area_id FROM user_areas ua JOIN users u ON u.id = ua.user_id WHERE u.username = 'ohjaaja')
       ORDER BY i.assessment_due DESC, i.id LIMIT 1`,
    )
    .get() as { id: string; subject_name: string; subject_birth_date: string };
  let n = 900;
  while (d.prepare('SELECT 1 FROM clients WHERE hetu = ?').get(formatHetu(item.subject_birth_date, n))) n += 1;
  const hetu = formatHetu(item.subject_birth_date, n);
  const otherBirth = item.subject_birth_date.replace(/^(\d{4})/, (y) => String(Number(y) - 1));
  const wrongPerson = formatHetu(otherBirth, 950);
  const clientsBefore = d.prepare('SELECT count(*) FROM clients').pluck().get();
  d.close();

  await signIn(page, 'ohjaaja');
  const switched = await swedish(page);
  try {
    await expect(page.locator('.ag-row').first()).toBeVisible({ timeout: 30_000 });
    await page.getByLabel('Snabbfilter (namn, kommun, typ…)').fill(item.subject_name);
    await page.locator('.ag-row', { hasText: item.subject_name }).first().locator('[col-id="type"] button').click();
    await page.getByRole('button', { name: 'Ta själv' }).click();
    await expect(page.getByRole('searchbox', { name: 'Sök klient med namn eller personbeteckning' })).toHaveValue(item.subject_name);
    const form = page.getByRole('form', { name: 'Skapa ny klient' });
    await form.getByLabel('Personbeteckning').fill(hetu.slice(0, 10) + (hetu.endsWith('A') ? 'B' : 'A'));
    await expect(form.locator('.field-error')).toHaveText('Kontrolltecknet stämmer inte: kontrollera personbeteckningen i dokumentet.');
    await form.getByLabel('Personbeteckning').fill(wrongPerson);
    await expect(form.locator('.field-warning')).toContainText('är inte detsamma som i anmälan');
    await form.getByRole('button', { name: 'Skapa klient' }).click();
    const ask = page.getByTestId('confirm-dialog');
    await expect(ask).toContainText('Kontrollera personbeteckningen');
    await expect(ask.getByRole('button', { name: 'Skapa klienten ändå' })).toBeVisible();
    if (shots) await page.screenshot({ path: `${shots}/hetu-check-sv.png` });
    await ask.getByRole('button', { name: 'Avbryt' }).click();
    await expect(ask).toHaveCount(0);
    const after = db();
    expect(after.prepare('SELECT count(*) FROM clients').pluck().get()).toBe(clientsBefore);
    after.close();
  } finally {
    await finnish(page, switched);
  }
});

test('Swedish: signing asks with a summary and what follows; cancelling changes nothing, confirming signs', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'paallikko');
  const switched = await swedish(page);
  try {
    await page.getByRole('button', { name: 'Beslut' }).click();
    await page.getByRole('button', { name: 'Väntar på min underskrift' }).click();
    await page.locator('.ag-row').first().locator('[col-id="number"] button').click();
    await expect(page.getByTestId('waiting-for')).toHaveText('Väntar på din underskrift.');
    await page.getByRole('button', { name: 'Underteckna beslutet' }).click();
    const sign = page.getByTestId('confirm-dialog');
    await expect(sign).toContainText('Underteckna beslutet?');
    await expect(sign.getByTestId('sign-summary')).toContainText('Sari Heinonen');
    await expect(sign).toContainText('låses för gott');
    await expect(sign).toContainText('klientsekreterarnas utskickskö (Brev)');
    if (shots) await page.screenshot({ path: `${shots}/sign-confirm-sv.png` });
    await sign.getByRole('button', { name: 'Avbryt' }).click();
    await expect(page.locator('.decision-view h1')).toContainText('Föreslaget');
    await page.getByRole('button', { name: 'Underteckna beslutet' }).click();
    await sign.getByRole('button', { name: 'Underteckna beslutet' }).click();
    await expect(page.locator('.decision-view h1')).toContainText(/\d+\/2026/);
    await expect(page.getByRole('button', { name: 'Underteckna beslutet' })).toHaveCount(0);
  } finally {
    await finnish(page, switched);
  }
});

test('Swedish: a letter to deliver by hand is printed, handed over and recorded', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'sihteeri');
  const switched = await swedish(page);
  try {
    await expect(page.locator('.grid .ag-row').first()).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: /^e-brev \(/ }).click();
    const row = page.locator('.grid .ag-row').first();
    const number = (await row.locator('[col-id="number"]').first().innerText()).trim();
    await row.locator('input[type="checkbox"]').first().check();
    await page.getByRole('button', { name: 'Skriv ut för leverans för hand' }).click();
    const ask = page.getByTestId('confirm-dialog');
    await expect(ask).toContainText('1 brev görs för leverans för hand. De skickas inte per post');
    await ask.locator('button.confirm').click();
    await page.getByTestId('tab-hand').click();
    const waiting = page.getByTestId('hand-over').locator('tr', { hasText: number });
    await expect(waiting).toBeVisible({ timeout: 60_000 });
    await waiting.getByRole('button', { name: 'Skriv ut brevet' }).click();
    await expect(page.getByTestId('letter-status')).toContainText('Signerat och sparat brev');
    await page.getByRole('button', { name: 'Stäng', exact: true }).click();
    await waiting.getByRole('button', { name: 'Anteckna överlämningen' }).click();
    const form = page.getByTestId('hand-over-form');
    await form.getByLabel('Överlämningsdag (d.m.åååå)').fill('31.11.2026');
    await form.getByLabel('Till vem').fill('Klienten själv, identiteten kontrollerad');
    await form.getByRole('button', { name: 'Anteckna' }).click();
    await expect(form).toContainText('Ange datumet i formen d.m.åååå');
    await form.getByLabel('Överlämningsdag (d.m.åååå)').fill('23.11.2026');
    await form.getByRole('button', { name: 'Anteckna' }).click();
    await expect(page.getByText(`Brevet ${number} har överlämnats: Klienten själv, identiteten kontrollerad 23.11.2026. Delgivning 23.11.2026`)).toBeVisible();
    await expect(page.getByTestId('hand-over').locator('tr', { hasText: number })).toHaveCount(0);
    const [num, year] = number.split('/').map(Number);
    const d = db();
    expect(d.prepare('SELECT status, notification_basis, notified_on FROM decisions WHERE number = ? AND number_year = ?').get(num, year)).toEqual({
      status: 'sent',
      notification_basis: 'hand',
      notified_on: '2026-11-23',
    });
    d.close();
  } finally {
    await finnish(page, switched);
  }
});
