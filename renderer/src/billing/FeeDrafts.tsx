// Laskutus › Maksupäätökset: fee decision drafts with old fee, new fee and reason. Billing staff narrow the
// drafts to a target set (fee, start date, reason, area), see what the set changes in total, and either sign
// the selected drafts or make them a mass decision (joukkopäätös): one action that signs them and creates the
// sending batch of their letters, whose progress shows here. Past mass decisions are listed with their batch;
// one whose batch stopped can be carried on. A recalculation of every fee from a date makes the drafts after
// a parameter change (the index revision).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgGridReact } from 'ag-grid-react';
import { useGridDefaults } from '../ui/grid';
import type { ColDef } from 'ag-grid-community';
import type { OutputOf } from '../../../shared/contract/channels';
import { helsinkiDate } from '../../../shared/domain/dates';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { DateInput } from '../ui/DateInput';
import { fi, useFailNotice } from '../guidance/common';
import { BatchProgressPanel, useBatchProgress } from '../letters/BatchProgress';
import type { Lang } from '../i18n';
import { euros } from './format';
import { sectionsFor } from '../../../shared/roles';
import { changeTexts, FeeDraftDetail } from './FeeDraftDetail';

type FeeRow = OutputOf<'fees.decisions'>[number];
type RuleChange = OutputOf<'fees.ruleChanges'>[number];
type Mass = OutputOf<'fees.massDecisions'>[number];

const ALL = '';

