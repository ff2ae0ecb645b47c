// What can be checked of the Electron packaging and glue without running Electron (its binary cannot be
// downloaded here): electron-builder reads and validates electron-builder.yml with its own schema, the fuses are
// the ones the README's security section promises, and the IPC sender check accepts only the app's own page.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { isAppPage } from '../../electron/main/sender';

describe('electron-builder configuration', () => {
  it('is valid for electron-builder and flips the security fuses', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.asar).not.toBe(false);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: true,
    });
  });

  it('a misspelt fuse is refused by the same validation (the check can fail)', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null);
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } as never }, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object[\s\S]*electronFuses/);
  });
});

describe('Electron glue', () => {
  const main = fs.readFileSync(path.resolve('electron/main/index.ts'), 'utf8');

  it('loads plugins only in the hidden print window, and the main window is sandboxed and isolated', () => {
    const windows = [...main.matchAll(/new BrowserWindow\(\{[\s\S]*?webPreferences: \{([\s\S]*?)\}/g)].map((m) => m[1]!);
    expect(windows).toHaveLength(2);
    const [appWindow, printWindow] = windows;
    expect(appWindow).toMatch(/plugins: false/);
    expect(appWindow).toMatch(/contextIsolation: true/);
    expect(appWindow).toMatch(/sandbox: true/);
    expect(appWindow).toMatch(/nodeIntegration: false/);
    expect(printWindow).toMatch(/plugins: true/);
    expect(printWindow).not.toMatch(/preload/);
  });

  it('sends app.printPdf to the core (session, role, known print file) before printing', () => {
    expect(main).toMatch(/const envelope = await callCore\(event\.sender\.id, channel, input\);\s*\n.*\n\s*if \(channel === 'app\.printPdf' && envelope\.ok\)/);
  });

  it('ignores the dev server variable in a packaged app (it would load another page with the core’s IPC)', () => {
    expect(main.match(/process\.env\.ELECTRON_RENDERER_URL/g)).toHaveLength(1);
    expect(main).toMatch(/app\.isPackaged \? undefined : process\.env\.ELECTRON_RENDERER_URL/);
  });

  it('accepts IPC only from the app’s own page', () => {
    const page = pathToFileURL('/opt/Luotsi/resources/app.asar/out/renderer/index.html').href;
    expect(isAppPage(page, page)).toBe(true);
    expect(isAppPage(`${page}#/jono`, page)).toBe(true);
    expect(isAppPage(pathToFileURL('/tmp/evil/index.html').href, page)).toBe(false);
    expect(isAppPage(pathToFileURL('/opt/Luotsi/resources/app.asar/out/renderer/other.html').href, page)).toBe(false);
    expect(isAppPage('file://evil-host/opt/Luotsi/resources/app.asar/out/renderer/index.html', page)).toBe(false);
    expect(isAppPage('https://example.org/', page)).toBe(false);
    expect(isAppPage('not a url', page)).toBe(false);
    const dev = 'http://localhost:5173/';
    expect(isAppPage('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppPage('http://localhost:5174/', dev)).toBe(false);
    expect(isAppPage('http://localhost.evil.example:5173/', dev)).toBe(false);
  });
});
