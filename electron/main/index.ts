// Electron main: windows, menu, printing and the bridge from ipcMain to the core in a utilityProcess.
// Security per Electron's checklist: context isolation, sandbox, no node integration, CSP, no navigation.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session, shell, utilityProcess, type UtilityProcess } from 'electron';

let backend: UtilityProcess | null = null;
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
  child.on('message', (m: { windowId?: number; message?: { kind: string; id?: number; envelope?: unknown; event?: string; payload?: unknown } }) => {
    if (m.windowId === undefined || !m.message) return;
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
  return child;
}

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
      plugins: true, // Chromium's PDF viewer for letter previews
    },
  });
  const id = win.webContents.id;
  windowsById.set(id, win);
  backend?.postMessage({ kind: 'open', windowId: id });
  win.on('closed', () => {
    backend?.postMessage({ kind: 'close', windowId: id });
    windowsById.delete(id);
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(path.join(__dirname, '../renderer/index.html'));
}

ipcMain.handle('luotsi:invoke', (event, channel: unknown, input: unknown) => {
  const url = event.senderFrame?.url ?? '';
  if (!url.startsWith('file://') && !(process.env.ELECTRON_RENDERER_URL && url.startsWith(process.env.ELECTRON_RENDERER_URL))) {
    return { ok: false, error: { code: 'FORBIDDEN', message: 'Tuntematon lähettäjä.' } };
  }
  if (channel === 'app.printPdf') return printPdf(input);
  const id = nextCall++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    backend?.postMessage({ kind: 'call', windowId: event.sender.id, request: { id, channel, input } });
  });
});

/**
 * Prints a batch's print PDF (written by the core beside its e-kirje ZIP) through the system print dialog: the
 * PDF opens in a hidden window with Chromium's PDF viewer and that window prints.
 */
async function printPdf(input: unknown) {
  const file = (input as { path?: unknown } | null)?.path;
  if (typeof file !== 'string' || !path.isAbsolute(file) || !file.endsWith('-tulostus.pdf') || !fs.existsSync(file)) {
    return { ok: false, error: { code: 'VALIDATION', message: 'Tulostettavaa PDF-tiedostoa ei löydy.' } };
  }
  const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true } });
  try {
    await win.loadURL(pathToFileURL(file).toString());
    const printed = await new Promise<boolean>((resolve) => win.webContents.print({ silent: false, printBackground: true }, (ok) => resolve(ok)));
    return { ok: true, value: { printed } };
  } finally {
    win.destroy();
  }
}

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
