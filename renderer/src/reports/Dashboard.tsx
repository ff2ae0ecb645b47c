// Raportit › Yleiskuva: the key figures and one card per figure, each with a chart (recharts: SVG, offline, the
// same in Electron and in the browser host), its numbers as a table and its cases one click away.
import { memo, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { CaseFilter, DashboardDto, Figure } from '../../../shared/contract/report-schemas';
import { INTAKE_TYPES } from '../../../shared/domain/intake';
import { TIMELINESS } from '../../../shared/domain/reports';
import { SERVICE_LEVELS } from '../../../shared/domain/rai';
import { formatFi } from '../../../shared/domain/dates';
import { FigureCard } from './FigureCard';
import { keyBar } from './KeyBars';
import { ChartSlot } from './ChartSlot';

export type OpenCases = (figure: Figure, filter: Partial<CaseFilter>, what: string) => void;

const TYPE_COLORS: Record<string, string> = { concern_report: '#b45309', application: '#0b5f7a', service_request: '#4f7cac', hospital_discharge: '#8e44ad' };
const TIMELINESS_COLORS: Record<string, string> = { on_time: '#1f7a3a', late: '#c2410c', overdue: '#9b1c1c', pending: '#8a96a3', no_record: '#cbd2d9' };
const LEVEL_COLORS: Record<string, string> = { green: '#2e7d32', yellow: '#d4a017', red: '#b71c1c' };
const SERIES = ['#0b5f7a', '#c2410c', '#6b4fa0', '#2e7d32', '#8a96a3', '#b45309'];
const animation = { isAnimationActive: false } as const;

function Chart({ children }: { children: React.ReactElement<{ width?: number; height?: number }> }) {
  return <ChartSlot>{children}</ChartSlot>;
}

/** The dashboard as its parts arrive: the period and scope at once, each figure (and its key figures) when its part comes. */
export type DashboardView = Pick<DashboardDto, 'period' | 'scope' | 'seconds'> & { kpis: Partial<DashboardDto['kpis']> } & Partial<Omit<DashboardDto, 'period' | 'scope' | 'seconds' | 'kpis'>>;

export function Dashboard({ d, open, areaName }: { d: DashboardView; open: OpenCases; areaName: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const sv = i18n.language === 'sv';
  const locale = sv ? 'sv-FI' : 'fi-FI';
  const n = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toLocaleString(locale, { maximumFractionDigits: 1 }));
  const kn = (x: number | undefined) => (x === undefined ? '…' : n(x)); // a key figure whose part is still coming
  const bucketLabel = (key: string) => (/^\d{4}-\d{2}$/.test(key) ? `${Number(key.slice(5))}/${key.slice(0, 4)}` : key.replace(/^(\d{4})-W(\d+)$/, (_, y: string, w: string) => `${sv ? 'v' : 'vk'} ${Number(w)}/${y}`));
  const bucketWhat = (key: string) => bucketLabel(key);

  const full = d as DashboardDto; // each figure is drawn only once its part is here (d.<part> checked below)
  const intakeData = useMemo(() => (d.intake?.byBucket ?? []).map((b) => ({ bucket: b.bucket, label: bucketLabel(b.bucket), ...b.counts })), [d]);
  const assessData = useMemo(() => (d.assessments?.byBucket ?? []).map((b) => ({ bucket: b.bucket, label: bucketLabel(b.bucket), ...b.counts })), [d]);
  const levelData = useMemo(() => (d.levels?.byBucket ?? []).map((b) => ({ bucket: b.bucket, label: bucketLabel(b.bucket), ...b.counts })), [d]);
  const letterChannels = useMemo(() => [...new Set((d.letters?.byBucket ?? []).flatMap((b) => Object.keys(b.counts)))].sort(), [d]);
  const letterData = useMemo(() => (d.letters?.byBucket ?? []).map((b) => ({ bucket: b.bucket, label: bucketLabel(b.bucket), ...b.counts })), [d]);
  const svc = (w: DashboardDto['waiting']['byService'][number]) => (sv ? w.nameSv : w.nameFi);
  const k = d.kpis;
  const pct = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '…' : b === 0 ? '–' : `${Math.round((a / b) * 100)} %`);
  const threshold = d.heavyHomeCare?.threshold ?? 61;

  // Each bar is a button for the mouse and the keyboard (KeyBars.tsx): its name says what it counts and how many.
  const bar = (series: number, dataKey: string, figure: Figure, extra: (row: { bucket: string }) => Partial<CaseFilter>, what: (row: { bucket: string }) => string) =>
    keyBar(series, dataKey, (row, value) => t('rep.barLabel', { what: what(row), value: n(value) }), (row) => open(figure, extra(row), what(row)));
  const waitName = (service: string) => {
    const w = d.waiting?.byService.find((x) => x.service === service);
    return w ? svc(w) : service;
  };

  return (
    <div className="dashboard">
      <section className="kpis" aria-label={t('rep.tabs.dashboard')}>
        <Kpi label={t('rep.kpi.intake')} value={kn(k.intake)} onOpen={() => open('intake', {}, t('rep.kpi.intake'))} />
        <Kpi label={t('rep.kpi.openAtEnd')} value={kn(k.openAtEnd)} onOpen={() => open('open', {}, t('rep.kpi.openAtEnd'))} />
        <Kpi label={t('rep.kpi.onTime')} value={pct(k.assessmentsOnTime, k.assessmentsTimed)} sub={`${kn(k.assessmentsOnTime)} / ${kn(k.assessmentsTimed)}`} onOpen={() => open('assessments', { timeliness: 'on_time' }, t('rep.kpi.onTime'))} />
        <Kpi label={t('rep.kpi.decisions')} value={kn(k.decisions)} onOpen={() => open('decisions', {}, t('rep.kpi.decisions'))} />
        <Kpi label={t('rep.kpi.started')} value={kn(k.servicesStarted)} sub={`${pct(k.startedWithinLimit, k.servicesStarted)} ${t('rep.kpi.withinLimit')}`} onOpen={() => open('waiting', { segment: 'started' }, t('rep.kpi.started'))} />
        <Kpi label={t('rep.kpi.waitingAtEnd')} value={kn(k.waitingAtEnd)} onOpen={() => open('waiting', { segment: 'waitingAtEnd' }, t('rep.kpi.waitingAtEnd'))} />
        <Kpi label={t('rep.kpi.overdueNow')} value={kn(k.overdueNow)} bad={(k.overdueNow ?? 0) > 0} onOpen={() => open('overdue', {}, t('rep.kpi.overdueNow'))} />
      </section>

      <div className="figures">
        <Part deps={[d.intake, k.intake, i18n.language, open]} render={() => (
  d.intake ? (
          <FigureCard
            id="fig-intake"
            title={t('rep.fig.intake')}
            definition={t('rep.defs.intake')}
            chartLabel={`${t('rep.fig.intake')}: ${kn(k.intake)}`}
            chart={
              <Chart>
                <BarChart accessibilityLayer={false} data={intakeData} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="label" tick={{ fontSize: 12 }} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  {INTAKE_TYPES.map((ty, si) => (
                    <Bar
                      key={ty}
                      dataKey={ty}
                      name={t(`type.${ty}`)}
                      stackId="a"
                      fill={TYPE_COLORS[ty]}
                      cursor="pointer"
                      shape={bar(si, ty, 'intake', (r) => ({ bucket: r.bucket, type: ty }), (r) => `${t(`type.${ty}`)}, ${bucketWhat(r.bucket)}`)}
                      {...animation}
                    />
                  ))}
                </BarChart>
              </Chart>
            }
            table={{
              header: [t('rep.col.bucket'), ...INTAKE_TYPES.map((ty) => t(`type.${ty}`)), t('rep.total')],
              rows: full.intake.byBucket.map((b) => [bucketLabel(b.bucket), ...INTAKE_TYPES.map((ty) => b.counts[ty]), INTAKE_TYPES.reduce((s, ty) => s + b.counts[ty], 0)]),
              numeric: (c) => c > 0,
              action: (r, c) => {
                const b = full.intake.byBucket[r]!;
                const ty = INTAKE_TYPES[c - 1];
                if (c === 0) return null;
                return () => open('intake', { bucket: b.bucket, type: ty ?? null }, `${ty ? t(`type.${ty}`) : t('rep.total')}, ${bucketWhat(b.bucket)}`);
              },
            }}
          >
            <details className="figure-table">
              <summary>{t('rep.fig.intakeChannels')}</summary>
              <div className="table-scroll" tabIndex={0} role="region" aria-label={t('rep.fig.intakeChannels')}>
                <table className="list numeric">
                  <thead>
                    <tr>
                      <th scope="col">{t('rep.col.type')}</th>
                      <th scope="col">{t('rep.col.channel')}</th>
                      <th scope="col">{t('rep.col.count')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {full.intake.byTypeChannel.map((r) => (
                      <tr key={`${r.type}-${r.channel}`}>
                        <th scope="row">{t(`type.${r.type}`)}</th>
                        <td>{t(`channel.${r.channel}`)}</td>
                        <td className="num">
                          <button className="link" onClick={() => open('intake', { type: r.type, channel: r.channel }, `${t(`type.${r.type}`)}, ${t(`channel.${r.channel}`)}`)}>
                            {n(r.count)}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </FigureCard>
        ) : (
          <PendingFigure id="fig-intake" title={t('rep.fig.intake')} />
        )
        )} />

        <Part deps={[d.open, k.openAtEnd, i18n.language, open]} render={() => (
  d.open ? (
          <FigureCard
            id="fig-open"
            title={t('rep.fig.open')}
            definition={t('rep.defs.open')}
            chartLabel={`${t('rep.fig.open')}: ${n(k.openAtEnd)}`}
            chart={
              <Chart>
                <BarChart accessibilityLayer={false} data={full.open.byAge.map((a) => ({ bucket: a.age, label: a.age, count: a.count, urgent: a.urgent }))} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="label" tick={{ fontSize: 12 }} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
                  <Tooltip />
                  <Bar dataKey="count" name={t('rep.col.count')} fill="#0b5f7a" cursor="pointer" shape={bar(0, 'count', 'open', (r) => ({ age: r.bucket }), (r) => `${t('rep.col.age')} ${r.bucket}`)} {...animation} />
                </BarChart>
              </Chart>
            }
            table={{
              header: [t('rep.col.age'), t('rep.col.count'), t('rep.col.urgent')],
              rows: full.open.byAge.map((a) => [a.age, a.count, a.urgent]),
              numeric: (c) => c > 0,
              action: (r, c) => (c === 1 ? () => open('open', { age: full.open.byAge[r]!.age }, `${t('rep.col.age')} ${full.open.byAge[r]!.age}`) : null),
            }}
          />
        ) : (
          <PendingFigure id="fig-open" title={t('rep.fig.open')} />
        )
        )} />

        <Part deps={[d.assessments, k.assessmentsOnTime, k.assessmentsTimed, i18n.language, open]} render={() => (
  d.assessments ? (
          <FigureCard
            id="fig-assessments"
            title={t('rep.fig.assessments')}
            definition={t('rep.defs.assessments')}
            chartLabel={`${t('rep.fig.assessments')}: ${pct(k.assessmentsOnTime, k.assessmentsTimed)}`}
            chart={
              <Chart>
                <BarChart accessibilityLayer={false} data={assessData} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="label" tick={{ fontSize: 12 }} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  {TIMELINESS.map((tl, si) => (
                    <Bar
                      key={tl}
                      dataKey={tl}
                      name={t(`rep.timeliness.${tl}`)}
                      stackId="a"
                      fill={TIMELINESS_COLORS[tl]}
                      cursor="pointer"
                      shape={bar(si, tl, 'assessments', (r) => ({ bucket: r.bucket, timeliness: tl }), (r) => `${t(`rep.timeliness.${tl}`)}, ${bucketWhat(r.bucket)}`)}
                      {...animation}
                    />
                  ))}
                </BarChart>
              </Chart>
            }
            table={{
              header: [t('rep.col.bucket'), ...TIMELINESS.map((tl) => t(`rep.timeliness.${tl}`))],
              rows: full.assessments.byBucket.map((b) => [bucketLabel(b.bucket), ...TIMELINESS.map((tl) => b.counts[tl])]),
              numeric: (c) => c > 0,
              action: (r, c) => {
                const tl = TIMELINESS[c - 1];
                const b = full.assessments.byBucket[r]!;
                return tl ? () => open('assessments', { bucket: b.bucket, timeliness: tl }, `${t(`rep.timeliness.${tl}`)}, ${bucketWhat(b.bucket)}`) : null;
              },
            }}
          />
        ) : (
          <PendingFigure id="fig-assessments" title={t('rep.fig.assessments')} />
        )
        )} />

        <Part deps={[d.decisions, k.decisions, i18n.language, open]} render={() => (
  d.decisions ? (
          <FigureCard
            id="fig-decisions"
            title={t('rep.fig.decisions')}
            definition={t('rep.defs.decisions')}
            chartLabel={`${t('rep.fig.decisions')}: ${n(k.decisions)}`}
            chart={
              <Chart>
                <BarChart accessibilityLayer={false}
                  data={full.decisions.byKindOutcome.map((r) => ({ bucket: `${r.kind}|${r.outcome}`, label: `${t(`rep.kind.${r.kind}`)}: ${t(`rep.outcome.${r.outcome}`)}`, count: r.count }))}
                  layout="vertical"
                  margin={{ top: 8, right: 16, left: 8, bottom: 0 }}
                >
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
                  <YAxis type="category" dataKey="label" width={230} tick={{ fontSize: 12 }} />
                  <Tooltip />
                  <Bar
                    dataKey="count"
                    name={t('rep.col.count')}
                    fill="#4f7cac"
                    cursor="pointer"
                    shape={bar(
                      0,
                      'count',
                      'decisions',
                      (r) => {
                        const [kind, outcome] = r.bucket.split('|') as [CaseFilter['kind'], CaseFilter['outcome']];
                        return { kind, outcome };
                      },
                      (r) => r.bucket.split('|').map((x, i) => t(i === 0 ? `rep.kind.${x}` : `rep.outcome.${x}`)).join(': '),
                    )}
                    {...animation}
                  />
                </BarChart>
              </Chart>
            }
            table={{
              header: [t('rep.col.kind'), t('rep.col.outcome'), t('rep.col.count')],
              rows: full.decisions.byKindOutcome.map((r) => [t(`rep.kind.${r.kind}`), t(`rep.outcome.${r.outcome}`), r.count]),
              numeric: (c) => c === 2,
              action: (r, c) => {
                const x = full.decisions.byKindOutcome[r]!;
                return c === 2 ? () => open('decisions', { kind: x.kind, outcome: x.outcome }, `${t(`rep.kind.${x.kind}`)}: ${t(`rep.outcome.${x.outcome}`)}`) : null;
              },
            }}
          />
        ) : (
          <PendingFigure id="fig-decisions" title={t('rep.fig.decisions')} />
        )
        )} />

        <Part deps={[d.waiting, i18n.language, open]} render={() => (
  d.waiting ? (
          <FigureCard
            id="fig-waiting"
            title={t('rep.fig.waiting')}
            definition={t('rep.defs.waiting')}
            chartLabel={t('rep.fig.waitingChart')}
            chart={
              <Chart>
                <BarChart accessibilityLayer={false}
                  data={full.waiting.byService.map((w) => ({ bucket: w.service, label: svc(w), mean: w.decisionToStart.mean, median: w.decisionToStart.median, p90: w.decisionToStart.p90 }))}
                  margin={{ top: 16, right: 8, left: 0, bottom: 0 }}
                >
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="label" tick={{ fontSize: 12 }} interval={0} angle={-20} textAnchor="end" height={72} />
                  <YAxis tick={{ fontSize: 12 }} width={48} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  <ReferenceLine y={91} stroke="#9b1c1c" strokeDasharray="6 3" label={{ value: '3 kk', position: 'insideTopRight', fontSize: 12, fill: '#9b1c1c' }} />
                  {(['mean', 'median', 'p90'] as const).map((m, i) => (
                    <Bar
                      key={m}
                      dataKey={m}
                      name={`${t('rep.col.d2s')}: ${t(`rep.col.${m}`)}`}
                      fill={SERIES[i]}
                      cursor="pointer"
                      shape={bar(i, m, 'waiting', (r) => ({ service: r.bucket, segment: 'started' }), (r) => `${waitName(r.bucket)}: ${t('rep.col.d2s')}, ${t(`rep.col.${m}`)}`)}
                      {...animation}
                    />
                  ))}
                </BarChart>
              </Chart>
            }
            table={{
              header: [
                t('rep.col.service'),
                `${t('rep.col.p2d')}: ${t('rep.col.cases')}`,
                `${t('rep.col.p2d')}: ${t('rep.col.mean')}`,
                `${t('rep.col.p2d')}: ${t('rep.col.median')}`,
                `${t('rep.col.p2d')}: ${t('rep.col.p90')}`,
                `${t('rep.col.d2s')}: ${t('rep.col.cases')}`,
                `${t('rep.col.d2s')}: ${t('rep.col.mean')}`,
                `${t('rep.col.d2s')}: ${t('rep.col.median')}`,
                `${t('rep.col.d2s')}: ${t('rep.col.p90')}`,
                `${t('rep.col.p2s')}: ${t('rep.col.mean')}`,
                `${t('rep.col.p2s')}: ${t('rep.col.median')}`,
                `${t('rep.col.p2s')}: ${t('rep.col.p90')}`,
                t('rep.col.within'),
                t('rep.col.late'),
                t('rep.col.waitingAtEnd'),
                t('rep.col.waitingOverdue'),
                t('rep.col.notStarted'),
              ],
              rows: full.waiting.byService.map((w) => [
                svc(w),
                w.pendingToDecision.count,
                w.pendingToDecision.mean,
                w.pendingToDecision.median,
                w.pendingToDecision.p90,
                w.decisionToStart.count,
                w.decisionToStart.mean,
                w.decisionToStart.median,
                w.decisionToStart.p90,
                w.pendingToStart.mean,
                w.pendingToStart.median,
                w.pendingToStart.p90,
                w.startedWithinLimit,
                w.startedLate,
                w.waitingAtEnd,
                w.waitingOverdueAtEnd,
                w.notStarted,
              ]),
              numeric: (c) => c > 0,
              action: (r, c) => {
                const w = full.waiting.byService[r]!;
                const seg = ({ 1: 'decided', 5: 'started', 12: 'started', 13: 'startedLate', 14: 'waitingAtEnd', 15: 'waitingOverdueAtEnd', 16: 'notStarted' } as Record<number, CaseFilter['segment']>)[c];
                return seg ? () => open('waiting', { service: w.service, segment: seg }, `${svc(w)}: ${t(`rep.segment.${seg}`)}`) : null;
              },
            }}
          />
        ) : (
          <PendingFigure id="fig-waiting" title={t('rep.fig.waiting')} />
        )
        )} />

        <Part deps={[d.levels, i18n.language, open]} render={() => (
  d.levels ? (
          <FigureCard
            id="fig-levels"
            title={t('rep.fig.levels')}
            definition={t('rep.defs.levels')}
            chartLabel={t('rep.fig.levels')}
            chart={
              <Chart>
                <BarChart accessibilityLayer={false} data={levelData} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="label" tick={{ fontSize: 12 }} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  {SERVICE_LEVELS.map((l, si) => (
                    <Bar
                      key={l}
                      dataKey={l}
                      name={t(`rep.serviceLevel.${l}`)}
                      stackId="a"
                      fill={LEVEL_COLORS[l]}
                      cursor="pointer"
                      shape={bar(si, l, 'levels', (r) => ({ bucket: r.bucket, level: l }), (r) => `${t(`rep.serviceLevel.${l}`)}, ${bucketWhat(r.bucket)}`)}
                      {...animation}
                    />
                  ))}
                </BarChart>
              </Chart>
            }
            table={{
              header: [t('rep.col.bucket'), ...SERVICE_LEVELS.map((l) => t(`rep.serviceLevel.${l}`))],
              rows: full.levels.byBucket.map((b) => [bucketLabel(b.bucket), ...SERVICE_LEVELS.map((l) => b.counts[l])]),
              numeric: (c) => c > 0,
              action: (r, c) => {
                const l = SERVICE_LEVELS[c - 1];
                const b = full.levels.byBucket[r]!;
                return l ? () => open('levels', { bucket: b.bucket, level: l }, `${t(`rep.serviceLevel.${l}`)}, ${bucketWhat(b.bucket)}`) : null;
              },
            }}
          >
            <h3 className="section-title">{t('rep.fig.shift')}</h3>
            <ul className="shift">
              {(['lighter', 'same', 'heavier'] as const).map((s) => (
                <li key={s}>
                  {t(`rep.shift.${s}`)}:{' '}
                  <button className="link" onClick={() => open('levels', { shift: s }, `${t('rep.fig.shift')}: ${t(`rep.shift.${s}`)}`)}>
                    {n(full.levels.shift[s])}
                  </button>
                </li>
              ))}
            </ul>
          </FigureCard>
        ) : (
          <PendingFigure id="fig-levels" title={t('rep.fig.levels')} />
        )
        )} />

        <Part deps={[d.heavyHomeCare, i18n.language, open]} render={() => (
  d.heavyHomeCare ? (
          <FigureCard
            id="fig-heavy"
            title={t('rep.fig.heavy', { threshold })}
            definition={t('rep.defs.heavy', { threshold })}
            chartLabel={`${t('rep.fig.heavy', { threshold })}: ${n(full.heavyHomeCare.clients)}`}
            chart={
              <Chart>
                <BarChart accessibilityLayer={false}
                  data={[
                    { bucket: 'reviewed', label: t('rep.col.reviewed'), count: full.heavyHomeCare.reviewed },
                    { bucket: 'notReviewed', label: t('rep.col.notReviewed'), count: full.heavyHomeCare.notReviewed },
                  ]}
                  layout="vertical"
                  margin={{ top: 8, right: 16, left: 8, bottom: 0 }}
                >
                  <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
                  <YAxis type="category" dataKey="label" width={120} tick={{ fontSize: 12 }} />
                  <Tooltip />
                  <Bar
                    dataKey="count"
                    name={t('rep.col.clients')}
                    fill="#6b4fa0"
                    cursor="pointer"
                    shape={bar(0, 'count', 'heavyHomeCare', (r) => ({ reviewed: r.bucket === 'reviewed' }), (r) => `${t('rep.fig.heavy', { threshold })}: ${r.bucket === 'reviewed' ? t('rep.col.reviewed') : t('rep.col.notReviewed')}`)}
                    {...animation}
                  />
                </BarChart>
              </Chart>
            }
            table={{
              header: [t('rep.col.clients'), t('rep.col.reviewed'), t('rep.col.notReviewed')],
              rows: [[full.heavyHomeCare.clients, full.heavyHomeCare.reviewed, full.heavyHomeCare.notReviewed]],
              numeric: () => true,
              action: (_r, c) => () => open('heavyHomeCare', { reviewed: c === 0 ? null : c === 1 }, t('rep.fig.heavy', { threshold })),
            }}
          />
        ) : (
          <PendingFigure id="fig-heavy" title={t('rep.fig.heavy', { threshold })} />
        )
        )} />

        <Part deps={[d.reassessments, i18n.language, open]} render={() => (
  d.reassessments ? (
          <FigureCard
            id="fig-reassessments"
            title={t('rep.fig.reassessments')}
            definition={t('rep.defs.reassessments')}
            chartLabel={t('rep.fig.reassessments')}
            chart={
              <Chart>
                <BarChart accessibilityLayer={false}
                  data={(['done', 'overdue', 'overdue_before', 'upcoming'] as const).map((s) => ({ bucket: s, label: t(`rep.reassessment.${s}`), count: full.reassessments[s] }))}
                  layout="vertical"
                  margin={{ top: 8, right: 16, left: 8, bottom: 0 }}
                >
                  <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
                  <YAxis type="category" dataKey="label" width={190} tick={{ fontSize: 12 }} />
                  <Tooltip />
                  <Bar
                    dataKey="count"
                    name={t('rep.col.clients')}
                    fill="#0b5f7a"
                    cursor="pointer"
                    shape={bar(0, 'count', 'reassessments', (r) => ({ reassessment: r.bucket as CaseFilter['reassessment'] }), (r) => `${t('rep.fig.reassessments')}: ${t(`rep.reassessment.${r.bucket}`)}`)}
                    {...animation}
                  />
                </BarChart>
              </Chart>
            }
            table={{
              header: [t('rep.col.state'), t('rep.col.clients')],
              rows: (['done', 'overdue', 'overdue_before', 'upcoming'] as const).map((s) => [t(`rep.reassessment.${s}`), full.reassessments[s]]),
              numeric: (c) => c === 1,
              action: (r, c) => {
                const s = (['done', 'overdue', 'overdue_before', 'upcoming'] as const)[r]!;
                return c === 1 ? () => open('reassessments', { reassessment: s }, `${t('rep.fig.reassessments')}: ${t(`rep.reassessment.${s}`)}`) : null;
              },
            }}
          />
        ) : (
          <PendingFigure id="fig-reassessments" title={t('rep.fig.reassessments')} />
        )
        )} />

        <Part deps={[d.letters, i18n.language, open]} render={() => (
  d.letters ? (
          <FigureCard
            id="fig-letters"
            title={t('rep.fig.letters')}
            definition={t('rep.defs.letters')}
            chartLabel={t('rep.fig.letters')}
            chart={
              <Chart>
                <BarChart accessibilityLayer={false} data={letterData} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="label" tick={{ fontSize: 12 }} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  {letterChannels.map((c, i) => (
                    <Bar
                      key={c}
                      dataKey={c}
                      name={t(`rep.sendChannel.${c}`, { defaultValue: c })}
                      stackId="a"
                      fill={SERIES[i % SERIES.length]}
                      cursor="pointer"
                      shape={bar(i, c, 'letters', (r) => ({ bucket: r.bucket, sendChannel: c }), (r) => `${t(`rep.sendChannel.${c}`, { defaultValue: c })}, ${bucketWhat(r.bucket)}`)}
                      {...animation}
                    />
                  ))}
                </BarChart>
              </Chart>
            }
            table={{
              header: [t('rep.col.bucket'), ...letterChannels.map((c) => t(`rep.sendChannel.${c}`, { defaultValue: c }))],
              rows: full.letters.byBucket.map((b) => [bucketLabel(b.bucket), ...letterChannels.map((c) => b.counts[c] ?? 0)]),
              numeric: (c) => c > 0,
              action: (r, c) => {
                const ch = letterChannels[c - 1];
                const b = full.letters.byBucket[r]!;
                return ch ? () => open('letters', { bucket: b.bucket, sendChannel: ch }, `${t(`rep.sendChannel.${ch}`, { defaultValue: ch })}, ${bucketWhat(b.bucket)}`) : null;
              },
            }}
          />
        ) : (
          <PendingFigure id="fig-letters" title={t('rep.fig.letters')} />
        )
        )} />

        <Part deps={[d.revenue, i18n.language, open]} render={() => (
  d.revenue ? (
          <FigureCard
            id="fig-revenue"
            title={t('rep.fig.revenue')}
            definition={t('rep.defs.revenue')}
            chartLabel={t('rep.fig.revenue')}
            chart={
              <Chart>
                <BarChart accessibilityLayer={false} data={full.revenue.byMonth.map((m) => ({ bucket: m.month, label: bucketLabel(m.month), net: m.netCents / 100 }))} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="label" tick={{ fontSize: 12 }} />
                  <YAxis tick={{ fontSize: 12 }} width={70} />
                  <Tooltip formatter={(v) => `${Number(v).toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`} />
                  <Bar dataKey="net" name={`${t('rep.col.net')} (€)`} fill="#2e7d32" cursor="pointer" shape={bar(0, 'net', 'revenue', (r) => ({ month: r.bucket }), (r) => `${t('rep.fig.revenue')}, ${bucketWhat(r.bucket)}`)} {...animation} />
                </BarChart>
              </Chart>
            }
            table={{
              header: [t('rep.col.month'), t('rep.col.invoices'), `${t('rep.col.invoiced')} (€)`, `${t('rep.col.credited')} (€)`, `${t('rep.col.net')} (€)`],
              rows: full.revenue.byMonth.map((m) => [bucketLabel(m.month), m.invoices, m.invoicedCents / 100, m.creditedCents / 100, m.netCents / 100]),
              numeric: (c) => c > 0,
              action: (r, c) => (c === 1 ? () => open('revenue', { month: full.revenue.byMonth[r]!.month }, `${t('rep.fig.revenue')}, ${bucketWhat(full.revenue.byMonth[r]!.month)}`) : null),
            }}
          />
        ) : (
          <PendingFigure id="fig-revenue" title={t('rep.fig.revenue')} />
        )
        )} />

        <Part deps={[d.overdueByWorker, k.overdueNow, i18n.language, open]} render={() => (
  d.overdueByWorker ? (
          <FigureCard
            id="fig-overdue"
            title={t('rep.fig.overdue')}
            definition={t('rep.defs.overdue')}
            chartLabel={`${t('rep.fig.overdue')}: ${n(k.overdueNow)}`}
            table={{
              header: [t('rep.col.worker'), t('rep.col.overdue'), t('rep.col.oldest')],
              rows: full.overdueByWorker.map((w) => [w.name, w.overdue, w.oldestDaysLate]),
              numeric: (c) => c > 0,
              action: (r, c) => {
                const w = full.overdueByWorker[r]!;
                return c === 1 ? () => open('overdue', { workerId: w.workerId }, `${t('rep.fig.overdue')}: ${w.name}`) : null;
              },
            }}
          >
            {full.overdueByWorker.length > 0 ? (
              <ol className="overdue-workers">
                {full.overdueByWorker.slice(0, 8).map((w) => (
                  <li key={w.workerId ?? w.name}>
                    <button className="link" onClick={() => open('overdue', { workerId: w.workerId }, `${t('rep.fig.overdue')}: ${w.name}`)}>
                      {w.name}
                    </button>{' '}
                    <strong className="bad">{n(w.overdue)}</strong> <span className="muted">({t('rep.col.oldest')} {n(w.oldestDaysLate)})</span>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">{t('rep.noData')}</p>
            )}
          </FigureCard>
        ) : (
          <PendingFigure id="fig-overdue" title={t('rep.fig.overdue')} />
        )
        )} />
      </div>
      <p className="muted small">
        {t('rep.periodText', { from: formatFi(d.period.from), to: formatFi(d.period.to) })} · {d.scope.areaIds.map(areaName).join(', ')} · {t('rep.computed', { seconds: n(d.seconds) })}
      </p>
    </div>
  );
}

function Kpi({ label, value, sub, bad, onOpen }: { label: string; value: string; sub?: string; bad?: boolean; onOpen: () => void }) {
  return (
    <button className={bad ? 'kpi bad-kpi' : 'kpi'} onClick={onOpen}>
      <span className="kpi-value">{value}</span>
      <span className="kpi-label">{label}</span>
      {sub && <span className="kpi-sub">{sub}</span>}
    </button>
  );
}


/**
 * One figure, drawn again only when what it shows changed (its part, its key figures, the language or the
 * period): the parts arrive one by one, and redrawing every chart at each arrival made the page slow.
 */
const Part = memo(
  function Part({ render }: { deps: readonly unknown[]; render: () => ReactNode }) {
    return <>{render()}</>;
  },
  (a, b) => a.deps.length === b.deps.length && a.deps.every((x, i) => Object.is(x, b.deps[i])),
);

/** A figure whose part is still being computed: its heading and a box of the chart's size (the page does not jump). */
function PendingFigure({ id, title }: { id: string; title: string }) {
  const { t } = useTranslation();
  return (
    <section className="figure figure-pending" aria-labelledby={`${id}-title`} aria-busy="true" data-figure={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="chart chart-pending">{t('rep.figureLoading')}</div>
    </section>
  );
}
