// The guidance workflow in the browser: a worker takes a concern report from the queue, creates the client,
// records an assessment, sees the criteria result and drafts a decision; the service manager signs it; the
// secretary records the sending; the queue and the client card show the deadlines.
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { signIn, signOut } from './support';
import { formatHetu } from '../../shared/domain/hetu';

const shots = process.env.LUOTSI_SCREENSHOTS;

test('concern report → client → assessment → criteria → decision → signed → sent, with deadlines', async ({ page }) => {
  test.setTimeout(120_000);
  const db = new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });
  const item = db
    .prepare(
      `SELECT i.id, i.subject_name, i.subject_birth_date FROM intake_items i
       WHERE i.client_id IS NULL AND i.status = 'new' AND i.type = 'concern_report' AND i.subject_birth_date IS NOT NULL
         AND i.area_id IN (SELECT area_id FROM user_areas ua JOIN users u ON u.id = ua.user_id WHERE u.username = 'ohjaaja')
       ORDER BY i.assessment_due, i.id LIMIT 1`,
    )
    .get() as { id: string; subject_name: string; subject_birth_date: string };
  let n = 900;
  while (db.prepare('SELECT 1 FROM clients WHERE hetu = ?').get(formatHetu(item.subject_birth_date, n))) n += 1;
  const hetu = formatHetu(item.subject_birth_date, n);
  // A valid code of another birth date than the report's (a typo that makes someone else's code).
  const otherBirth = item.subject_birth_date.replace(/^(\d{4})/, (y) => String(Number(y) - 1));
  const wrongPerson = formatHetu(otherBirth, 950);
  db.close();
  expect(item).toBeTruthy();

  // The worker finds the report in the queue and opens it.
  await signIn(page, 'ohjaaja');
  await expect(page.getByText('Ladataan jonoa')).toHaveCount(0, { timeout: 30_000 });
  await page.getByLabel('Pikasuodatus (nimi, kunta, tyyppi…)').fill(item.subject_name);
  await page.locator('.ag-row', { hasText: item.subject_name }).first().locator('[col-id="type"] button').click();
  await expect(page.getByRole('heading', { name: /Huoli-ilmoitus/ })).toBeVisible();
  await expect(page.getByTestId('item-deadline')).toContainText('pv');

  // Takes it, creates the client (a wrong check character first), starts the assessment.
  await page.getByRole('button', { name: 'Ota itselle' }).click();
  await expect(page.locator('.case-view h1')).toContainText('Kohdistettu');
  // The search starts from the report's name.
  await expect(page.getByRole('searchbox', { name: 'Hae asiakasta nimellä tai henkilötunnuksella' })).toHaveValue(item.subject_name);
  const form = page.getByRole('form', { name: 'Luo uusi asiakas' });
  await form.getByLabel('Henkilötunnus').fill(hetu.slice(0, 10) + (hetu.endsWith('A') ? 'B' : 'A'));
  await expect(form.locator('.field-error')).toHaveText('Tarkistemerkki ei täsmää: tarkista henkilötunnus asiakirjasta.');
  await form.getByRole('button', { name: 'Luo asiakas' }).click();
  await expect(page.getByRole('alert')).toContainText('Tarkistemerkki ei täsmää');
  // A valid code with another birth date than the report's: warned at the field, asked before creating.
  await form.getByLabel('Henkilötunnus').fill(wrongPerson);
  await expect(form.locator('.field-warning')).toContainText('ei ole sama kuin ilmoituksen');
  await form.getByRole('button', { name: 'Luo asiakas' }).click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('Tarkista henkilötunnus');
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Peruuta' }).click();
  await form.getByLabel('Henkilötunnus').fill(hetu);
  await form.getByLabel('Lähiosoite').fill('Kuusikkotie 4 B 12');
  await form.getByLabel('Postinumero').fill('02100');
  await form.getByLabel('Postitoimipaikka').fill('Espoo');
  await form.getByRole('button', { name: 'Luo asiakas' }).click();
  await expect(page.getByRole('button', { name: new RegExp(hetu.slice(0, 7)) })).toBeVisible();

  // Records the assessment: an out-of-range score is refused with a clear message, then saved.
  const a = page.getByRole('form', { name: 'Palvelutarpeen arviointi' });
  await a.getByLabel('MAPLe_5').fill('7');
  await a.getByRole('button', { name: 'Tallenna arviointi' }).click();
  await expect(a.getByRole('alert')).toContainText('MAPLe_5: anna kokonaisluku 1–5');
  for (const [k, v] of [['MAPLe_5', '4'], ['CPS', '3'], ['ADLH', '4'], ['IADLCH', '5'], ['DRS', '2'], ['CHESS', '1']] as const) await a.getByLabel(k, { exact: true }).fill(v);
  await a.getByLabel('Hoidon tarve myös yöllä').check();
  await a.getByLabel('Palvelutaso').selectOption('red');
  await a.getByLabel('Toimintakyky').fill('Tarvitsee kahden hoitajan avun siirroissa, yöllä levoton.');
  await a.getByRole('button', { name: 'Tallenna arviointi' }).click();
  await expect(page.locator('.case-view h1')).toContainText('Arvioinnissa');

  // Sees the criteria result rule by rule.
  const housing = page.getByTestId('criteria-results').locator('details', { hasText: 'Ympärivuorokautinen palveluasuminen' });
  await expect(housing.locator('summary')).toContainText('täyttyy');
  await expect(housing).toContainText('MAPLe_5 4–5: arvo 4');
  if (shots) await page.screenshot({ path: `${shots}/asia.png`, fullPage: true });

  // Drafts the decision: round-the-clock service housing.
  const d = page.getByRole('form', { name: 'Päätösluonnos' });
  await d.getByRole('button', { name: 'Lisää palvelu' }).click();
  await d.getByLabel('Palvelu', { exact: true }).selectOption('service_housing_24h');
  await d.getByLabel('Alkaa').fill('2026-12-07');
  await d.getByLabel('Ympärivuorokautinen hoidon tarve', { exact: false }).first().check();
  await d.getByRole('button', { name: 'Tallenna luonnos' }).click();
  await expect(page.locator('.decision-view h1')).toContainText('Luonnos');

  // She may not sign it (delegation): the view says so instead of offering the button; she proposes it to the
  // service manager, found by searching, and the view says whose signature it waits for.
  await expect(page.getByRole('button', { name: 'Allekirjoita päätös' })).toHaveCount(0);
  await expect(page.getByTestId('no-power')).toContainText('päätösvaltaa palvelusta ympärivuorokautinen palveluasuminen');
  await page.getByRole('searchbox', { name: 'Hae päättäjää (nimi, titteli, alue)' }).fill('palvelupääll');
  await page.getByLabel('Valitse päätösvaltainen päättäjä…').selectOption({ label: 'Sari Heinonen, palvelupäällikkö' });
  await page.getByRole('button', { name: 'Esitä päättäjälle' }).click();
  await expect(page.locator('.decision-view h1')).toContainText('Esitetty');
  await expect(page.getByTestId('waiting-for')).toHaveText('Odottaa allekirjoitusta: Sari Heinonen, palvelupäällikkö.');
  await signOut(page);

  // The service manager signs it from her "waiting for my signature" list.
  await signIn(page, 'paallikko');
  await page.getByRole('button', { name: 'Päätökset' }).click();
  await page.getByRole('button', { name: 'Odottaa allekirjoitustani' }).click();
  await page.locator('.ag-row').first().locator('[col-id="number"] button').click();
  await expect(page.getByTestId('waiting-for')).toHaveText('Odottaa sinun allekirjoitustasi.');
  // Signing asks first, with what is decided for whom and what follows; cancelling changes nothing.
  await page.getByRole('button', { name: 'Allekirjoita päätös' }).click();
  const sign = page.getByTestId('confirm-dialog');
  await expect(sign.getByTestId('sign-summary')).toContainText('Ympärivuorokautinen palveluasuminen');
  await expect(sign.getByTestId('sign-summary')).toContainText('Sari Heinonen, palvelupäällikkö');
  await expect(sign).toContainText('lukittuu pysyvästi');
  await expect(sign).toContainText('järjestettävä viimeistään 23.2.2027');
  if (shots) await page.screenshot({ path: `${shots}/allekirjoitus.png` });
  await sign.getByRole('button', { name: 'Peruuta' }).click();
  await expect(page.locator('.decision-view h1')).toContainText('Esitetty');
  await page.getByRole('button', { name: 'Allekirjoita päätös' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Allekirjoita päätös' }).click();
  await expect(page.locator('.decision-view h1')).toContainText('Allekirjoitettu');
  await expect(page.locator('.decision-view h1')).toContainText(/\d+\/2026/);
  await expect(page.getByTestId('arrange-by')).toHaveText('23.2.2027');
  await page.getByRole('button', { name: 'Allekirjoita päätös' }).waitFor({ state: 'detached' });
  const number = (await page.locator('.decision-view h1').innerText()).match(/\d+\/2026/)![0];
  await signOut(page);

  // The secretary records the sending by letter: notification and review deadlines are fixed.
  await signIn(page, 'sihteeri');
  await page.getByRole('button', { name: 'Päätökset' }).click();
  await page.getByRole('button', { name: 'Lähettämättä' }).click();
  await page.locator('.ag-row', { hasText: number }).locator('[col-id="number"] button').click();
  await page.getByRole('button', { name: 'Merkitse lähetetyksi' }).click();
  await expect(page.locator('.decision-view h1')).toContainText('Lähetetty');
  await expect(page.getByTestId('appeal-last-day')).toHaveText('30.12.2026');
  if (shots) await page.screenshot({ path: `${shots}/paatos.png`, fullPage: true });
  await signOut(page);

  // The worker sees the chain and the deadlines on the client card, and the item in the queue.
  await signIn(page, 'ohjaaja');
  await page.getByRole('button', { name: 'Asiakkaat' }).click();
  await page.getByRole('searchbox').fill(hetu);
  await page.getByRole('searchbox').press('Enter');
  await page.getByRole('button', { name: new RegExp(item.subject_name.split(' ')[0]!) }).first().click();
  await page.getByRole('tab', { name: 'Palveluketju' }).click();
  const chain = page.getByTestId('chain');
  await expect(chain.getByRole('table', { name: 'Päätökset' })).toContainText(number);
  await expect(chain.getByRole('table', { name: 'Päätökset' })).toContainText('30.12.2026');
  await expect(chain.getByRole('table', { name: 'Päätökset' })).toContainText('23.2.2027');
  await expect(chain).toContainText('Uudelleenarviointi viimeistään 23.5.2027');
  if (shots) await page.screenshot({ path: `${shots}/palveluketju.png`, fullPage: true });
  await page.getByRole('button', { name: 'Jono' }).click();
  await page.getByLabel('Pikasuodatus (nimi, kunta, tyyppi…)').fill(item.subject_name);
  const row = page.locator('.ag-row', { hasText: item.subject_name }).first();
  await expect(row.locator('[col-id="status"]')).toHaveText('Päätösvaiheessa');
});
