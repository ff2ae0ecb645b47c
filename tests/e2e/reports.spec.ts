// Raportit in the browser: the service manager opens the dashboard, changes the period and the area, clicks a
// chart bar and lands in the filtered case list; bad periods are refused in Finnish and Swedish; a guidance worker
// sees only her own area; screenshots of the dashboard in Finnish and Swedish.
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support';

const shots = process.env.LUOTSI_SCREENSHOTS;
const db = () => new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });

async function openReports(page: Page, user = 'paallikko') {
  await signIn(page, user);
  await page.getByRole('button', { name: /Raportit/ }).first().click();
  await expect(page.getByRole('heading', { name: 'Raportit', level: 1 })).toBeVisible();
  await expect(page.locator('.kpi').first()).toBeVisible({ timeout: 20_000 });
}

test('the manager changes the period and area, clicks a chart bar and lands in the filtered case list', async ({ page }) => {
  test.setTimeout(120_000);
  await openReports(page);
  await expect(page.locator('[data-figure="fig-intake"] .recharts-bar-rectangle').first()).toBeVisible();
  if (shots) {
    await page.screenshot({ path: `${shots}/reports-dashboard-fi.png` });
    await page.locator('.figures').screenshot({ path: `${shots}/reports-figures-fi.png` });
  }

  // Period: October 2026 (weeks), area: Espoo.
  const controls = page.getByRole('form', { name: 'Raportin rajaus' });
  await controls.getByLabel('Alkaen').fill('1.10.2026');
  await controls.getByLabel('Päättyen').fill('31.10.2026');
  await controls.getByLabel('Taso', { exact: true }).selectOption('area');
  const espoo = await controls.getByLabel('Palvelualue', { exact: true }).locator('option', { hasText: 'Espoon' }).getAttribute('value');
  await controls.getByLabel('Palvelualue', { exact: true }).selectOption(espoo!);
  await expect(page.locator('.dashboard')).toContainText('Kausi 1.10.2026–31.10.2026');
  await expect(page.locator('.dashboard')).toContainText('Espoon palvelualue');
  const d = db();
  const expected = d
    .prepare("SELECT count(*) FROM intake_items WHERE area_id = ? AND contact_date BETWEEN '2026-10-01' AND '2026-10-31'")
    .pluck()
    .get(espoo) as number;
  await expect(page.locator('.kpi').first().locator('.kpi-value')).toHaveText(expected.toLocaleString('fi-FI'));

  // The first bar of the intake chart (week 40, the first type with cases) opens exactly its cases.
  const firstWeek = d
    .prepare(
      `SELECT type, count(*) AS n FROM intake_items WHERE area_id = ? AND contact_date BETWEEN '2026-10-01' AND '2026-10-04' AND type = 'concern_report'`,
    )
    .get(espoo) as { type: string; n: number };
  d.close();
  const bars = page.locator('[data-figure="fig-intake"] .recharts-bar-rectangle path');
  await bars.first().click();
  await expect(page.getByRole('heading', { name: /^Tapaukset: Huoli-ilmoitus, vk 40\/2026/ })).toBeVisible();
  await expect(page.getByTestId('case-count')).toHaveText(`${firstWeek.n} tapausta`);
  const rows = page.locator('.case-grid .ag-row');
  if (firstWeek.n > 0) await expect(rows.first()).toBeVisible();
  const types = await page.locator('.case-grid .ag-row [col-id="code"]').allInnerTexts();
  expect(types.every((x) => x === 'Huoli-ilmoitus')).toBe(true);
  if (shots) await page.screenshot({ path: `${shots}/reports-cases-fi.png` });
  // The case list exports; back to the report with the same period.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Vie XLSX' }).click();
  expect((await download).suggestedFilename()).toMatch(/^tapaukset-huoli-ilmoitus-vk-40-2026-2026-11-23\.xlsx$/);
  await page.getByRole('button', { name: '← Takaisin raporttiin' }).click();
  await expect(page.getByRole('form', { name: 'Raportin rajaus' }).getByLabel('Alkaen')).toHaveValue('1.10.2026');

  // The waiting-time table: a number opens its cases too (the keyboard's way in).
  const waiting = page.locator('[data-figure="fig-waiting"]');
  await waiting.locator('summary').click();
  const cell = waiting.locator('tbody tr').first().locator('button').first();
  await cell.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /^Tapaukset: / })).toBeVisible();
});