export function FeeDrafts() {
  const { t, i18n } = useTranslation();
  const gridDefaults = useGridDefaults();
  const lang = i18n.language as Lang;
  const { notify, boot, user, confirm } = useApp();
  const ask = async (title: string, body: string, confirmLabel: string) => (await confirm({ title, body: <p>{body}</p>, confirmLabel })) !== null;
  const today = boot.today;
  const [rows, setRows] = useState<FeeRow[] | null>(null);
  const [selected, setSelected] = useState<FeeRow[]>([]);
  const [from, setFrom] = useState(`${Number(today.slice(0, 4)) + 1}-01-01`);
  const [busy, setBusy] = useState(false);
  const [target, setTarget] = useState({ feeType: ALL, validFrom: ALL, reason: ALL, areaId: ALL });
  const [title, setTitle] = useState<string | null>(null);
  const [masses, setMasses] = useState<Mass[]>([]);
  const [changes, setChanges] = useState<RuleChange[]>([]);
  // The draft shown old against new beside the grid.
  const [open, setOpen] = useState<string | null>(null);
  const grid = useRef<AgGridReact<FeeRow>>(null);
  const fail = useFailNotice();
  const mayDecide = user.role === 'billing' || user.role === 'service_manager';

  const reload = useCallback(() => {
    client.invoke('fees.decisions', { status: 'draft' }).then(setRows, fail);
    client.invoke('fees.massDecisions', {}).then(setMasses, fail);
    client.invoke('fees.ruleChanges', {}).then(setChanges, fail);
  }, [fail]);
  useEffect(reload, [reload]);
  const progress = useBatchProgress(reload);

  const areaName = useMemo(() => new Map(boot.areas.map((a) => [a.id, lang === 'sv' ? a.nameSv : a.nameFi])), [boot.areas, lang]);
  const shown = useMemo(
    () =>
      (rows ?? []).filter(
        (r) =>
          (target.feeType === ALL || r.feeType === target.feeType) &&
          (target.validFrom === ALL || r.validFrom === target.validFrom) &&
          (target.reason === ALL || r.reason === target.reason) &&
          (target.areaId === ALL || r.areaId === target.areaId),
      ),
    [rows, target],
  );
  const options = useMemo(() => {
    const all = rows ?? [];
    return {
      validFrom: [...new Set(all.map((r) => r.validFrom))].sort(),
      reason: [...new Set(all.map((r) => r.reason))].sort(),
      areaId: [...new Set(all.map((r) => r.areaId))].sort((a, b) => (areaName.get(a) ?? a).localeCompare(areaName.get(b) ?? b, 'fi')),
    };
  }, [rows, areaName]);

  const cols = useMemo<ColDef<FeeRow>[]>(
    () => [
      { field: 'clientName', headerName: t('b.client'), width: 210, pinned: 'left', filter: 'agTextColumnFilter' },
      { field: 'areaId', headerName: t('b.area'), width: 130, valueFormatter: (p) => areaName.get(p.value) ?? '' },
      { field: 'feeType', headerName: t('b.feeType'), width: 200, valueFormatter: (p) => t(`b.feeTypes.${p.value}`) },
      { field: 'validFrom', headerName: t('b.validFrom'), width: 110, valueFormatter: (p) => fi(p.value) },
      { field: 'previousFeeCents', headerName: t('b.oldFee'), width: 120, type: 'rightAligned', valueFormatter: (p) => euros(p.value) },
      { field: 'feeCents', headerName: t('b.newFee'), width: 120, type: 'rightAligned', valueFormatter: (p) => (p.data?.ends ? t('b.ends') : euros(p.value)) },
      {
        colId: 'diff',
        headerName: t('b.difference'),
        width: 120,
        type: 'rightAligned',
        valueGetter: (p) => (p.data && p.data.previousFeeCents !== null ? (p.data.ends ? 0 : p.data.feeCents) - p.data.previousFeeCents : null),
        valueFormatter: (p) => (p.value === null ? '' : `${p.value > 0 ? '+' : ''}${euros(p.value)}`),
        cellClass: (p) => (p.value > 0 ? 'up' : p.value < 0 ? 'down' : ''),
      },
      {
        // What changed, old against new: the reason with its date and the fee's change, then each input or rule.
        colId: 'changes',
        headerName: t('b.whatChanged'),
        width: 360,
        valueGetter: (p) => (p.data ? changeTexts(p.data, lang).join(' · ') : ''),
        tooltipValueGetter: (p) => (p.data ? changeTexts(p.data, lang).join('\n') : ''),
      },
      { field: 'reason', headerName: t('b.reason'), width: 150, valueFormatter: (p) => t(`b.reasons.${p.value}`) },
      { field: 'language', headerName: t('l.language'), width: 70, valueFormatter: (p) => String(p.value).toUpperCase() },
      { field: 'delivery', headerName: t('b.letter'), width: 150, valueFormatter: (p) => t(`l.deliveries.${p.value}`) },
      {
        colId: 'basis',
        headerName: t('b.basis'),
        flex: 1,
        minWidth: 220,
        valueGetter: (p) =>
          p.data?.explanation?.steps
            .filter((s) => ['gross_income', 'net_income', 'income_limit', 'percent', 'hours'].includes(s.key))
            .map((s) => `${t(`b.steps.${s.key}`)} ${s.cents !== undefined ? euros(s.cents) : s.percent !== undefined ? `${s.percent} %` : s.number}`)
            .join(' · ') ?? '',
      },
    ],
    [t, areaName, lang],
  );

  const set = selected.length > 0 ? selected : shown;
  const openRow = open ? (rows ?? []).find((r) => r.decisionId === open) ?? null : null;
  const sum = (list: FeeRow[]) => {
    const before = list.reduce((s, r) => s + (r.previousFeeCents ?? 0), 0);
    const after = list.reduce((s, r) => s + (r.ends ? 0 : r.feeCents), 0);
    return {
      before,
      after,
      up: list.filter((r) => (r.ends ? 0 : r.feeCents) > (r.previousFeeCents ?? 0)).length,
      down: list.filter((r) => (r.ends ? 0 : r.feeCents) < (r.previousFeeCents ?? 0)).length,
      manual: list.filter((r) => r.delivery === 'manual').length,
      missing: list.filter((r) => r.delivery === 'missing').length,
    };
  };
  const totals = sum(set);

  const sign = async () => {
    if (!selected.length) return;
    if (!(await ask(t('b.confirmSign', { n: selected.length }), t('b.confirmSignBody'), t('b.sign')))) return;
    setBusy(true);
    try {
      const r = await client.invoke('fees.sign', { decisionIds: selected.map((s) => s.decisionId) });
      // Only a role that can open Kirjeet is pointed there.
      notify(t(sectionsFor(user.role).includes('letters') ? 'b.signed' : 'b.signedSecretariesSend', { n: r.signed }), 'info');
      grid.current?.api.deselectAll();
      reload();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const openMass = () => {
    const starts = [...new Set(selected.map((r) => r.validFrom))].sort();
    setTitle(starts.length === 1 ? t('b.massDefaultTitle', { date: fi(starts[0]!) }) : t('b.massDefaultTitleMany'));
  };

  const massDecide = async () => {
    if (!selected.length || title === null) return;
    if (!(await ask(t('b.confirmMass', { n: selected.length }), t('b.massHint', { n: selected.length }), t('b.massConfirm')))) return;
    setBusy(true);
    try {
      const m = await client.invoke('fees.massDecide', { title, decisionIds: selected.map((s) => s.decisionId) });
      notify(t('b.massStarted', { n: m.decisions }), 'info');
      setTitle(null);
      grid.current?.api.deselectAll();
      reload();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const resume = async (m: Mass) => {
    try {
      await client.invoke('fees.massResume', { massId: m.id });
      reload();
    } catch (e) {
      fail(e);
    }
  };

  const recalc = async () => {
    if (!(await ask(t('b.confirmRecalcTitle'), t('b.confirmRecalc', { date: fi(from) }), t('b.recalculate')))) return;
    setBusy(true);
    try {
      const r = await client.invoke('fees.recalculate', { validFrom: from });
      notify(t('b.recalculated', { checked: r.checked, drafts: r.drafts, seconds: r.seconds }), 'info');
      reload();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const running = masses.find((m) => m.batch.running);
  const batchState = (m: Mass) => (m.batch.status === 'running' && !m.batch.running ? 'interrupted' : m.batch.status);
  const pick = (key: keyof typeof target, value: string) => {
    setTarget({ ...target, [key]: value });
    grid.current?.api.deselectAll();
  };

  /** Makes the correction drafts of a rule corrected to the letter of the law (refunds back a year, raises from next month). */
  const applyChange = async (code: string) => {
    setBusy(true);
    try {
      const r = await client.invoke('fees.applyRuleChange', { code });
      notify(t('b.ruleChangeApplied', { drafts: r.drafts, refunds: r.refunds, increases: r.increases, from: fi(r.windowStart), forward: fi(r.forwardFrom) }), 'info');
      reload();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {changes.map((c) => (
        <div key={c.code} className={c.draftedAt ? 'notice' : 'notice warn'} data-testid="rule-change">
          <strong>{lang === 'sv' ? c.titleSv : c.titleFi}</strong> <span className="muted">({fi(c.recordedAt.slice(0, 10))})</span>
          <div className="small">{lang === 'sv' ? c.reasonSv : c.reasonFi}</div>
          <div className="small">{c.draftedAt ? t('b.ruleChangeDone', { date: fi(c.draftedAt.slice(0, 10)), drafts: c.drafts ?? 0 }) : t('b.ruleChangePending')}</div>
          {mayDecide && (
            <button disabled={busy} onClick={() => void applyChange(c.code)}>
              {c.draftedAt ? t('b.ruleChangeAgain') : t('b.ruleChangeApply')}
            </button>
          )}
        </div>
      ))}
      <div className="toolbar views" role="toolbar" aria-label={t('b.target')}>
        <TargetSelect label={t('b.feeType')} value={target.feeType} onChange={(v) => pick('feeType', v)} options={(['home_care', 'long_term'] as const).map((k) => [k, t(`b.feeTypes.${k}`)])} />
        <TargetSelect label={t('b.validFrom')} value={target.validFrom} onChange={(v) => pick('validFrom', v)} options={options.validFrom.map((d) => [d, fi(d)])} />
        <TargetSelect label={t('b.reason')} value={target.reason} onChange={(v) => pick('reason', v)} options={options.reason.map((r) => [r, t(`b.reasons.${r}`)])} />
        <TargetSelect label={t('b.area')} value={target.areaId} onChange={(v) => pick('areaId', v)} options={options.areaId.map((a) => [a, areaName.get(a) ?? a])} />
        <span className="spacer" />
        <label className="inline">
          {t('b.recalcFrom')} <DateInput aria-label={t('b.recalcFrom')} value={from} onChange={setFrom} />
        </label>
        <button disabled={busy} onClick={() => void recalc()}>
          {t('b.recalculate')}
        </button>
      </div>

      <div className="toolbar views" role="toolbar">
        <span className="muted" data-testid="target-summary">
          {selected.length > 0 ? t('b.selectedOf', { n: selected.length, of: shown.length }) : t('b.drafts', { n: shown.length })}
          {' · '}
          {t('b.beforeAfter', { before: euros(totals.before), after: euros(totals.after) })} ({totals.after - totals.before > 0 ? '+' : ''}
          {euros(totals.after - totals.before)}){' · '}
          {t('b.upDown', { up: totals.up, down: totals.down })}
          {totals.manual + totals.missing > 0 && ` · ${t('b.lettersByHand', { manual: totals.manual, missing: totals.missing })}`}
        </span>
        <span className="spacer" />
        <button disabled={busy || selected.length === 0} onClick={() => void sign()}>
          {t('b.sign')} ({selected.length})
        </button>
        {mayDecide && (
          <button className="primary" disabled={busy || selected.length === 0 || title !== null || !!running} onClick={openMass}>
            {t('b.massDecide')} ({selected.length})
          </button>
        )}
      </div>

      {title !== null && (
        <div className="form-row" data-testid="mass-form">
          <label className="field wide">
            <span>{t('b.massTitle')}</span>
            <input value={title} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <p className="hint">{t('b.massHint', { n: selected.length })}</p>
          <button className="primary" disabled={busy} onClick={() => void massDecide()}>
            {t('b.massConfirm')}
          </button>
          <button onClick={() => setTitle(null)}>{t('fee.cancel')}</button>
        </div>
      )}

      {running && <BatchProgressPanel batch={running.batch} progress={progress} label={running.title} testId="mass-progress" />}

      <div className="split">
      <div className="grid" data-rows={shown.length} data-testid="fee-drafts">
        <AgGridReact<FeeRow>
          ref={grid}
          {...gridDefaults}
          rowData={shown}
          columnDefs={cols}
          defaultColDef={{ sortable: true, resizable: true }}
          getRowId={(p) => p.data.decisionId}
          animateRows={false}
          rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: true, selectAll: 'filtered' }}
          onSelectionChanged={(e) => setSelected(e.api.getSelectedRows())}
          onRowClicked={(e) => e.data && setOpen(e.data.decisionId)}
        />
      </div>
      {openRow && <FeeDraftDetail row={openRow} onClose={() => setOpen(null)} />}
      </div>

      {masses.length > 0 && (
        <>
          <h3>{t('b.massDecisions')}</h3>
          <table className="list" aria-label={t('b.massDecisions')} data-testid="mass-decisions">
            <thead>
              <tr>
                <th>{t('b.massTitle')}</th>
                <th>{t('b.createdBy')}</th>
                <th className="num">{t('b.decisionsCount')}</th>
                <th className="num">{t('b.difference')}</th>
                <th>{t('b.letters')}</th>
                <th>{t('l.batch.zip')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {masses.map((m) => (
                <tr key={m.id}>
                  <td>{m.title}</td>
                  <td>
                    {m.createdByName} {fi(helsinkiDate(new Date(m.createdAt)))}
                  </td>
                  <td className="num">{m.decisions}</td>
                  <td className="num">
                    {m.monthlyChangeCents > 0 ? '+' : ''}
                    {euros(m.monthlyChangeCents)}
                  </td>
                  <td>
                    {t(`l.batch.statuses.${batchState(m)}`)} · {t('b.massLetters', { done: m.batch.done, total: m.batch.total, manual: m.batch.manual, failed: m.batch.failed })}
                    {m.batch.error && <div className="error">{m.batch.error}</div>}
                  </td>
                  <td className="path">{m.batch.zipPath ?? ''}</td>
                  <td>
                    {mayDecide && (batchState(m) === 'failed' || batchState(m) === 'interrupted') && (
                      <button className="link" onClick={() => void resume(m)}>
                        {t('b.massResume')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

/** One criterion of the target set: "all" or one of the values the drafts have. */
function TargetSelect({ label, value, options, onChange }: { label: string; value: string; options: [string, string][]; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <label className="inline">
      {label}{' '}
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value={ALL}>{t('b.all')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
