// Raportit › Odotusajat (vanhuspalvelulaki 980/2012 26 §): the half-year's waiting times per service as the county
// publishes them — the draft computed now, the approved editions (who and when; immutable), the files for the
// website and notice boards (PDF, HTML page, CSV, XLSX in Finnish and Swedish) and the service manager's approval.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicationMeta } from '../../../shared/contract/report-schemas';
import { formatFi, helsinkiDate } from '../../../shared/domain/dates';
import { halfYearBounds, previousHalfYear } from '../../../shared/domain/reports';
import { jobTitle } from '../../../shared/domain/titles';
import { client } from '../api/client';
import { errorText } from '../guidance/common';
import { useApp } from '../shell/bootstrap';
import { downloadBase64 } from './files';

type Data = Awaited<ReturnType<typeof client.invoke<'reports.waitingPublication'>>>;
type Content = Data['draft'];
type Format = 'pdf' | 'html' | 'csv' | 'xlsx';

/** The half-year that contains a day ("2026-12-02" → "2026-H2"). */
function halfYearOf(day: string): string {
  return `${day.slice(0, 4)}-H${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;
}

/** The half-years offered: the current one and the eight before it, newest first. */
function halfYears(today: string): string[] {
  const out = [halfYearOf(today)];
  while (out.length < 9) out.push(previousHalfYear(out[out.length - 1]!));
  return out;
}

/** The figures as they would be published: same numbers and same signature as the approved edition's. */
const sameFigures = (a: Content, b: Content) => JSON.stringify(a.rows) === JSON.stringify(b.rows) && a.withoutPendingDate === b.withoutPendingDate;

export function Publication() {
  const { t, i18n } = useTranslation();
  const sv = i18n.language === 'sv';
  const { boot, user, notify } = useApp();
  const options = useMemo(() => halfYears(boot.today), [boot.today]);
  // The last half-year that is over: the one a manager publishes now.
  const [halfYear, setHalfYear] = useState(options[1]!);
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const bounds = halfYearBounds(halfYear)!;
  const over = bounds.to < boot.today;
  const manager = user.role === 'service_manager';

  const load = useCallback(() => {
    let stale = false;
    setError(null);
    client.invoke('reports.waitingPublication', { halfYear }).then(
      (d) => !stale && setData(d),
      (e: unknown) => {
        if (stale) return;
        setData(null);
        setError(errorText(e, t('errors.generic')));
      },
    );
    return () => {
      stale = true;
    };
  }, [halfYear, t]);
  useEffect(load, [load]);

  const download = async (id: string | null, format: Format, lang: 'fi' | 'sv') => {
    setBusy(true);
    try {
      const f = await client.invoke('reports.publicationFile', { id, halfYear, format, lang });
      downloadBase64(f.fileName, f.base64, f.mime);
    } catch (e) {
      notify(errorText(e, t('errors.generic')), 'error');
    } finally {
      setBusy(false);
    }
  };

  const approve = async () => {
    if (!window.confirm(t('rep.pub.confirmApprove', { period: `${formatFi(bounds.from)}–${formatFi(bounds.to)}` }))) return;
    setBusy(true);
    try {
      const m = await client.invoke('reports.approvePublication', { halfYear, note });
      notify(t('rep.pub.approvedNotice', { edition: m.edition }), 'info');
      setNote('');
      load();
    } catch (e) {
      notify(errorText(e, t('errors.generic')), 'error');
    } finally {
      setBusy(false);
    }
  };

  const days = (n: number | null, count: number, min: number) => (n === null ? (count === 0 ? '–' : t('rep.pub.fewCases', { min })) : t('rep.pub.days', { n }));
  const changed = data?.latestApproved ? !sameFigures(data.draft, data.latestApproved) : false;
  const prev = halfYearBounds(previousHalfYear(halfYear))!;
  const editionLabel = (m: PublicationMeta) =>
    t('rep.pub.editionFiles', { edition: m.edition, name: m.approvedByName, at: formatFi(helsinkiDate(new Date(m.approvedAt))) }) + (m.note ? ` – ${m.note}` : '');

  return (
    <section className="publication" aria-labelledby="pub-title">
      <h2 id="pub-title">{t('rep.pub.title')}</h2>
      <p className="muted small">{t('rep.pub.lead')}</p>
      <form className="report-controls no-print" aria-label={t('rep.pub.controls')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="pub-half">{t('rep.pub.halfYear')}</label>
          <select id="pub-half" value={halfYear} onChange={(e) => setHalfYear(e.target.value)}>
            {options.map((h) => {
              const b = halfYearBounds(h)!;
              return (
                <option key={h} value={h}>
                  {`${formatFi(b.from)}–${formatFi(b.to)}`}
                  {b.to >= boot.today ? ` (${t('rep.pub.ongoing')})` : ''}
                </option>
              );
            })}
          </select>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <div className="loading">{t('rep.loading')}</div>}
      {data && (
        <>
          <div className="pub-status" role="status">
            {data.approved.length === 0 ? (
              <p>{over ? t('rep.pub.notApproved') : t('rep.pub.ongoingText', { to: formatFi(bounds.to) })}</p>
            ) : (
              <p>
                {t('rep.pub.approvedBy', {
                  edition: data.approved[0]!.edition,
                  name: data.approved[0]!.approvedByName,
                  title: jobTitle(data.approved[0]!.approvedByTitle, sv ? 'sv' : 'fi'),
                  at: formatFi(helsinkiDate(new Date(data.approved[0]!.approvedAt))),
                })}
                {changed && <strong className="bad"> {t('rep.pub.changedSince')}</strong>}
              </p>
            )}
          </div>
          <table className="list numeric pub-table" aria-describedby="pub-defs">
            <caption>{t('rep.pub.caption', { period: `${formatFi(bounds.from)}–${formatFi(bounds.to)}` })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rep.pub.col.service')}</th>
                <th scope="col">{t('rep.pub.col.mean')}</th>
                <th scope="col">{t('rep.pub.col.previous', { period: `${formatFi(prev.from)}–${formatFi(prev.to)}` })}</th>
                <th scope="col">{t('rep.pub.col.median')}</th>
                <th scope="col">{t('rep.pub.col.count')}</th>
                <th scope="col">{t('rep.pub.col.within')}</th>
                <th scope="col">{t('rep.pub.col.waiting')}</th>
                <th scope="col">{t('rep.pub.col.notStarted')}</th>
              </tr>
            </thead>
            <tbody>
              {data.draft.rows.length === 0 && (
                <tr>
                  <td colSpan={8}>{t('rep.noData')}</td>
                </tr>
              )}
              {data.draft.rows.map((r) => (
                <tr key={r.service}>
                  <th scope="row">{sv ? r.nameSv : r.nameFi}</th>
                  <td>
                    <strong>{days(r.meanDays, r.count, data.draft.minCases)}</strong>
                  </td>
                  <td>{days(r.previousMeanDays, r.previousCount, data.draft.minCases)}</td>
                  <td>{days(r.medianDays, r.count, data.draft.minCases)}</td>
                  <td>{r.count}</td>
                  <td>{r.count >= data.draft.minCases ? `${Math.round((r.withinThreeMonths / r.count) * 100)} %` : '–'}</td>
                  <td className={r.waitingOverThreeMonths > 0 ? 'bad' : ''}>{`${r.waitingAtEnd} (${r.waitingOverThreeMonths})`}</td>
                  <td>{r.notStarted}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div id="pub-defs" className="pub-defs">
            <h3>{t('rep.pub.defsTitle')}</h3>
            <ul className="small">
              {(t('rep.pub.defs', { returnObjects: true, min: data.draft.minCases }) as string[]).map((d) => (
                <li key={d}>{d}</li>
              ))}
              {data.draft.withoutPendingDate > 0 && <li>{t('rep.pub.withoutPending', { count: data.draft.withoutPendingDate })}</li>}
            </ul>
          </div>

          <section className="pub-files no-print" aria-labelledby="pub-files-title">
            <h3 id="pub-files-title">{t('rep.pub.filesTitle')}</h3>
            <button type="button" onClick={() => window.print()}>
              {t('rep.print')}
            </button>
            <FileRow label={t('rep.pub.draftFiles')} busy={busy} onGet={(f, l) => void download(null, f, l)} />
            {data.approved.map((m) => (
              <FileRow key={m.id} label={editionLabel(m)} busy={busy} onGet={(f, l) => void download(m.id, f, l)} />
            ))}
          </section>

          {manager && (
            <section className="pub-approve no-print" aria-labelledby="pub-approve-title">
              <h3 id="pub-approve-title">{t('rep.pub.approveTitle')}</h3>
              <p className="muted small">{t('rep.pub.approveHelp')}</p>
              <div className="field">
                <label htmlFor="pub-note">{t('rep.pub.note')}</label>
                <input id="pub-note" type="text" maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} disabled={!over} />
              </div>
              <button type="button" className="primary" disabled={!over || busy} aria-describedby={over ? undefined : 'pub-not-over'} onClick={() => void approve()}>
                {data.approved.length === 0 ? t('rep.pub.approve') : t('rep.pub.approveCorrection', { edition: data.approved[0]!.edition + 1 })}
              </button>
              {!over && (
                <p id="pub-not-over" className="muted small">
                  {t('rep.pub.ongoingText', { to: formatFi(bounds.to) })}
                </p>
              )}
            </section>
          )}
        </>
      )}
    </section>
  );
}


function FileRow({ label, busy, onGet }: { label: string; busy: boolean; onGet: (format: Format, lang: 'fi' | 'sv') => void }) {
  const { t } = useTranslation();
  return (
    <div className="pub-file-row" role="group" aria-label={label}>
      <span>{label}</span>
      {(['fi', 'sv'] as const).map((lang) =>
        (['pdf', 'html', 'xlsx', 'csv'] as const).map((f) => (
          <button key={`${lang}-${f}`} type="button" disabled={busy} onClick={() => onGet(f, lang)} aria-label={t('rep.pub.getFile', { format: f.toUpperCase(), code: lang, lang: t(`rep.pub.lang.${lang}`), what: label })}>
            {`${f.toUpperCase()} ${lang}`}
          </button>
        )),
      )}
    </div>
  );
}