test('chart bars are reached and opened with the keyboard, each named by what it counts', async ({ page }) => {
  test.setTimeout(120_000);
  await openReports(page);
  const chart = page.locator('[data-figure="fig-intake"] [role="group"]');
  await expect(chart).toHaveAccessibleName(/^Saapuneet asiat/);
  await expect(chart.locator('[data-bar]').first()).toBeVisible();
  // One tab stop per chart: Tab from the figure's heading lands on its first bar.
  await page.locator('#fig-intake-title').click();
  await page.keyboard.press('Tab');
  const focused = page.locator('[data-figure="fig-intake"] [data-bar]:focus');
  await expect(focused).toHaveCount(1);
  await expect(focused).toHaveAttribute('role', 'button');
  await expect(focused).toHaveAccessibleName(/^Huoli-ilmoitus, (vk \d+|\d+)\/20\d\d: \d/);
  expect(await chart.locator('[data-bar][tabindex="0"]').count()).toBe(1);
  // Right: the same type, the next bucket; up: the next type of the same bucket.
  const first = await focused.getAttribute('aria-label');
  await page.keyboard.press('ArrowRight');
  await expect(focused).not.toHaveAccessibleName(first!);
  await expect(focused).toHaveAccessibleName(/^Huoli-ilmoitus, /);
  await page.keyboard.press('ArrowUp');
  await expect(focused).toHaveAccessibleName(/^Hakemus, /);
  const label = (await focused.getAttribute('aria-label'))!;
  const what = label.slice(0, label.lastIndexOf(':'));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Tapaukset: ${what}` })).toBeVisible();
  await page.getByRole('button', { name: '← Takaisin raporttiin' }).click();
  // A bar of the decisions chart: Space opens it too.
  await page.locator('#fig-decisions-title').click();
  await page.keyboard.press('Tab');
  const decision = page.locator('[data-figure="fig-decisions"] [data-bar]:focus');
  await expect(decision).toHaveCount(1);
  await page.keyboard.press(' ');
  await expect(page.getByRole('heading', { name: /^Tapaukset: / })).toBeVisible();
});

test('the dashboard at 1280 and 1440 px, in Finnish and Swedish', async ({ page }) => {
  test.setTimeout(180_000);
  await openReports(page);
  for (const lang of ['fi', 'sv'] as const) {
    if (lang === 'sv') await page.getByRole('button', { name: 'På svenska' }).click();
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      // Every figure drawn (no part still coming), and nothing wider than the window.
      await expect(page.locator('.figure-pending')).toHaveCount(0, { timeout: 60_000 });
      await expect(page.locator('.figure .chart [data-bar]').first()).toBeVisible();
      // Charts are drawn one by one (ChartSlot.tsx): every one has its SVG before the picture is taken.
      await expect(page.locator('.figure .chart-slot:not(:has(svg.recharts-surface))')).toHaveCount(0, { timeout: 30_000 });
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      if (shots) await page.screenshot({ path: `${shots}/reports-dashboard-${lang}-${width}.png`, fullPage: true });
    }
  }
  await page.getByRole('button', { name: 'Suomeksi' }).click();
});

test('a bad period is refused with a clear message, in Finnish and in Swedish', async ({ page }) => {
  await openReports(page);
  const controls = page.getByRole('form', { name: 'Raportin rajaus' });
  await controls.getByLabel('Alkaen').fill('1.6.2026');
  await controls.getByLabel('Päättyen').fill('31.5.2026');
  await expect(page.getByRole('alert')).toHaveText('Loppupäivä on ennen alkupäivää. Valitse loppupäivä alkupäivän jälkeen.');
  await expect(page.locator('.dashboard')).toHaveCount(0);
  await controls.getByLabel('Alkaen').fill('1.1.2027');
  await controls.getByLabel('Päättyen').fill('31.3.2027');
  await expect(page.getByRole('alert')).toHaveText('Kausi alkaa tulevaisuudessa; tulevasta ajasta ei ole lukuja.');
  await page.getByRole('button', { name: 'På svenska' }).click();
  await expect(page.getByRole('alert')).toHaveText('Perioden börjar i framtiden; det finns inga siffror för framtiden.');
  await page.getByRole('button', { name: 'Suomeksi' }).click();
  // A day that does not exist is not a period: said at the field, nothing computed.
  await controls.getByLabel('Alkaen').fill('32.1.2026');
  await expect(page.getByRole('alert')).toHaveText('Anna kauden alku- ja loppupäivä muodossa p.k.vvvv, esimerkiksi 1.10.2026.');
  await expect(controls.getByLabel('Alkaen')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.dashboard')).toHaveCount(0);
  await page.getByRole('button', { name: 'På svenska' }).click();
  await expect(page.getByRole('alert')).toHaveText('Ange periodens start- och slutdatum i formen d.m.åååå, till exempel 1.10.2026.');
  await page.getByRole('button', { name: 'Suomeksi' }).click();
});

test('a guidance worker sees her own area only', async ({ page }) => {
  await openReports(page, 'ohjaaja');
  const controls = page.getByRole('form', { name: 'Raportin rajaus' });
  await expect(controls.getByLabel('Taso', { exact: true }).locator('option')).toHaveText(['Palvelualue', 'Työntekijä']);
  await expect(controls.getByLabel('Palvelualue', { exact: true }).locator('option')).toHaveText(['Espoon palvelualue']);
  await expect(page.locator('.dashboard')).toContainText('Espoon palvelualue');
  // The county's 26 § publication is for county-wide roles only.
  await expect(page.getByRole('tab', { name: /Odotusajat/ })).toHaveCount(0);
});

test('the dashboard in Swedish', async ({ page }) => {
  await openReports(page);
  await page.getByRole('button', { name: 'På svenska' }).click();
  await expect(page.getByRole('heading', { name: 'Rapporter', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Inkomna ärenden per typ' })).toBeVisible();
  await expect(page.locator('[data-figure="fig-intake"] .recharts-bar-rectangle').first()).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/reports-dashboard-sv.png` });
  await page.getByRole('button', { name: 'Suomeksi' }).click();
});

