// Recording a granted service's actual start, its end, or that it never started (and taking a mistake back):
// the buttons a line's state allows and one small form at a time. Used on the client card and in the queue's
// list of services waiting to start.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArrangementLineDto } from '../../../shared/contract/arrangement-schemas';
import { END_REASONS, NOT_STARTED_REASONS, RECORDED_SOURCES, type RecordedSource } from '../../../shared/domain/arrangement';
import { ARRANGE_ROLES } from '../../../shared/roles';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { Field, errorText } from '../guidance/common';
import { DateInput } from '../ui/DateInput';

type Mode = 'start' | 'end' | 'notStarted' | null;

export function ArrangementActions({ line, onChanged }: { line: ArrangementLineDto; onChanged: (l: ArrangementLineDto) => void }) {
  const { t } = useTranslation();
  const { user, boot, notify } = useApp();
  const [mode, setMode] = useState<Mode>(null);
  const [date, setDate] = useState(boot.today);
  const [source, setSource] = useState<RecordedSource>(user.role === 'billing' ? 'billing' : 'worker');
  const [noticeOn, setNoticeOn] = useState(boot.today);
  const [reason, setReason] = useState<string>('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!ARRANGE_ROLES.includes(user.role)) return null;

  const open = (m: Mode) => {
    setMode(m);
    setError(null);
    setNote(line.note);
    setDate(m === 'start' && line.startedOn ? line.startedOn : m === 'end' && line.endedOn ? line.endedOn : boot.today);
    setReason(m === 'end' ? (line.endReason ?? 'need_ended') : m === 'notStarted' ? 'declined' : '');
  };

  const run = async (f: () => Promise<ArrangementLineDto>) => {
    setBusy(true);
    setError(null);
    try {
      const l = await f();
      setMode(null);
      notify(t('arr.saved'));
      onChanged(l);
    } catch (e) {
      setError(errorText(e, t('errors.generic')));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (mode === 'start')
      void run(() =>
        client.invoke('arrangement.recordStart', {
          lineId: line.lineId,
          startedOn: date,
          source,
          noticeOn: source === 'provider_notice' ? noticeOn : null,
          note,
          version: line.version,
        }),
      );
    else if (mode === 'end')
      void run(() =>
        client.invoke('arrangement.recordEnd', { lineId: line.lineId, endedOn: date, reason: reason as (typeof END_REASONS)[number], source, note, version: line.version }),
      );
    else if (mode === 'notStarted')
      void run(() =>
        client.invoke('arrangement.recordNotStarted', { lineId: line.lineId, on: date, reason: reason as (typeof NOT_STARTED_REASONS)[number], note, version: line.version }),
      );
  };
  const undo = (what: 'start' | 'end' | 'notStarted') => void run(() => client.invoke('arrangement.undo', { lineId: line.lineId, what, version: line.version }));

  const waiting = line.state === 'awaiting' || line.state === 'overdue';
  const running = line.state === 'started' || line.state === 'ended';
  const label = mode === 'start' ? t('arr.startedOn') : mode === 'end' ? t('arr.endedOn') : t('arr.notStartedOn');

  return (
    <div className="arrangement-actions">
      {mode === null && (
        <div className="actions">
          {waiting && (
            <button className="primary" onClick={() => open('start')}>
              {t('arr.recordStart')}
            </button>
          )}
          {waiting && <button onClick={() => open('notStarted')}>{t('arr.recordNotStarted')}</button>}
          {running && !line.endedOn && <button onClick={() => open('end')}>{t('arr.recordEnd')}</button>}
          {running && <button onClick={() => open('start')}>{t('arr.correctStart')}</button>}
          {running && line.endedOn && <button onClick={() => open('end')}>{t('arr.recordEnd')}</button>}
          {running && line.endedOn && (
            <button className="link danger" disabled={busy} onClick={() => undo('end')}>
              {t('arr.undoEnd')}
            </button>
          )}
          {running && !line.endedOn && (
            <button className="link danger" disabled={busy} onClick={() => undo('start')}>
              {t('arr.undoStart')}
            </button>
          )}
          {line.state === 'not_started' && (
            <button className="link danger" disabled={busy} onClick={() => undo('notStarted')}>
              {t('arr.undoNotStarted')}
            </button>
          )}
        </div>
      )}
      {mode !== null && (
        <form className="form-row arrangement-form" onSubmit={submit} aria-label={mode === 'start' ? t('arr.recordStart') : mode === 'end' ? t('arr.recordEnd') : t('arr.recordNotStarted')}>
          <Field label={label}>
            <DateInput required value={date} max={mode === 'end' ? undefined : boot.today} onChange={setDate} />
          </Field>
          {mode !== 'notStarted' && (
            <Field label={t('arr.sourceLabel')}>
              <select value={source} onChange={(e) => setSource(e.target.value as RecordedSource)}>
                {RECORDED_SOURCES.map((s) => (
                  <option key={s} value={s}>
                    {t(`arr.source.${s}`)}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {mode === 'start' && source === 'provider_notice' && (
            <Field label={t('arr.noticeOn')}>
              <DateInput required value={noticeOn} max={boot.today} onChange={setNoticeOn} />
            </Field>
          )}
          {mode !== 'start' && (
            <Field label={t('arr.reason')}>
              <select value={reason} onChange={(e) => setReason(e.target.value)}>
                {(mode === 'end' ? END_REASONS : NOT_STARTED_REASONS).map((r) => (
                  <option key={r} value={r}>
                    {t(mode === 'end' ? `arr.endReason.${r}` : `arr.notStartedReason.${r}`)}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field label={t('arr.note')}>
            <input value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
          </Field>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('arr.save')}
            </button>
            <button type="button" onClick={() => setMode(null)}>
              {t('arr.cancel')}
            </button>
          </div>
          {error && (
            <div className="error" role="alert">
              {error}
            </div>
          )}
        </form>
      )}
    </div>
  );
}
