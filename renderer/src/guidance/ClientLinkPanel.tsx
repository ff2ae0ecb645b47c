// Linking an intake item to an existing client, or creating the client from it. The search starts from the
// report's name and ranks hits by name and birth date against the report; linking asks first, saying when the
// birth dates differ. Creating checks the henkilötunnus as it is typed (only that a check character does not
// match, never which one would), warns when its birth date is not the report's or the age is unusual and asks
// before going on; the language defaults to the report's. Duplicates are refused by the core (henkilötunnus).
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntakeDetail } from '../../../shared/contract/guidance-schemas';
import type { InputOf, OutputOf } from '../../../shared/contract/channels';
import { ageOn, creationWarning, MAX_PLAUSIBLE_AGE, parseHetu } from '../../../shared/domain/hetu';
import { client, ClientError } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { word } from '../i18n/messages';
import { useFormCheck } from '../ui/useFormCheck';
import { FormProblems } from '../ui/FormProblems';
import { errorText, Field, fi } from './common';

type Hit = OutputOf<'clients.search'>[number];

/** Tokens of a name for matching ("Laitinen Elvi Maria" → laitinen, elvi, maria). */
const tokens = (s: string) =>
  s
    .toLocaleLowerCase('fi')
    .split(/[\s,-]+/)
    .filter(Boolean);

/** How well a hit matches the report: the birth date counts most, then each name part found. */
export function matchScore(hit: Pick<Hit, 'name' | 'birthDate'>, subjectName: string | null, subjectBirthDate: string | null): number {
  const want = tokens(subjectName ?? '');
  const have = new Set(tokens(hit.name));
  return (subjectBirthDate && hit.birthDate === subjectBirthDate ? 100 : 0) + want.filter((w) => have.has(w)).length * 10;
}

