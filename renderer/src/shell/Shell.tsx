import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bootstrap, User } from '../../../shared/contract/schemas';
import { homeSection, ROLE_NAMES, sectionsFor, type Section } from '../../../shared/roles';
import { formatFi } from '../../../shared/domain/dates';
import { client } from '../api/client';
import { errorText } from '../guidance/common';
import { setLanguage, type Lang } from '../i18n';
import { AppContext, type AppContextValue, type NoticeOptions } from './bootstrap';
import { ConfirmDialog, type ConfirmOptions } from '../ui/Dialog';
import { QueueSection } from '../arrangement/QueueSection';
import { ClientsView } from '../clients/ClientsView';
import { ClientCardView } from '../clients/ClientCardView';
// Raportit carries the charting library: loaded when first opened, not at start. Once the chunk is here (the
// prefetch below), the view is drawn directly: React.lazy suspends at its first render even when the module is
// already loaded, and its fallback is held for at least 300 ms (React's fallback throttle), which was most of
// the wait between the click on Raportit and the first request for the figures.
type ReportsViewType = typeof import('../reports/ReportsView').ReportsView;
let loadedReportsView: ReportsViewType | null = null;
let warmCharts: (() => void) | null = null;
const loadReportsView = () =>
  import('../reports/ReportsView').then((m) => {
    loadedReportsView = m.ReportsView;
    warmCharts = m.warmCharts;
    return { default: m.ReportsView };
  });
const LazyReportsView = lazy(loadReportsView);
function ReportsView() {
  // Chosen once per opening: switching from the lazy one to the loaded one later would remount the view.
  const [Loaded] = useState(() => loadedReportsView);
  return Loaded ? <Loaded /> : <LazyReportsView />;
}
import { SettingsView } from '../settings/SettingsView';
import { BillingView } from '../billing/BillingView';
import { LettersView } from '../letters/LettersView';
import { CaseView } from '../guidance/CaseView';
import { DecisionView } from '../decisions/DecisionView';
import { DecisionsView } from '../decisions/DecisionsView';
import { SyncIndicator } from '../sync/SyncIndicator';
import { ConflictsView } from '../sync/ConflictsView';

type Detail = { kind: 'client' | 'item' | 'decision' | 'sync'; id: string };

const ICONS: Record<Section, string> = {
  queue: '☰',
  clients: '☺',
  decisions: '⚖',
  letters: '✉',
  billing: '€',
  reports: '▦',
  settings: '⚙',
};

