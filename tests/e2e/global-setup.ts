// Starts the browser host on a fresh, seeded SQLite file, redeems its one-time token once and keeps the
// session cookie for the tests. The host process is stopped after the run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type FullConfig } from '@playwright/test';

export const E2E_TODAY = '2026-11-23';

export default async function globalSetup(config: FullConfig) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luotsi-e2e-'));
  const dbPath = path.join(dir, 'e2e.sqlite');
  // The host's clock stands on E2E_TODAY at 10.00 when it starts; test doubles of outside services follow it.
  process.env.LUOTSI_E2E_CLOCK_START = String(Date.now());
  const child = spawn(
    path.join(root, 'node_modules/.bin/tsx'),
    ['electron/browser-host/index.ts', '--db', dbPath, '--today', E2E_TODAY, '--clients', '3000', '--print-urls', '2'],
    { cwd: root, env: { ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}:${process.env.PATH}` }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const urls = await new Promise<string[]>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Browser host did not start:\n${out}`)), 600_000); // a busy machine seeds slowly
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const found = [...out.matchAll(/^URL (\S+)$/gm)].map((m) => m[1]!);
      if (found.length === 2) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.on('exit', (code) => reject(new Error(`Browser host exited with ${code}:\n${out}`)));
  });
  process.env.LUOTSI_E2E_DB = dbPath;
  process.env.LUOTSI_E2E_BASE = new URL(urls[0]!).origin;
  process.env.LUOTSI_E2E_SPARE_URL = urls[1]!;

  const use = config.projects[0]!.use;
  const browser = await chromium.launch(use.launchOptions);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(urls[0]!);
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  await context.storageState({ path: path.join(root, 'test-results/e2e-state.json') });
  await browser.close();

  return async () => {
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
