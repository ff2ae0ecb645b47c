// One decision: its content and deadlines, and the actions its state and the user's role allow:
// edit / propose / return / sign / discard (drafting roles), mark sent (secretaries), correct (made decisions).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecisionDto } from '../../../shared/contract/guidance-schemas';
import type { OutputOf } from '../../../shared/contract/channels';
import { DECISION_ROLES, SEND_ROLES } from '../../../shared/roles';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import type { Lang } from '../i18n';
import { errorText, fi, Field, LoadingPanel, useCatalogue } from '../guidance/common';
import { DecisionEditor } from './DecisionEditor';
import { LetterPreview } from '../letters/LetterPreview';

export function DecisionView({ decisionId, onBack }: { decisionId: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { user, boot, notify, openClient, openDecision } = useApp();
  const catalogue = useCatalogue();
  const [d, setD] = useState<DecisionDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [makers, setMakers] = useState<OutputOf<'decisions.eligibleMakers'>>([]);
  const [maker, setMaker] = useState('');
  const [sentOn, setSentOn] = useState(boot.today);
  const [channel, setChannel] = useState<'letter' | 'electronic'>('letter');
  const canDecide = DECISION_ROLES.includes(user.role);
  const canSend = SEND_ROLES.includes(user.role);
  const [preview, setPreview] = useState(false);

  const load = useCallback(() => {
    client.invoke('decisions.get', { decisionId }).then(setD, (e: unknown) => setError(errorText(e, t('errors.generic'))));
  }, [decisionId, t]);
  useEffect(load, [load]);
  useEffect(() => {
    if (d?.status === 'draft' && canDecide) client.invoke('decisions.eligibleMakers', { decisionId: d.id }).then(setMakers, () => setMakers([]));
  }, [d?.status, d?.id, d?.version, canDecide]);

  const act = async (fn: () => Promise<DecisionDto | { ok: true }>, message?: (r: DecisionDto) => string) => {
    setError(null);
    try {
      const r = await fn();
      if ('id' in r) {
        setD(r);
        if (message) notify(message(r));
      } else onBack();
    } catch (e) {
      setError(errorText(e, t('errors.generic')));
    }
  };

  if (!d) return <LoadingPanel error={error} onBack={onBack} />;

  const made = d.status === 'signed' || d.status === 'sent';
  return (
    <section className="panel decision-view">
      <button className="link" onClick={onBack}>
        ← {t('card.back')}
      </button>
      <h1>
        {t('d.one')} {d.number ?? ''} <span className={`badge st-${d.status}`}>{t(`d.statuses.${d.status}`)}</span>
      </h1>
      <p>
        <button className="link" onClick={() => openClient(d.clientId)}>
          {d.clientName}
        </button>{' '}
        · {t(`g.outcomes.${d.outcome}`)}
        {d.correctsId && (
          <>
            {' '}
            · {t('d.corrects')}{' '}
            <button className="link" onClick={() => openDecision(d.correctsId!)}>
              {d.correctsNumber}
            </button>
          </>
        )}
      </p>
      {made && <p className="muted">{t('d.immutable')}</p>}
      {d.multiProfessionalReview && <p className="warning">{t('g.multiReview')}</p>}
      <dl className="facts">
        <dt>{t('d.drafter')}</dt>
        <dd>{d.draftedByName}</dd>
        <dt>{t('d.maker')}</dt>
        <dd>
          {d.decisionMaker ? `${d.decisionMaker.name}, ${d.decisionMaker.title}` : '–'}
          {made && <span className="muted"> ({t('d.electronicSignature')})</span>}
        </dd>
        <dt>{t('d.decidedOn')}</dt>
        <dd>{fi(d.decidedOn)}</dd>
        <dt>{t('d.sentOn')}</dt>
        <dd>{d.sentOn ? `${fi(d.sentOn)} (${t(`d.channels.${d.sendChannel}`)})` : '–'}</dd>
        <dt>{t('d.notifiedOn')}</dt>
        <dd>{fi(d.notifiedOn)}</dd>
        <dt>{t('d.appealLastDay')}</dt>
        <dd data-testid="appeal-last-day">{fi(d.appealLastDay)}</dd>
        <dt>{t('d.arrangeBy')}</dt>
        <dd data-testid="arrange-by">{fi(d.arrangeBy)}</dd>
      </dl>
      {editing && catalogue ? (
        <DecisionEditor
          context={{ clientId: d.clientId, intakeItemId: d.intakeItemId, assessmentId: d.assessmentId, appliedService: null, appliedOn: d.appliedOn }}
          existing={d}
          catalogue={catalogue}
          onSaved={(x) => {
            setD(x);
            setEditing(false);
          }}
        />
      ) : (
        <>
          <table className="list">
            <thead>
              <tr>
                <th>{t('g.serviceCol')}</th>
                <th>{t('g.amount')}</th>
                <th>{t('g.start')}</th>
                <th>{t('g.end')}</th>
                <th>{t('g.providerKind')}</th>
                <th>{t('g.provider')}</th>
              </tr>
            </thead>
            <tbody>
              {d.lines.map((l) => (
                <tr key={l.id}>
                  <td>{l.serviceNameFi}</td>
                  <td>{l.amount === null ? t('g.units.continuous') : `${l.amount} ${t(`g.units.${l.unit}`)}`}</td>
                  <td>{fi(l.startDate)}</td>
                  <td>{fi(l.endDate)}</td>
                  <td>
                    {l.providerKind ? t(`g.providerKinds.${l.providerKind}`) : '–'}
                    {l.voucherValueCents !== null && ` ${(l.voucherValueCents / 100).toLocaleString('fi-FI', { minimumFractionDigits: 2 })} €`}
                  </td>
                  <td>{l.providerName ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('d.reasoning')}</h3>
          <p className="prewrap">
            {(lang === 'sv' ? d.reasoningSv : d.reasoningFi) ??
              [...d.reasoningIds.map((id) => catalogue?.reasoning.find((r) => r.id === id)?.[lang === 'sv' ? 'textSv' : 'textFi'] ?? ''), d.reasoningFree]
                .filter(Boolean)
                .join('\n\n')}
          </p>
          <h3>{t('d.legalBasis')}</h3>
          <p>{d.legalBasis}</p>
        </>
      )}
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <div className="actions">
        <button onClick={() => setPreview(true)}>{t('l.preview')}</button>
        {canDecide && d.status === 'draft' && !editing && (
          <>
            <button onClick={() => setEditing(true)}>{t('d.edit')}</button>
            <select aria-label={t('d.chooseMaker')} value={maker} onChange={(e) => setMaker(e.target.value)}>
              <option value="">{t('d.chooseMaker')}</option>
              {makers.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}, {m.title}
                </option>
              ))}
            </select>
            <button disabled={!maker} onClick={() => void act(() => client.invoke('decisions.propose', { decisionId: d.id, version: d.version, decisionMakerId: maker }))}>
              {t('d.propose')}
            </button>
            <button onClick={() => void act(() => client.invoke('decisions.discard', { decisionId: d.id, version: d.version }))}>{t('d.discard')}</button>
          </>
        )}
        {canDecide && d.status === 'proposed' && (
          <button onClick={() => void act(() => client.invoke('decisions.returnToDraft', { decisionId: d.id, version: d.version }))}>{t('d.returnToDraft')}</button>
        )}
        {canDecide && (d.status === 'draft' || (d.status === 'proposed' && d.decisionMaker?.id === user.id)) && !editing && (
          <button
            className="primary"
            onClick={() => void act(() => client.invoke('decisions.sign', { decisionId: d.id, version: d.version }), (r) => t('d.signed', { number: r.number }))}
          >
            {t('d.sign')}
          </button>
        )}
        {canSend && d.status === 'signed' && (
          <>
            <Field label={t('d.sentOn')}>
              <input type="date" value={sentOn} onChange={(e) => setSentOn(e.target.value)} />
            </Field>
            <Field label={t('d.sendChannel')}>
              <select value={channel} onChange={(e) => setChannel(e.target.value as 'letter' | 'electronic')}>
                <option value="letter">{t('d.channels.letter')}</option>
                <option value="electronic">{t('d.channels.electronic')}</option>
              </select>
            </Field>
            <button className="primary" onClick={() => void act(() => client.invoke('decisions.markSent', { decisionId: d.id, sentOn, channel }))}>
              {t('d.markSent')}
            </button>
          </>
        )}
        {canDecide && made && (
          <button
            onClick={async () => {
              try {
                const c = await client.invoke('decisions.correct', { decisionId: d.id });
                openDecision(c.id);
              } catch (e) {
                setError(errorText(e, t('errors.generic')));
              }
            }}
          >
            {t('d.correct')}
          </button>
        )}
      </div>
      {preview && <LetterPreview decisionId={d.id} onClose={() => setPreview(false)} />}
    </section>
  );
}