export function Shell({ user, onUserChange, onSignOut }: { user: User; onUserChange: (u: User) => void; onSignOut: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const sections = useMemo(() => sectionsFor(user.role), [user.role]);
  const [section, setSection] = useState<Section>(() => homeSection(user.role));
  // Detail views opened on top of a section, newest last; "back" returns to the one before.
  const [stack, setStack] = useState<Detail[]>([]);
  const detail = stack[stack.length - 1] ?? null;
  const closeDetails = useCallback(() => setStack([]), []);
  const back = useCallback(() => setStack((s) => s.slice(0, -1)), []);
  const push = useCallback((d: Detail) => setStack((s) => [...s.filter((x) => !(x.kind === d.kind && x.id === d.id)), d].slice(-8)), []);
  const [boot, setBoot] = useState<Bootstrap | null>(null);
  const [toast, setToast] = useState<{ message: string; kind: 'info' | 'error'; options?: NoticeOptions } | null>(null);
  const [asking, setAsking] = useState<{ options: ConfirmOptions; resolve: (v: string | null) => void } | null>(null);
  const [help, setHelp] = useState(false);
  const [connected, setConnected] = useState(true);

  const refreshBoot = useCallback(() => {
    client.invoke('meta.bootstrap', {}).then(setBoot, (e: unknown) => setToast({ message: errorText(e, String(e)), kind: 'error' }));
  }, []);
  useEffect(refreshBoot, [refreshBoot]);
  useEffect(() => client.onStatus(setConnected), []);
  // Raportit's code (its charting library included) is loaded as soon as the browser is idle after the first
  // screen is up, not at the first click on Raportit: the first figures then appear without waiting for the chunk
  // to load and compile (measured on the 30,000-client county: the chunk took ~1 s of the first opening when it
  // was still loading). Then, idle again, one small chart is drawn out of sight: the charting code is compiled
  // there and not at the first chart of Raportit (the first chart took 200–400 ms longer than the others).
  useEffect(() => {
    if (!sections.includes('reports')) return;
    let idle = 0;
    let stopped = false;
    const whenIdle = (f: () => void) => (idle = requestIdleCallback(() => !stopped && f(), { timeout: 2000 }));
    const timer = setTimeout(
      () =>
        whenIdle(
          () =>
            void loadReportsView().then(
              () => whenIdle(() => warmCharts?.()),
              () => undefined,
            ),
        ),
      300,
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
      if (idle) cancelIdleCallback(idle);
    };
  }, [sections]);

  useEffect(() => {
    if (!toast) return;
    const h = setTimeout(() => setToast(null), (toast.options?.seconds ?? (toast.options?.action ? 20 : 6)) * 1000);
    return () => clearTimeout(h);
  }, [toast]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && /^[1-7]$/.test(e.key)) {
        const target = sections[Number(e.key) - 1];
        if (target) {
          e.preventDefault();
          setSection(target);
          closeDetails();
        }
      } else if (e.key === 'F1') {
        e.preventDefault();
        setHelp((h) => !h);
      } else if (e.key === 'Escape') {
        setHelp(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [sections, closeDetails]);

  // Stable callbacks: views depend on them, so a new identity would make them reload their data.
  const openClient = useCallback((id: string) => push({ kind: 'client', id }), [push]);
  const openItem = useCallback((id: string) => push({ kind: 'item', id }), [push]);
  const openDecision = useCallback((id: string) => push({ kind: 'decision', id }), [push]);
  const openConflicts = useCallback(() => push({ kind: 'sync', id: 'conflicts' }), [push]);
  const notify = useCallback((message: string, kind: 'info' | 'error' = 'info', options?: NoticeOptions) => setToast({ message, kind, options }), []);
  const confirm = useCallback((options: ConfirmOptions) => new Promise<string | null>((resolve) => setAsking({ options, resolve })), []);
  const ctx: AppContextValue | null = useMemo(
    () => boot && { user, boot, refreshBoot, openClient, openItem, openDecision, notify, confirm },
    [boot, user, refreshBoot, openClient, openItem, openDecision, notify, confirm],
  );

  const changeLanguage = async (l: Lang) => {
    setLanguage(l);
    try {
      onUserChange(await client.invoke('session.setLanguage', { language: l }));
    } catch {
      /* the UI language still changes locally */
    }
  };

  const signOut = async () => {
    await client.invoke('session.signOut', {}).catch(() => undefined);
    onSignOut();
  };

  if (!ctx) return <div className="loading">{t('queue.loading')}</div>;
  const county = lang === 'sv' ? ctx.boot.countyNameSv : ctx.boot.countyNameFi;

  return (
    <AppContext.Provider value={ctx}>
      <div className="shell">
        <header className="topbar">
          <div className="brand small">
            <span className="brand-mark" aria-hidden>
              ⚓
            </span>
            <strong>{t('app.name')}</strong>
            <span className="muted">{county}</span>
          </div>
          <div className="topbar-right">
            <span>
              {user.displayName} · {ROLE_NAMES[user.role][lang]}
            </span>
            <button className="link" onClick={signOut}>
              {t('shell.signOut')}
            </button>
          </div>
        </header>
        <nav className="sidenav" aria-label="Päävalikko">
          {sections.map((s, i) => (
            <button
              key={s}
              className={s === section && !detail ? 'nav-item active' : 'nav-item'}
              onClick={() => {
                setSection(s);
                closeDetails();
              }}
              title={`Alt+${i + 1}`}
            >
              <span className="nav-icon" aria-hidden>
                {ICONS[s]}
              </span>
              {t(`nav.${s}`)}
            </button>
          ))}
        </nav>
        <main className="content">
          {detail?.kind === 'client' ? (
            <ClientCardView key={detail.id} clientId={detail.id} onBack={back} />
          ) : detail?.kind === 'item' ? (
            <CaseView key={detail.id} itemId={detail.id} onBack={back} />
          ) : detail?.kind === 'decision' ? (
            <DecisionView key={detail.id} decisionId={detail.id} onBack={back} />
          ) : detail?.kind === 'sync' ? (
            <ConflictsView onBack={back} />
          ) : (
            <>
              {section === 'queue' && <QueueSection />}
              {section === 'clients' && <ClientsView />}
              {section === 'reports' && (
                <Suspense fallback={<div className="loading">…</div>}>
                  <ReportsView />
                </Suspense>
              )}
              {section === 'settings' && <SettingsView onLanguage={changeLanguage} />}
              {section === 'decisions' && <DecisionsView />}
              {section === 'letters' && <LettersView />}
              {section === 'billing' && <BillingView />}
            </>
          )}
        </main>
        <footer className="statusbar">
          <span>
            {t('shell.today')} {formatFi(ctx.boot.today)}
          </span>
          <span title={ctx.boot.database.path}>
            {t('shell.local')}: {t('shell.megabytes', { n: (ctx.boot.database.sizeBytes / 1_048_576).toFixed(0) })}, v{ctx.boot.database.schemaVersion}
          </span>
          <span className={connected ? 'ok' : 'bad'}>{connected ? t('shell.connected') : t('shell.disconnected')}</span>
          <SyncIndicator onOpenConflicts={openConflicts} />
          <span className="spacer" />
          <button className="link" onClick={() => setHelp(true)}>
            F1 {t('shell.shortcuts')}
          </button>
          <button className="link" onClick={() => void changeLanguage(lang === 'fi' ? 'sv' : 'fi')}>
            {lang === 'fi' ? 'På svenska' : 'Suomeksi'}
          </button>
        </footer>
        {toast && (
          <div className={`toast ${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
            <span>{toast.message}</span>
            {toast.options?.action && (
              <button
                className="toast-action"
                onClick={() => {
                  const run = toast.options!.action!.run;
                  setToast(null);
                  run();
                }}
              >
                {toast.options.action.label}
              </button>
            )}
            <button className="toast-close" aria-label={t('ui.closeNotice')} onClick={() => setToast(null)}>
              ×
            </button>
          </div>
        )}
        {asking && (
          <ConfirmDialog
            options={asking.options}
            onDone={(v) => {
              asking.resolve(v);
              setAsking(null);
            }}
          />
        )}
        {help && (
          <div className="modal-backdrop" onClick={() => setHelp(false)}>
            <div className="modal" role="dialog" aria-label={t('shell.shortcuts')} onClick={(e) => e.stopPropagation()}>
              <h2>{t('shell.shortcuts')}</h2>
              <table className="plain">
                <tbody>
                  {(t('shell.shortcutList', { returnObjects: true }) as string[][]).map(([k, d]) => (
                    <tr key={k}>
                      <td>
                        <kbd>{k}</kbd>
                      </td>
                      <td>{d}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <button onClick={() => setHelp(false)}>{t('shell.close')}</button>
            </div>
          </div>
        )}
      </div>
    </AppContext.Provider>
  );
}
