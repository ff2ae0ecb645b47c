// Sign-in security as users meet it: wrong passwords slow the next attempt with a clear message, the
// administrator sees the failures in Asetukset › Tietoturva and clears them, and an idle window signs itself out
// and says why on the sign-in page.
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { base, signIn, signOut } from './support';

const shots = process.env.LUOTSI_SCREENSHOTS;

test('wrong passwords slow the next attempt; the administrator sees and clears the failures', async ({ page }) => {
  for (let i = 0; i < 3; i++) {
    await signIn(page, 'laskutus', `väärä${i}`);
    await expect(page.getByRole('alert')).toHaveText('Käyttäjätunnus tai salasana on väärä.');
  }
  // From the fourth attempt on each one waits 1, 2, 4 … s after the previous failure; typing fast meets the wait.
  let throttled = false;
  for (let i = 3; i < 8 && !throttled; i++) {
    await page.getByLabel('Salasana').fill(`väärä${i}`);
    await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    throttled = /Liian monta/.test(await page.getByRole('alert').innerText());
  }
  await expect(page.getByRole('alert')).toHaveText(/^Liian monta epäonnistunutta kirjautumista\. Yritä uudelleen \d+ sekunnin kuluttua\.$/);

  await signIn(page, 'paakayttaja');
  await page.getByRole('button', { name: /Asetukset/ }).click();
  const section = page.getByTestId('security-settings');
  await expect(section.getByRole('heading', { name: 'Tietoturva' })).toBeVisible();
  const row = section.getByRole('row').filter({ hasText: 'laskutus' });
  await expect(row).toContainText('Petri Salonen');
  await expect(row).toContainText('Hidastettu');
  expect(Number(await row.getByRole('cell').nth(2).innerText())).toBeGreaterThanOrEqual(3);
  await section.scrollIntoViewIfNeeded();
  if (shots) await section.screenshot({ path: `${shots}/security-settings.png` });
  await row.getByRole('button', { name: 'Avaa käyttäjätunnuksen laskutus lukitus' }).click();
  await expect(section.getByText('Ei epäonnistuneita kirjautumisia.')).toBeVisible();
  const db = new Database(process.env.LUOTSI_E2E_DB!, { readonly: true });
  expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'session.unlock' AND json_extract(details, '$.username') = 'laskutus'").pluck().get()).toBe(1);
  db.close();

  // The idle time is the administrator's: a value out of range is refused with a clear message.
  await section.getByLabel('Uloskirjaus käyttämättömyyden jälkeen (min)').fill('0');
  await section.getByRole('button', { name: 'Tallenna tietoturva-asetukset' }).click();
  await expect(section.getByRole('alert')).toContainText('Uloskirjaus käyttämättömyyden jälkeen: anna 1–480 minuuttia.');
  await signOut(page);
  await signIn(page, 'laskutus');
  await expect(page.getByRole('button', { name: 'Kirjaudu ulos' })).toBeVisible();
});

test('an unused window signs itself out after the idle time and says why', async ({ page }) => {
  await page.clock.install();
  await signIn(page, 'ohjaaja');
  await expect(page.getByRole('heading', { name: 'Saapuneet asiat' })).toBeVisible();
  await page.clock.fastForward('14:00');
  await expect(page.getByRole('heading', { name: 'Saapuneet asiat' })).toBeVisible();
  await page.clock.fastForward('01:10');
  await expect(page.getByText('Sinut kirjattiin ulos, koska Luotsia ei käytetty 15 minuuttiin.')).toBeVisible();
  await expect(page.getByLabel('Käyttäjätunnus')).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/idle-signed-out.png` });
  // The core dropped the session too: the page reloaded is the sign-in page.
  await page.goto(`${base()}/`);
  await expect(page.getByLabel('Käyttäjätunnus')).toBeVisible();
});