test('the manager approves the waiting-time publication of the last half-year (VPL 26 §) and downloads it in Finnish and Swedish', async ({ page }) => {
  test.setTimeout(120_000);
  await openReports(page);
  await page.getByRole('tab', { name: 'Odotusajat (VPL 26 §)' }).click();
  const table = page.locator('.pub-table');
  await expect(table.locator('caption')).toHaveText('Luonnos: odotusajat 1.1.2026–30.6.2026, laskettu nyt');
  // The figures of a service as separately written SQL computes them from the same database.
  const d = db();
  const housing = d
    .prepare(
      `SELECT count(*) AS n, avg(julianday(started_on) - julianday(applied_on)) AS mean FROM service_periods
       WHERE service_code = 'service_housing_24h' AND status = 'started' AND started_on BETWEEN '2026-01-01' AND '2026-06-30' AND applied_on IS NOT NULL`,
    )
    .get() as { n: number; mean: number };
  const name = d.prepare("SELECT name_fi FROM services WHERE code = 'service_housing_24h'").pluck().get() as string;
  d.close();
  expect(housing.n).toBeGreaterThanOrEqual(5);
  const row = table.locator('tbody tr', { has: page.getByRole('rowheader', { name, exact: true }) });
  await expect(row.locator('td').first()).toHaveText(`${Math.round(housing.mean)} vrk`);
  await expect(row.locator('td').nth(3)).toHaveText(String(housing.n));
  await expect(page.locator('#pub-defs')).toContainText('Odotusaika lasketaan päivästä, jona asia tuli vireille');
  // The ongoing half-year cannot be approved yet.
  await page.getByLabel('Puolivuotiskausi').selectOption('2026-H2');
  await expect(page.getByRole('button', { name: 'Hyväksy julkaisu' })).toBeDisabled();
  await expect(page.locator('#pub-not-over')).toContainText('päättyy 31.12.2026');
  await page.getByLabel('Puolivuotiskausi').selectOption('2026-H1');
  if (shots) await page.screenshot({ path: `${shots}/reports-publication-draft-fi.png`, fullPage: true });

  // Approve: asked once, then kept with who and when.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByLabel('Huomautus (esim. käsittelypäivä)').fill('Esitelty johtoryhmälle');
  await page.getByRole('button', { name: /^Hyväksy (julkaisu|korjattu painos \d+)$/ }).click();
  await expect(page.locator('.pub-status')).toContainText(/Hyväksytty painos \d+: Sari Heinonen, palvelupäällikkö, 23\.11\.2026\./);
  const edition = page.getByRole('group', { name: /^Hyväksytty painos \d+ \(Sari Heinonen, 23\.11\.2026\) – Esitelty johtoryhmälle$/ }).first();
  const pdf = page.waitForEvent('download');
  await edition.getByRole('button', { name: /^PDF fi \(lataa suomeksi\), / }).click();
  expect((await pdf).suggestedFilename()).toMatch(/^odotusajat-2026-h1(-painos-\d+)?-2026-11-23\.pdf$/);
  const html = page.waitForEvent('download');
  await edition.getByRole('button', { name: /^HTML sv \(lataa ruotsiksi\), / }).click();
  expect((await html).suggestedFilename()).toMatch(/^vantetider-2026-h1.*\.html$/);
  if (shots) await page.screenshot({ path: `${shots}/reports-publication-approved-fi.png`, fullPage: true });

  await page.getByRole('button', { name: 'På svenska' }).click();
  await expect(page.getByRole('heading', { name: 'Väntetider per tjänst (äldreomsorgslagen 26 §)' })).toBeVisible();
  await expect(page.locator('.pub-status')).toContainText(/Godkänd upplaga \d+: Sari Heinonen/);
  await expect(page.locator('.pub-table thead')).toContainText('Genomsnittlig väntetid');
  if (shots) await page.screenshot({ path: `${shots}/reports-publication-sv.png`, fullPage: true });
  await page.getByRole('button', { name: 'Suomeksi' }).click();
});

