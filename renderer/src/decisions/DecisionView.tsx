// One decision: its content and deadlines, and the actions its state and the user's role allow:
// edit / propose / return / sign / discard (drafting roles), mark sent (secretaries), correct (made decisions).
// Signing and discarding ask first: signing shows what is being decided for whom and what follows (a number,
// locked for good, the sending queue, the arrange-by date); a proposed decision says whose signature it waits for.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecisionDto } from '../../../shared/contract/guidance-schemas';
import type { OutputOf } from '../../../shared/contract/channels';
import { DECISION_ROLES, SEND_ROLES } from '../../../shared/roles';
import { arrangeBy } from '../../../shared/domain/deadlines';
import { delegationError } from '../../../shared/domain/decisions';
import { word } from '../i18n/messages';
import { DateInput } from '../ui/DateInput';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import type { Lang } from '../i18n';
import { errorText, fi, Field, LoadingPanel, useCatalogue } from '../guidance/common';
import { DecisionEditor } from './DecisionEditor';
import { LetterPreview } from '../letters/LetterPreview';
import { DeliveryList, NotificationNote } from '../letters/Deliveries';
import { HandOverForm } from '../letters/HandOver';
import type { DeliveryDto } from '../../../shared/contract/delivery-schemas';

export function DecisionView({ decisionId, onBack }: { decisionId: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { user, boot, notify, openClient, openDecision, confirm } = useApp();
  const catalogue = useCatalogue();
  const [d, setD] = useState<DecisionDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [makers, setMakers] = useState<OutputOf<'decisions.eligibleMakers'>>([]);
  const [maker, setMaker] = useState('');
  const [makerQuery, setMakerQuery] = useState('');
  const [sentOn, setSentOn] = useState(boot.today);
  const [channel, setChannel] = useState<'letter' | 'electronic'>('letter');
  const canDecide = DECISION_ROLES.includes(user.role);
  const canSend = SEND_ROLES.includes(user.role);
  const [preview, setPreview] = useState(false);
  const [deliveries, setDeliveries] = useState<DeliveryDto[]>([]);

  const load = useCallback(() => {
    client.invoke('decisions.get', { decisionId }).then(setD, (e: unknown) => setError(errorText(e, t('errors.generic'))));
    client.invoke('decisions.deliveries', { decisionId }).then(setDeliveries, () => setDeliveries([]));
  }, [decisionId, t]);
  useEffect(load, [load]);
  useEffect(() => {
    if (d?.status === 'draft' && canDecide) client.invoke('decisions.eligibleMakers', { decisionId: d.id }).then(setMakers, () => setMakers([]));
  }, [d?.status, d?.id, d?.version, canDecide]);
  // The delegation rules, to tell before a click whether this user may sign the draft (and why not).
  const [rules, setRules] = useState<OutputOf<'catalogue.delegation'> | null>(null);
  useEffect(() => {
    if (canDecide) client.invoke('catalogue.delegation', {}).then(setRules, () => setRules(null));
  }, [canDecide]);

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

  const areaName = useMemo(() => new Map(boot.areas.map((a) => [a.id, lang === 'sv' ? a.nameSv : a.nameFi])), [boot.areas, lang]);
  // Namesakes are told apart by their areas; the search matches name, title and area.
  const makerLabel = useCallback(
    (m: OutputOf<'decisions.eligibleMakers'>[number]) => {
      const twin = makers.some((x) => x.id !== m.id && x.name === m.name);
      return `${m.name}, ${m.title}${twin ? ` (${m.areaIds.map((a) => areaName.get(a) ?? '').join(', ')})` : ''}`;
    },
    [makers, areaName],
  );
  const shownMakers = useMemo(() => {
    const q = makerQuery.trim().toLocaleLowerCase('fi');
    return q ? makers.filter((m) => makerLabel(m).toLocaleLowerCase('fi').includes(q) || m.areaIds.some((a) => (areaName.get(a) ?? '').toLocaleLowerCase('fi').includes(q))) : makers;
  }, [makers, makerQuery, makerLabel, areaName]);

  if (!d) return <LoadingPanel error={error} onBack={onBack} />;

  const svc = (code: string, fallback: string) => {
    const s = catalogue?.services.find((x) => x.code === code);
    return s ? (lang === 'sv' ? s.nameSv : s.nameFi) : fallback;
  };
  const lineAmount = (l: DecisionDto['lines'][number]) => (l.amount === null ? t('g.units.continuous') : `${l.amount} ${t(`g.units.${l.unit}`)}`);

  const sign = async () => {
    const grants = ['grant', 'partial_grant', 'change'].includes(d.outcome) && d.lines.length > 0;
    const fees = d.lines.some((l) => l.serviceCode === 'home_care' || l.serviceCode === 'service_housing_24h');
    const ok = await confirm({
      title: t('d.confirmSignTitle'),
      confirmLabel: t('d.sign'),
      danger: true,
      body: (
        <div data-testid="sign-summary">
          <table>
            <tbody>
              <tr>
                <th>{t('d.client')}</th>
                <td>{d.clientName}</td>
              </tr>
              <tr>
                <th>{t('d.outcome')}</th>
                <td>{t(`g.outcomes.${d.outcome}`)}</td>
              </tr>
              {d.lines.map((l, i) => (
                <tr key={l.id}>
                  <th>{i === 0 ? t('d.services') : ''}</th>
                  <td>
                    {svc(l.serviceCode, l.serviceNameFi)} · {lineAmount(l)} · {t('d.fromTo', { from: fi(l.startDate), to: l.endDate ? fi(l.endDate) : '' })}
                    {l.providerKind && ` · ${t(`g.providerKinds.${l.providerKind}`)}`}
                    {l.providerName && ` (${l.providerName})`}
                  </td>
                </tr>
              ))}
              <tr>
                <th>{t('d.maker')}</th>
                <td>
                  {user.displayName}, {user.title}
                </td>
              </tr>
              <tr>
                <th>{t('d.decidedOn')}</th>
                <td>{fi(boot.today)}</td>
              </tr>
            </tbody>
          </table>
          <div className="next">
            <p>{t('d.signLocks')}</p>
            <p>{t('d.signNext')}</p>
            {grants && <p>{t('d.signArrangeBy', { date: fi(arrangeBy(boot.today)) })}</p>}
            {fees && <p>{t('d.signFees')}</p>}
          </div>
        </div>
      ),
    });
    if (ok === null) return;
    await act(() => client.invoke('decisions.sign', { decisionId: d.id, version: d.version }), (r) => t('d.signed', { number: r.number }));
  };

  const discard = async () => {
    const ok = await confirm({
      title: t('d.confirmDiscardTitle'),
      confirmLabel: t('d.discard'),
      danger: true,
      body: <p>{t('d.confirmDiscard', { client: d.clientName, services: d.lines.map((l) => svc(l.serviceCode, l.serviceNameFi)).join(', ') || '–' })}</p>,
    });
    if (ok === null) return;
    setError(null);
    try {
      await client.invoke('decisions.discard', { decisionId: d.id, version: d.version });
      notify(t('d.discarded'));
      onBack();
    } catch (e) {
      setError(errorText(e, t('errors.generic')));
    }
  };

  const chosenMaker = makers.find((m) => m.id === maker);
  const whyNotMine =
    d.status === 'draft' && rules
      ? delegationError(
          rules,
          user.role,
          boot.today,
          d.outcome,
          d.lines.map((l) => ({ serviceCode: l.serviceCode, amount: l.amount })),
          d.appliedService,
          (code) => {
            const s = catalogue?.services.find((x) => x.code === code);
            return s ? { fi: s.nameFi.toLowerCase(), sv: s.nameSv.toLowerCase() } : code;
          },
        )
      : null;
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
      {d.status === 'proposed' && d.decisionMaker && (
        <p className="info-banner" role="status" data-testid="waiting-for">
          {d.decisionMaker.id === user.id ? t('d.waitingForYou') : t('d.waitingFor', { name: `${d.decisionMaker.name}, ${d.decisionMaker.title}` })}
        </p>
      )}
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
        <dd>{d.sentOn ? `${fi(d.sentOn)} (${d.notificationBasis === 'hand' ? t('dv.routes.manual') : t(`d.channels.${d.sendChannel}`)})` : '–'}</dd>
        <dt>{t('d.notifiedOn')}</dt>
        <dd>{fi(d.notifiedOn)}</dd>
        <dt>{t('d.appealLastDay')}</dt>
        <dd data-testid="appeal-last-day">{fi(d.appealLastDay)}</dd>
        <dt>{t('d.arrangeBy')}</dt>
        <dd data-testid="arrange-by">{fi(d.arrangeBy)}</dd>
      </dl>
      <NotificationNote basis={d.notificationBasis} provisional={d.notificationProvisional} />
      {made && (
        <section className="decision-deliveries" data-testid="decision-deliveries">
          <h3>{t('dv.title')}</h3>
          <DeliveryList deliveries={deliveries} />
          {canSend && deliveries.some((x) => x.route === 'manual' && x.status === 'pending') && <HandOverForm decisionId={d.id} onDone={load} />}
        </section>
      )}
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
                  <td>{svc(l.serviceCode, l.serviceNameFi)}</td>
                  <td>{lineAmount(l)}</td>
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
          <h2>{t('d.reasoning')}</h2>
          <p className="prewrap">
            {(lang === 'sv' ? d.reasoningSv : d.reasoningFi) ??
              [...d.reasoningIds.map((id) => catalogue?.reasoning.find((r) => r.id === id)?.[lang === 'sv' ? 'textSv' : 'textFi'] ?? ''), d.reasoningFree]
                .filter(Boolean)
                .join('\n\n')}
          </p>
          <h2>{t('d.legalBasis')}</h2>
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
            <span className="maker-picker">
              <input
                type="search"
                aria-label={t('d.searchMaker')}
                placeholder={t('d.searchMaker')}
                value={makerQuery}
                onChange={(e) => setMakerQuery(e.target.value)}
              />
              <select aria-label={t('d.chooseMaker')} value={maker} onChange={(e) => setMaker(e.target.value)}>
                <option value="">{t('d.chooseMakerCount', { count: shownMakers.length })}</option>
                {shownMakers.map((m) => (
                  <option key={m.id} value={m.id}>
                    {makerLabel(m)}
                  </option>
                ))}
              </select>
            </span>
            <button
              disabled={!maker}
              onClick={() =>
                void act(
                  () => client.invoke('decisions.propose', { decisionId: d.id, version: d.version, decisionMakerId: maker }),
                  () => t('d.proposedTo', { name: chosenMaker ? `${chosenMaker.name}, ${chosenMaker.title}` : '' }),
                )
              }
            >
              {t('d.propose')}
            </button>
            <button className="danger-outline" onClick={() => void discard()}>
              {t('d.discard')}
            </button>
          </>
        )}
        {canDecide && d.status === 'proposed' && (
          <button onClick={() => void act(() => client.invoke('decisions.returnToDraft', { decisionId: d.id, version: d.version }))}>{t('d.returnToDraft')}</button>
        )}
        {canDecide && (d.status === 'draft' || (d.status === 'proposed' && d.decisionMaker?.id === user.id)) && !editing && !whyNotMine && (
          <button className="primary" onClick={() => void sign()}>
            {t('d.sign')}
          </button>
        )}
        {canDecide && whyNotMine && !editing && (
          <p className="muted no-power" data-testid="no-power">
            {word(whyNotMine)} {whyNotMine.key === 'decisions.delegationLimit' ? '' : t('d.proposeInstead')}
          </p>
        )}
        {canSend && d.status === 'signed' && (
          <>
            <Field label={t('d.sentOn')}>
              <DateInput value={sentOn} max={boot.today} onChange={setSentOn} />
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