export function ClientLinkPanel({ item, onChanged }: { item: IntakeDetail; onChanged: (i: IntakeDetail) => void }) {
  const { t } = useTranslation();
  const { boot, confirm } = useApp();
  const [query, setQuery] = useState(item.subjectName ?? '');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);
  const [parts] = useState(() => (item.subjectName ?? '').split(' '));
  const [f, setF] = useState({
    hetu: '',
    lastName: parts[0] ?? '',
    firstNames: parts.slice(1).join(' '),
    language: (item.reportLanguage ?? 'fi') as 'fi' | 'sv',
    streetAddress: '',
    postalCode: '',
    postOffice: '',
    phone: '',
    addressProtected: false,
  });

  const runSearch = async (q: string) => {
    if (q.trim().length < 2) return;
    setLinkError(null);
    try {
      setHits(await client.invoke('clients.search', { query: q, limit: 20 }));
    } catch (err) {
      setLinkError(errorText(err, t('errors.generic')));
    }
  };
  // The report's name is searched at once: the worker starts from the likeliest matches.
  const first = item.subjectName;
  useEffect(() => {
    if (first) void runSearch(first);
    // Once per item: runSearch only uses state setters.
  }, [item.id, first]);

  const ranked = useMemo(
    () => (hits ?? []).map((h) => ({ h, score: matchScore(h, item.subjectName, item.subjectBirthDate) })).sort((a, b) => b.score - a.score || a.h.name.localeCompare(b.h.name, 'fi')),
    [hits, item.subjectName, item.subjectBirthDate],
  );

  const link = async (h: Hit) => {
    const differs = item.subjectBirthDate && item.subjectBirthDate !== h.birthDate;
    const ok = await confirm({
      title: t('g.confirmLinkTitle'),
      confirmLabel: t('g.link'),
      body: (
        <>
          <p>{t('g.confirmLink', { name: h.name, hetu: h.hetuMasked, born: fi(h.birthDate) })}</p>
          {differs && <p className="warning">{t('g.linkBirthDiffers', { report: fi(item.subjectBirthDate), client: fi(h.birthDate) })}</p>}
          {h.openItems > 0 && <p>{t('g.linkOpenItems', { count: h.openItems, worker: h.responsibleWorkerName ?? '–' })}</p>}
        </>
      ),
    });
    if (ok === null) return;
    setLinkError(null);
    try {
      onChanged(await client.invoke('intake.linkClient', { itemId: item.id, clientId: h.id }));
    } catch (err) {
      setLinkError(errorText(err, t('errors.generic')));
    }
  };

  const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
  const input = useMemo(
    (): InputOf<'intake.createClient'> => ({
      itemId: item.id,
      hetu: f.hetu,
      lastName: f.lastName,
      firstNames: f.firstNames,
      language: f.language,
      streetAddress: orNull(f.streetAddress),
      postalCode: orNull(f.postalCode),
      postOffice: orNull(f.postOffice),
      phone: orNull(f.phone),
      addressProtected: f.addressProtected,
    }),
    [f, item.id],
  );
  const check = useFormCheck('intake.createClient', input);
  const set = (path: string, patch: Partial<typeof f>) => {
    check.touch(path);
    setF({ ...f, ...patch });
  };

  // The henkilötunnus as typed: its problem once it is complete; what to check about the person it names.
  const hetu = f.hetu.trim().length >= 11 ? parseHetu(f.hetu) : null;
  const age = hetu?.valid ? ageOn(hetu.birthDate, boot.today) : null;
  const hetuProblem = hetu && !hetu.valid ? word(hetu.message) : age !== null && (age > MAX_PLAUSIBLE_AGE || age < 0) ? t('g.hetuImplausible', { age }) : null;
  const warning = hetu?.valid && age !== null ? creationWarning(hetu.birthDate, item.subjectBirthDate, age) : null;

  const create = async (e: React.FormEvent, confirmed = false) => {
    e.preventDefault();
    setError(null);
    const formOk = check.submit();
    if (hetuProblem) return setError(t('g.hetuInvalid', { reason: hetuProblem }));
    if (!formOk) return;
    if (warning && !confirmed) {
      const ok = await confirm({ title: t('g.checkHetuTitle'), body: <p>{word(warning)}</p>, confirmLabel: t('g.createAnyway') });
      if (ok === null) return;
    }
    try {
      onChanged(await client.invoke('intake.createClient', { ...input, confirmWarnings: !!warning }));
    } catch (err) {
      // The core found a warning this window did not (the report changed meanwhile): ask, then try again.
      if (err instanceof ClientError && (err.key === 'hetu.birthDateDiffers' || err.key === 'hetu.ageUnusual')) {
        const ok = await confirm({ title: t('g.checkHetuTitle'), body: <p>{errorText(err, '')}</p>, confirmLabel: t('g.createAnyway') });
        if (ok !== null) {
          try {
            onChanged(await client.invoke('intake.createClient', { ...input, confirmWarnings: true }));
          } catch (again) {
            check.refused(again);
            setError(errorText(again, t('errors.generic')));
          }
        }
        return;
      }
      check.refused(err);
      setError(errorText(err, t('errors.generic')));
    }
  };

  return (
    <div className="card-grid">
      <div className="card-box">
        <h3>{t('g.linkClient')}</h3>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void runSearch(query);
          }}
          className="form-row"
        >
          <input type="search" aria-label={t('g.searchClient')} placeholder={t('g.searchClient')} value={query} onChange={(e) => setQuery(e.target.value)} />
          <button>{t('g.search')}</button>
        </form>
        {item.subjectBirthDate && <p className="muted small">{t('g.reportSays', { name: item.subjectName ?? '–', born: fi(item.subjectBirthDate) })}</p>}
        {hits && hits.length === 0 && <p className="muted">{t('g.noHits')}</p>}
        <ul className="hits" aria-label={t('g.hits')}>
          {ranked.map(({ h, score }) => (
            <li key={h.id} className={score >= 100 ? 'best' : undefined}>
              <span>
                <strong>{h.name}</strong> <span className="mono">{h.hetuMasked}</span> <span className="muted">{fi(h.birthDate)}</span>
                {score >= 100 && <span className="badge ok">{t('g.birthMatches')}</span>}
                {h.openItems > 0 && (
                  <span className="muted small">
                    {' '}
                    · {t('g.hitOpenItems', { count: h.openItems })}
                    {h.responsibleWorkerName && ` · ${h.responsibleWorkerName}`}
                  </span>
                )}
              </span>
              <button className="link" onClick={() => void link(h)}>
                {t('g.link')}
              </button>
            </li>
          ))}
        </ul>
        {linkError && (
          <div className="error" role="alert">
            {linkError}
          </div>
        )}
      </div>
      <form className="card-box form" onSubmit={(e) => void create(e)} aria-label={t('g.createClient')} noValidate>
        <h3>{t('g.createClient')}</h3>
        <div className="form-row">
          <Field label={t('g.hetu')} error={hetuProblem ?? check.error('hetu')} warning={warning ? word(warning) : undefined}>
            <input value={f.hetu} onChange={(e) => set('hetu', { hetu: e.target.value.toUpperCase() })} className="mono" size={12} maxLength={11} autoComplete="off" />
          </Field>
          <Field label={t('g.lastName')} error={check.error('lastName')}>
            <input value={f.lastName} onChange={(e) => set('lastName', { lastName: e.target.value })} />
          </Field>
          <Field label={t('g.firstNames')} error={check.error('firstNames')}>
            <input value={f.firstNames} onChange={(e) => set('firstNames', { firstNames: e.target.value })} />
          </Field>
          <Field label={t('g.language')} hint={item.reportLanguage ? t('g.languageFromReport') : undefined}>
            <select value={f.language} onChange={(e) => set('language', { language: e.target.value as 'fi' | 'sv' })}>
              <option value="fi">suomi</option>
              <option value="sv">svenska</option>
            </select>
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('g.street')} error={check.error('streetAddress')}>
            <input value={f.streetAddress} onChange={(e) => set('streetAddress', { streetAddress: e.target.value })} />
          </Field>
          <Field label={t('g.postalCode')} error={check.error('postalCode')}>
            <input value={f.postalCode} onChange={(e) => set('postalCode', { postalCode: e.target.value })} size={6} inputMode="numeric" />
          </Field>
          <Field label={t('g.postOffice')} error={check.error('postOffice')}>
            <input value={f.postOffice} onChange={(e) => set('postOffice', { postOffice: e.target.value })} />
          </Field>
          <Field label={t('g.phone')} error={check.error('phone')}>
            <input value={f.phone} onChange={(e) => set('phone', { phone: e.target.value })} />
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={f.addressProtected} onChange={(e) => set('addressProtected', { addressProtected: e.target.checked })} /> {t('g.addressProtected')}
        </label>
        <FormProblems check={check} error={error} />
        <button className="primary">{t('g.create')}</button>
      </form>
    </div>
  );
}
