// Electron main: windows, menu, printing and the bridge from ipcMain to the core in a utilityProcess.
// Security per Electron's checklist: context isolation, sandbox, no node integration, CSP, no navigation, no
// plugins but in the hidden print window, IPC only from the app's own page, fuses set at packaging
// (electron-builder.yml). Printing asks the core first (session, role, a known batch's print file, audited).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session, shell, utilityProcess, type UtilityProcess } from 'electron';
import type { StartupStatus } from '../../shared/contract/channels';
import type { BackendNotice } from '../core/transport/utility-process';
import { isAppPage } from './sender';
import { workstationKey } from './secret-key';

let backend: UtilityProcess | null = null;
let lastStartup: StartupStatus | null = null;
let nextCall = 1;
const pending = new Map<number, (envelope: unknown) => void>();
const windowsById = new Map<number, BrowserWindow>();

function startBackend(): UtilityProcess {
  const child = utilityProcess.fork(path.join(__dirname, 'backend.js'), [], {
    serviceName: 'luotsi-core',
    env: {
      ...process.env,
      LUOTSI_DATA_DIR: process.env.LUOTSI_DATA_DIR ?? app.getPath('userData'),
      LUOTSI_RESOURCES: app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(__dirname, '../../resources'),
    },
  });
  child.on('message', (m: BackendNotice | { windowId?: number; message?: { kind: string; id?: number; envelope?: unknown; event?: string; payload?: unknown } }) => {
    if ('kind' in m && m.kind === 'startup') {
      // The start (a first start generates the demo county): every window shows it until the core is ready.
      lastStartup = m.status;
      for (const win of windowsById.values()) win.webContents.send('luotsi:event', 'app.startup', m.status);
      if (m.status.state === 'failed') dialog.showErrorBox('Luotsi ei käynnistynyt', m.status.message ?? '');
      return;
    }
    if (!('windowId' in m) || m.windowId === undefined || !m.message) return;
    if (m.message.kind === 'response' && typeof m.message.id === 'number') {
      pending.get(m.message.id)?.(m.message.envelope);
      pending.delete(m.message.id);
    } else if (m.message.kind === 'event') {
      windowsById.get(m.windowId)?.webContents.send('luotsi:event', m.message.event, m.message.payload);
    }
  });
  child.on('exit', (code) => {
    if (code !== 0) app.quit();
  });
  // The key that seals stored secrets, from the OS keychain; first message, before any window's call.
  child.postMessage({ kind: 'init', secretKey: workstationKey(app.getPath('userData')) });
  return child;
}

/**
 * The dev server's page (electron-vite sets ELECTRON_RENDERER_URL in development only). A packaged app ignores
 * the variable: otherwise anyone who could set it would load a page of their own with the core's IPC.
 */
const devServerUrl = (): string | undefined => (app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL);

/** The app's own renderer page: the dev server's in development, else the packaged index.html. */
const appPage = () => devServerUrl() ?? pathToFileURL(path.join(__dirname, '../renderer/index.html')).href;

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Luotsi',
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      plugins: false, // letters are previewed with pdf.js; only the hidden print window loads Chromium's PDF viewer
      webviewTag: false,
    },
  });
  const id = win.webContents.id;
  windowsById.set(id, win);
  backend?.postMessage({ kind: 'open', windowId: id });
  win.on('closed', () => {
    backend?.postMessage({ kind: 'close', windowId: id });
    windowsById.delete(id);
  });
  // A window opened during the start gets the latest status at once.
  win.webContents.on('did-finish-load', () => {
    if (lastStartup && lastStartup.state !== 'ready') win.webContents.send('luotsi:event', 'app.startup', lastStartup);
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const dev = devServerUrl();
  if (dev) void win.loadURL(dev);
  else void win.loadFile(path.join(__dirname, '../renderer/index.html'));
}

function callCore(windowId: number, channel: unknown, input: unknown): Promise<{ ok: boolean }> {
  const id = nextCall++;
  return new Promise((resolve) => {
    pending.set(id, resolve as (envelope: unknown) => void);
    backend?.postMessage({ kind: 'call', windowId, request: { id, channel, input } });
  });
}

ipcMain.handle('luotsi:invoke', async (event, channel: unknown, input: unknown) => {
  // Only the app's own page in a window the app opened, from its top frame, reaches the core.
  const frame = event.senderFrame;
  if (!windowsById.has(event.sender.id) || !frame || frame !== event.sender.mainFrame || !isAppPage(frame.url, appPage())) {
    return { ok: false, error: { code: 'FORBIDDEN', message: 'Tuntematon lähettäjä.' } };
  }
  const envelope = await callCore(event.sender.id, channel, input);
  // The core has checked the session, the role and that the path is a completed batch's print PDF (and audited it).
  if (channel === 'app.printPdf' && envelope.ok) return printPdf((input as { path: string }).path);
  return envelope;
});

/**
 * Prints a batch's print PDF (written by the core beside its e-kirje ZIP) through the system print dialog: the
 * PDF opens in a hidden window with Chromium's PDF viewer and that window prints.
 */
async function printPdf(file: string) {
  if (!path.isAbsolute(file) || !file.endsWith('-tulostus.pdf') || !fs.existsSync(file)) {
    return { ok: false, error: { code: 'VALIDATION', message: 'Tulostettavaa PDF-tiedostoa ei löydy.' } };
  }
  // The one window with plugins (Chromium's PDF viewer), hidden, without a preload: it cannot call the core.
  const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true } });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  try {
    await win.loadURL(pathToFileURL(file).toString());
    const printed = await new Promise<boolean>((resolve) => win.webContents.print({ silent: false, printBackground: true }, (ok) => resolve(ok)));
    return { ok: true, value: { printed } };
  } finally {
    win.destroy();
  }
}

// No web contents of this app (including any created later) may attach a webview or open windows.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (ev) => ev.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': ["default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:"],
      },
    });
  });
  backend = startBackend();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  backend?.kill();
  app.quit();
});
