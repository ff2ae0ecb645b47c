// Core-made texts worded in the reader's language: the decisions list's services ("Regelbunden hemvård 39 h/mån",
// not the Finnish name and unit the core used to send), and a draft letter's preview without a decision date.
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support';

const shots = process.env.LUOTSI_SCREENSHOTS;

async function language(page: Page, lang: 'fi' | 'sv') {
  await expect(page.getByRole('button', { name: /^(Kirjaudu ulos|Logga ut)$/ })).toBeVisible({ timeout: 30_000 });
  const bar = page.locator('footer.statusbar');
  const want = lang === 'sv' ? 'Suomeksi' : 'På svenska';
  if (await bar.getByRole('button', { name: want }).isVisible()) return;
  await bar.getByRole('button', { name: lang === 'sv' ? 'På svenska' : 'Suomeksi' }).click();
  await expect(bar.getByRole('button', { name: want })).toBeVisible();
}

test("the decisions list words services in the user's language; a draft preview has no decision date (sv and fi, 1280 and 1440)", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'sosiaalityontekija');
  for (const lang of ['sv', 'fi'] as const) {
    await language(page, lang);
    await page.getByRole('button', { name: lang === 'sv' ? 'Beslut' : 'Päätökset' }).first().click();
    await page.getByRole('button', { name: lang === 'sv' ? 'Alla' : 'Kaikki', exact: true }).click();
    const cells = page.locator('.ag-row [col-id="services"]');
    await expect(cells.first()).toBeVisible({ timeout: 30_000 });
    const texts = await cells.allTextContents();
    const joined = texts.join(' | ');
    if (lang === 'sv') {
      expect(joined).toMatch(/ \d+(,\d+)? h\/mån/);
      expect(joined).not.toMatch(/h\/kk|Säännöllinen kotihoito/);
    } else {
      expect(joined).toMatch(/ \d+(,\d+)? h\/kk/);
      expect(joined).not.toMatch(/h\/mån|Regelbunden hemvård/);
    }
    for (const size of [{ width: 1280, height: 720 }, { width: 1440, height: 900 }]) {
      await page.setViewportSize(size);
      if (shots) await page.screenshot({ path: `${shots}/decisions-services-${lang}-${size.width}.png` });
    }
    // A draft's preview: the decision date is "not yet decided", matching the draft mark.
    await page.getByRole('button', { name: lang === 'sv' ? 'Utkast' : 'Luonnokset', exact: true }).click();
    await page.locator('.ag-row').first().locator('[col-id="number"] button').click();
    await page.getByRole('button', { name: lang === 'sv' ? 'Förhandsgranska brevet' : 'Esikatsele kirje' }).click();
    await expect(page.getByTestId('pdf-pages').locator('canvas').first()).toBeVisible({ timeout: 30_000 });
    for (const size of [{ width: 1280, height: 720 }, { width: 1440, height: 900 }]) {
      await page.setViewportSize(size);
      if (shots) await page.screenshot({ path: `${shots}/draft-preview-${lang}-${size.width}.png` });
    }
    await page.getByRole('button', { name: lang === 'sv' ? 'Stäng' : 'Sulje', exact: true }).click();
  }
});
