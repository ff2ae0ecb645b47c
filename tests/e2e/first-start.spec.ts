// The README's first command on the real clock (issue 16): `npm start` exactly as a newcomer runs it — on a fresh
// data folder, without --today, so on the day the tests run — generates the default demo county, says which day it
// stands on, and a person signs in and sees the queue. The CLI's `seed` without --today runs on the same day.
// A green run therefore means that the README's commands worked on the day it ran.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { formatFi, helsinkiDate } from '../../shared/domain/dates';
import { formatDateTime } from '../../shared/messages';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The days the run may stand on: the Helsinki date when it began and now (a run may cross midnight). */
const started = helsinkiDate(new Date());
const realDays = () => [...new Set([started, helsinkiDate(new Date())])];

let dataDir: string;
let app: ChildProcess | null = null;
let output = '';

test.beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luotsi-first-start-'));
});

test.afterAll(async () => {
  if (app?.pid && app.exitCode === null) {
    // npm → start.mjs → tsx → node: the whole group the test started, and only it.
    const exited = new Promise((resolve) => app!.once('exit', resolve));
    process.kill(-app.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (app.exitCode === null) process.kill(-app.pid, 'SIGKILL');
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('npm start on the real clock: the default demo county is made, a person signs in and sees the queue', async ({ browser }) => {
  // The whole default county (30,000 clients) is generated: minutes on a slow or busy machine. Speed is the bench's.
  test.setTimeout(30 * 60_000);
  const env: NodeJS.ProcessEnv = { ...process.env, LUOTSI_DATA_DIR: dataDir };
  for (const k of ['LUOTSI_NO_ELECTRON', 'LUOTSI_TODAY', 'LUOTSI_CENTRAL_URL']) delete env[k];
  app = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  app.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  app.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /^Luotsi on käynnissä: (\S+)$/m.exec(output);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 250);
    app!.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`npm start ended with ${code} before the app was up:\n${output}`));
    });
  });

  // The terminal said where the data is, which day the app stands on (the computer's clock), and showed the
  // generation's progress with the time left — never a silent wait.
  expect(output).toContain(`Luotsi: avataan tietokanta ${path.join(dataDir, 'luotsi.sqlite')}`);
  const day = /^Päivä: (\S+) \(tietokoneen kello, Europe\/Helsinki\)$/m.exec(output);
  expect(day, output).not.toBeNull();
  expect(realDays().map(formatFi)).toContain(day![1]);
  expect(output).toMatch(/^Luodaan esittelyaineistoa: \d+ % \(.+\), (noin .+ jäljellä|arvioidaan jäljellä olevaa aikaa)$/m);
  expect(output).toMatch(/^Luotu esittelyaineisto: 30\s000 asiakasta, 150\s000 saapunutta asiaa/m);

  // The person's computer keeps another time zone: the app still shows Helsinki days and times.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, timezoneId: 'Pacific/Auckland' });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Käyttäjätunnus').fill('ohjaaja');
  await page.getByLabel('Salasana').fill('demo');
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Saapuneet asiat' })).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.ag-row').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Ladataan jonoa')).toHaveCount(0, { timeout: 60_000 });
  const status = page.locator('.queue .toolbar .muted').first();
  expect(Number((await status.innerText()).split('/')[1]!.replace(/\D/g, ''))).toBeGreaterThan(0);
  // The status bar shows the real today.
  const bar = await page.locator('footer.statusbar').innerText();
  expect(realDays().some((d) => bar.includes(`Tänään ${formatFi(d)}`)), bar).toBe(true);
  await page.screenshot({ path: path.join(root, 'test-results/first-start-queue.png') });
  const receivedShown = await page.locator('.ag-row .ag-cell[col-id="received"]').allInnerTexts();
  await context.close();

  // The county was made for the real today: nothing in it happened after now.
  const db = new Database(path.join(dataDir, 'luotsi.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const last = realDays().at(-1)!;
    const latest = db.prepare('SELECT received_at FROM intake_items').pluck().all() as string[];
    expect(latest.length).toBe(150_000);
    const helsinkiTimes = new Set(latest.map((t) => formatDateTime(t, 'fi')));
    expect(receivedShown.length).toBeGreaterThan(5);
    expect(receivedShown.filter((t) => !helsinkiTimes.has(t.trim()))).toEqual([]);
    expect(latest.reduce((m, t) => Math.max(m, Date.parse(t)), 0)).toBeLessThanOrEqual(Date.now());
    expect(db.prepare('SELECT count(*) FROM decisions WHERE decided_on > ?').pluck().get(last)).toBe(0);
  } finally {
    db.close();
  }
});

test('the CLI seed without --today makes a county of the real today', async () => {
  test.setTimeout(10 * 60_000);
  const file = path.join(dataDir, 'cli.sqlite');
  const r = spawnSync('npm', ['run', '--silent', 'luotsi', '--', 'seed', '--clients', '300', '--db', file, '--json'], { cwd: root, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const json = JSON.parse(r.stdout.trim().split('\n').pop()!) as { clients: number; today: string };
  expect(json.clients).toBe(300);
  expect(realDays()).toContain(json.today);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    expect(db.prepare('SELECT count(*) FROM clients').pluck().get()).toBe(300);
    const received = db.prepare('SELECT received_at FROM intake_items').pluck().all() as string[];
    expect(received.length).toBeGreaterThan(0);
    expect(received.filter((t) => Date.parse(t) > Date.now())).toEqual([]);
  } finally {
    db.close();
  }
});