test.describe('accessibility', () => {
  // axe is injected as a script, which the app's strict CSP would refuse; the scan itself changes nothing.
  test.use({ bypassCSP: true });

  const scan = async (page: Page, root: string) => {
    await page.addScriptTag({ path: path.join(process.cwd(), 'node_modules/axe-core/axe.min.js') });
    // A string, so the spec needs no DOM types (it runs in the page).
    return page.evaluate(`(async () => {
      const r = await axe.run(document.querySelector(${JSON.stringify(root)}), { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', '));
    })()`) as Promise<string[]>;
  };

  test('axe finds no WCAG 2.1 A/AA violations on the dashboard, the case list and the publication, in Finnish and Swedish', async ({ page }) => {
    test.setTimeout(180_000);
    await openReports(page);
    await expect(page.locator('[data-figure="fig-intake"] .recharts-bar-rectangle').first()).toBeVisible();
    await page.locator('details.figure-table summary').first().click();
    expect(await scan(page, '.reports')).toEqual([]);
    await page.locator('.kpi').first().click();
    await expect(page.getByRole('heading', { name: /^Tapaukset: / })).toBeVisible();
    await expect(page.locator('.case-grid .ag-row').first()).toBeVisible();
    expect(await scan(page, '.reports')).toEqual([]);
    await page.getByRole('button', { name: '← Takaisin raporttiin' }).click();
    await page.getByRole('tab', { name: 'Odotusajat (VPL 26 §)' }).click();
    await expect(page.locator('.pub-table tbody tr').first()).toBeVisible();
    expect(await scan(page, '.reports')).toEqual([]);
    // The queue's situation: its tables export too, and pass the scan.
    await page.getByRole('tab', { name: 'Jonon tilanne' }).click();
    await expect(page.locator('#rep-panel-queue table').first()).toBeVisible();
    const csv = page.waitForEvent('download');
    await page.locator('#rep-panel-queue').getByRole('button', { name: 'Vie CSV' }).first().click();
    expect((await csv).suggestedFilename()).toMatch(/\.csv$/);
    expect(await scan(page, '.reports')).toEqual([]);
    await page.getByRole('button', { name: 'På svenska' }).click();
    await page.getByRole('tab', { name: 'Översikt' }).click();
    await expect(page.locator('[data-figure="fig-intake"] .recharts-bar-rectangle').first()).toBeVisible();
    expect(await scan(page, '.reports')).toEqual([]);
    await page.getByRole('button', { name: 'Suomeksi' }).click();
  });
});
