// Raportit: the unit's figures for a chosen period and scope (the county, a service area or one worker), the
// statutory waiting-time publication (vanhuspalvelulaki 26 §) and the queue's situation now. The period and scope
// are checked here as the user types (the same rule the core applies) and again by the core.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseFilter, CasesInput, Figure, ReportScopeInput } from '../../../shared/contract/report-schemas';
import { caseFilter, DASHBOARD_PARTS } from '../../../shared/contract/report-schemas';
import { periodProblem, type Granularity } from '../../../shared/domain/reports';
import { formatFi, isIsoDate } from '../../../shared/domain/dates';
import { isCountyWide } from '../../../shared/roles';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { errorText } from '../guidance/common';
import type { Lang } from '../i18n';
import { Dashboard, type DashboardView } from './Dashboard';
import { CaseList } from './CaseList';
import { QueueOverview } from './QueueOverview';
import { Publication } from './Publication';
import { DEFAULT_PRESET, PRESETS, presetPeriod, type Preset } from '../../../shared/domain/report-presets';
import { DateInput } from '../ui/DateInput';
export { warmCharts } from './ChartSlot';

type Tab = 'dashboard' | 'waiting' | 'queue';

export function ReportsView() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { user, boot } = useApp();
  const countyWide = isCountyWide(user.role);
  const areas = useMemo(() => (countyWide ? boot.areas : boot.areas.filter((a) => user.areaIds.includes(a.id))), [countyWide, boot.areas, user.areaIds]);
  const areaName = useCallback((id: string) => {
    const a = boot.areas.find((x) => x.id === id);
    return a ? (lang === 'sv' ? a.nameSv : a.nameFi) : '';
  }, [boot.areas, lang]);
  const [tab, setTab] = useState<Tab>('dashboard');
  const [preset, setPreset] = useState<Preset>(DEFAULT_PRESET);
  const [period, setPeriod] = useState(() => presetPeriod(DEFAULT_PRESET, boot.today));
  const [level, setLevel] = useState<ReportScopeInput['level']>(countyWide ? 'county' : 'area');
  const [areaId, setAreaId] = useState<string | null>(countyWide ? null : (areas[0]?.id ?? null));
  const [workerId, setWorkerId] = useState<string | null>(null);
  const [granularity, setGranularity] = useState<Granularity | null>(null);
  const [dash, setDash] = useState<DashboardView | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cases, setCases] = useState<{ query: CasesInput; what: string } | null>(null);

  const workers = useMemo(
    () => boot.workers.filter((w) => countyWide || w.areaIds.some((a) => user.areaIds.includes(a))).sort((a, b) => a.displayName.localeCompare(b.displayName, lang)),
    [boot.workers, countyWide, user.areaIds, lang],
  );
  const scope: ReportScopeInput = useMemo(
    () => ({ level, areaId: level === 'county' ? null : level === 'worker' && countyWide ? null : areaId, workerId: level === 'worker' ? workerId : null }),
    [level, areaId, workerId, countyWide],
  );
  // A date typed so that it is not yet a day (DateInput passes the text on): said at the fields, nothing computed.
  const fromBad = !isIsoDate(period.from);
  const toBad = !isIsoDate(period.to);
  const problem = isIsoDate(period.from) && isIsoDate(period.to) ? periodProblem(period.from, period.to, boot.today) : fromBad || toBad ? 'badDate' : null;
  const ready = isIsoDate(period.from) && isIsoDate(period.to) && problem === null && (level !== 'worker' || workerId !== null) && (level !== 'area' || areaId !== null);

  useEffect(() => {
    if (!ready || tab !== 'dashboard') return;
    let stale = false;
    setLoading(true);
    setError(null);
    // Every part asked for at once; each figure is drawn as soon as its part arrives (the slow ones do not hold
    // the rest back). The first refusal (a bad period or area: the same for every part) clears the page.
    setDash(null);
    let pending = DASHBOARD_PARTS.length;
    const started = performance.now();
    for (const part of DASHBOARD_PARTS)
      client.invoke('reports.dashboardPart', { from: period.from, to: period.to, scope, granularity, part }).then(
        (p) => {
          if (stale) return;
          const { part: _part, kpis, seconds: _seconds, ...figures } = p;
          pending--;
          setDash((cur) => ({ ...cur, ...figures, kpis: { ...cur?.kpis, ...kpis }, seconds: Math.round(performance.now() - started) / 1000 }));
          if (pending === 0) setLoading(false);
        },
        (e: unknown) => {
          if (stale) return;
          stale = true;
          setDash(null);
          setError(errorText(e, t('errors.generic')));
          setLoading(false);
        },
      );
    return () => {
      stale = true;
    };
  }, [ready, period, scope, granularity, tab, t]);

  // A printed report carries every figure's table too.
  useEffect(() => {
    const openTables = () => document.querySelectorAll<HTMLDetailsElement>('details.figure-table').forEach((d) => (d.open = true));
    window.addEventListener('beforeprint', openTables);
    return () => window.removeEventListener('beforeprint', openTables);
  }, []);

  const openCases = useCallback(
    (figure: Figure, filter: Partial<CaseFilter>, what: string) =>
      setCases({ query: { from: period.from, to: period.to, scope, granularity, figure, filter: caseFilter.parse(filter) }, what }),
    [period, scope, granularity],
  );

  const choosePreset = (p: Preset) => {
    setPreset(p);
    if (p !== 'custom') setPeriod(presetPeriod(p, boot.today));
  };

  if (cases)
    return (
      <section className="panel reports" aria-labelledby="reports-title">
        <h1 id="reports-title" className="visually-hidden">
          {t('rep.title')}
        </h1>
        <CaseList query={cases.query} what={cases.what} onBack={() => setCases(null)} areaName={areaName} />
      </section>
    );

  return (
    <section className="panel reports" aria-labelledby="reports-title">
      <div className="reports-head">
        <h1 id="reports-title">{t('rep.title')}</h1>
        <div className="tabs" role="tablist" aria-label={t('rep.title')}>
          {(countyWide ? (['dashboard', 'waiting', 'queue'] as const) : (['dashboard', 'queue'] as const)).map((k) => (
            <button key={k} role="tab" id={`rep-tab-${k}`} aria-selected={tab === k} aria-controls={`rep-panel-${k}`} className={tab === k ? 'tab active' : 'tab'} onClick={() => setTab(k)}>
              {t(`rep.tabs.${k}`)}
            </button>
          ))}
        </div>
      </div>
      {tab === 'dashboard' && (
        <div role="tabpanel" id="rep-panel-dashboard" aria-labelledby="rep-tab-dashboard">
          <form className="report-controls no-print" aria-label={t('rep.controls')} onSubmit={(e) => e.preventDefault()}>
            <div className="field">
              <label htmlFor="rep-ctl-1">{t('rep.preset')}</label>
              <select id="rep-ctl-1" value={preset} onChange={(e) => choosePreset(e.target.value as Preset)}>
                {PRESETS.map((p) => (
                  <option key={p} value={p}>
                    {t(`rep.presets.${p}`)}
                  </option>
                ))}
                <option value="custom">{t('rep.presets.custom')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="rep-ctl-2">{t('rep.from')}</label>
              <DateInput
                id="rep-ctl-2"
                value={period.from}
                aria-invalid={fromBad || problem === 'future' || problem === 'tooEarly' || problem === 'tooLong'}
                aria-describedby={problem || fromBad ? 'period-problem' : undefined}
                onChange={(v) => {
                  setPreset('custom');
                  setPeriod((p) => ({ ...p, from: v }));
                }}
              />
            </div>
            <div className="field">
              <label htmlFor="rep-ctl-3">{t('rep.to')}</label>
              <DateInput
                id="rep-ctl-3"
                value={period.to}
                aria-invalid={toBad || problem === 'endBeforeStart'}
                aria-describedby={problem || toBad ? 'period-problem' : undefined}
                onChange={(v) => {
                  setPreset('custom');
                  setPeriod((p) => ({ ...p, to: v }));
                }}
              />
            </div>
            <div className="field">
              <label htmlFor="rep-ctl-4">{t('rep.level')}</label>
              <select id="rep-ctl-4" value={level} onChange={(e) => setLevel(e.target.value as ReportScopeInput['level'])}>
                {countyWide && <option value="county">{t('rep.levels.county')}</option>}
                <option value="area">{t('rep.levels.area')}</option>
                <option value="worker">{t('rep.levels.worker')}</option>
              </select>
            </div>
            {(level === 'area' || (level === 'worker' && !countyWide && areas.length > 1)) && (
              <div className="field">
                <label htmlFor="rep-ctl-5">{t('rep.area')}</label>
                <select id="rep-ctl-5" value={areaId ?? ''} onChange={(e) => setAreaId(e.target.value || null)}>
                  {areas.map((a) => (
                    <option key={a.id} value={a.id}>
                      {lang === 'sv' ? a.nameSv : a.nameFi}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {level === 'worker' && (
              <div className="field">
                <label htmlFor="rep-ctl-6">{t('rep.worker')}</label>
                <select id="rep-ctl-6" value={workerId ?? ''} onChange={(e) => setWorkerId(e.target.value || null)}>
                  <option value="">{t('rep.chooseWorker')}</option>
                  {workers.map((w) => (
                    <option key={w.id} value={w.id}>
                      {w.displayName}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="field">
              <label htmlFor="rep-ctl-7">{t('rep.granularity')}</label>
              <select id="rep-ctl-7" value={granularity ?? 'auto'} onChange={(e) => setGranularity(e.target.value === 'auto' ? null : (e.target.value as Granularity))}>
                <option value="auto">{t('rep.granularities.auto')}</option>
                <option value="week">{t('rep.granularities.week')}</option>
                <option value="month">{t('rep.granularities.month')}</option>
              </select>
            </div>
            <button type="button" onClick={() => window.print()}>
              {t('rep.print')}
            </button>
          </form>
          {problem && (
            <p id="period-problem" className="error" role="alert">
              {t(`rep.problems.${problem}`)}
            </p>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {dash && dash.period.requestedTo !== dash.period.to && !problem && <p className="muted small">{t('rep.clamped', { today: formatFi(dash.period.today) })}</p>}
          <p className="muted small no-print">{t('rep.clickHint')}</p>
          <div className="print-only">
            {t('rep.periodText', { from: formatFi(period.from), to: formatFi(period.to) })}
          </div>
          <div aria-busy={loading} data-loading={loading ? 'yes' : 'no'}>
            {loading && !dash && <div className="loading">{t('rep.loading')}</div>}
            {dash && !problem && !error && <Dashboard d={dash} open={openCases} areaName={areaName} />}
          </div>
        </div>
      )}
      {tab === 'waiting' && countyWide && (
        <div role="tabpanel" id="rep-panel-waiting" aria-labelledby="rep-tab-waiting">
          <Publication />
        </div>
      )}
      {tab === 'queue' && (
        <div role="tabpanel" id="rep-panel-queue" aria-labelledby="rep-tab-queue">
          <QueueOverview />
        </div>
      )}
    </section>
  );
}
