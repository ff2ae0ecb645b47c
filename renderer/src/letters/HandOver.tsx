// Delivery by hand (turvakielto without a contact address, or a client who collects the letter): the letter is
// printed, handed over, and the handing over recorded with the day and to whom (HL 60 § 2 mom: a written
// certificate of who delivered it, to whom and when); the decision is notified on that day.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isIsoDate } from '../../../shared/domain/dates';
import { client } from '../api/client';
import { errorText, fi } from '../guidance/common';
import { useApp } from '../shell/bootstrap';

/** d.m.yyyy (also dd.mm.yyyy) → ISO date, or null. */
export function parseFiDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

export function HandOverForm({ decisionId, onDone, onCancel }: { decisionId: string; onDone: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const { boot, notify } = useApp();
  const [date, setDate] = useState(fi(boot.today));
  const [to, setTo] = useState('');
  const [error, setError] = useState<{ field: 'date' | 'to' | null; text: string } | null>(null);
  const submit = async () => {
    const iso = parseFiDate(date);
    if (!iso) return setError({ field: 'date', text: t('dv.badDate') });
    if (!to.trim()) return setError({ field: 'to', text: t('dv.handedOverHint') });
    try {
      const r = await client.invoke('letters.recordHandOver', { decisionId, handedOverOn: iso, handedOverTo: to.trim() });
      notify(t('dv.handedOver', { number: r.number, to: to.trim(), date: fi(iso), last: fi(r.appealLastDay) }));
      onDone();
    } catch (e) {
      setError({ field: null, text: errorText(e, t('errors.generic')) });
    }
  };
  return (
    <form
      className="hand-over-form form-row"
      data-testid="hand-over-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label className="field">
        <span>{t('dv.handedOverOn')}</span>
        <input
          value={date}
          onChange={(e) => {
            setDate(e.target.value);
            if (error?.field === 'date') setError(null);
          }} aria-invalid={error?.field === 'date'} inputMode="numeric" />
        {error?.field === 'date' && <span className="error small">{error.text}</span>}
      </label>
      <label className="field wide">
        <span>{t('dv.handedOverTo')}</span>
        <input
          value={to}
          onChange={(e) => {
            setTo(e.target.value);
            if (error?.field === 'to') setError(null);
          }} placeholder={t('dv.handedOverHint')} aria-invalid={error?.field === 'to'} />
        {error?.field === 'to' && <span className="error small">{error.text}</span>}
      </label>
      <button type="submit" className="primary">
        {t('dv.record')}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {t('dv.cancel')}
        </button>
      )}
      {error?.field === null && (
        <p className="error" role="alert">
          {error.text}
        </p>
      )}
    </form>
  );
}
