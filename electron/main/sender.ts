// Which page may call the core over IPC: the app's own renderer page only (its file in the package, or the dev
// server's page in development), in a window the app opened, from its top frame. Pure, so it is unit-tested
// without Electron (tests/unit/electron-config.test.ts).

/** The page an IPC call claims to come from is the app's own page (query and fragment aside). */
export function isAppPage(senderUrl: string, appPageUrl: string): boolean {
  let sender: URL;
  let app: URL;
  try {
    sender = new URL(senderUrl);
    app = new URL(appPageUrl);
  } catch {
    return false;
  }
  if (sender.protocol !== app.protocol) return false;
  if (app.protocol === 'file:') return sender.host === '' && sender.pathname === app.pathname;
  // A development server: same origin (scheme, host and port); any path of it (the SPA has one page).
  return sender.origin === app.origin;
}
