// Asiakaskortti: personal data, address (hidden under turvakielto from roles that may not see it), contacts and
// the client's intake items as a timeline. Opening the card is audited in the core.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientCard } from '../../../shared/contract/schemas';
import { formatFi, helsinkiDate } from '../../../shared/domain/dates';
import { formatDateTime } from '../../../shared/messages';
import { deadlineState } from '../../../shared/domain/deadline-state';
import { ASSIGN_ROLES, AUDIT_READ_ROLES, CASEWORKER_ROLES, FEE_ROLES } from '../../../shared/roles';
import { client } from '../api/client';
import { errorText } from '../guidance/common';
import { useApp } from '../shell/bootstrap';
import type { Lang } from '../i18n';
import { ChainView } from './ChainView';
import { ClientFeesTab } from './ClientFeesTab';
import { ClientServicesTab } from '../arrangement/ClientServicesTab';
import { ClientDeliveryTab } from './ClientDeliveryTab';
import { concernsClient, useDataChanged } from '../sync/useDataChanged';

type AuditRows = Awaited<ReturnType<typeof client.invoke<'clients.accessLog'>>>;

export function ClientCardView({ clientId, onBack }: { clientId: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { user, boot, notify, openClient, openItem } = useApp();
  const [card, setCard] = useState<ClientCard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hetu, setHetu] = useState<string | null>(null);
  const [tab, setTab] = useState<'timeline' | 'chain' | 'services' | 'fees' | 'delivery' | 'log'>('timeline');
  const [log, setLog] = useState<AuditRows | null>(null);
  const canReadLog = AUDIT_READ_ROLES.includes(user.role);

  // Another workstation changed this client's records: offered as a refresh rather than done unasked, since
  // opening the card is audited and the user may be in the middle of a form.
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const [loads, setLoads] = useState(0);
  useDataChanged((c) => concernsClient(c, clientId) && setChangedElsewhere(true));

  useEffect(() => {
    setCard(null);
    setHetu(null);
    setLog(null);
    setTab('timeline');
  }, [clientId]);
  useEffect(() => {
    setChangedElsewhere(false);
    client.invoke('clients.get', { clientId }).then(setCard, (e: unknown) => setError(errorText(e, t('errors.generic'))));
  }, [clientId, t, loads]);

  useEffect(() => {
    if (tab !== 'log') return;
    client.invoke('clients.accessLog', { clientId }).then(setLog, (e: unknown) => notify(errorText(e, t('errors.generic')), 'error'));
  }, [tab, clientId, notify, t, hetu]);

  const reveal = async () => {
    try {
      setHetu((await client.invoke('clients.revealHetu', { clientId })).hetu);
    } catch (e) {
      notify(errorText(e, t('errors.generic')), 'error');
    }
  };

  if (error)
    return (
      <section className="panel">
        <button className="link" onClick={onBack}>
          ← {t('card.back')}
        </button>
        <div className="error" role="alert">
          {error}
        </div>
      </section>
    );
  if (!card) return <div className="loading">…</div>;

  const mun = boot.municipalities.find((m) => m.code === card.municipalityCode);
  const area = boot.areas.find((a) => a.id === card.areaId);

  return (
    <section className="panel client-card">
      <button className="link" onClick={onBack}>
        ← {t('card.back')}
      </button>
      {changedElsewhere && (
        <p className="warning changed-elsewhere" role="status">
          {t('sync.changedElsewhere')}{' '}
          <button className="link" onClick={() => setLoads((n) => n + 1)}>
            {t('sync.refresh')}
          </button>
        </p>
      )}
      <h1>
        {card.lastName} {card.firstNames}
        {card.addressProtected && <span className="badge protected">{t('card.protected')}</span>}
      </h1>
      <div className="card-grid">
        <div className="card-box">
          <h2>{t('card.personal')}</h2>
          <dl>
            <dt>{t('card.hetu')}</dt>
            <dd>
              <span className="mono" data-testid="hetu">
                {hetu ?? card.hetuMasked}
              </span>{' '}
              {!hetu && (
                <button className="link" onClick={reveal} title={t('card.revealNote')}>
                  {t('card.reveal')}
                </button>
              )}
            </dd>
            <dt>{t('card.birthDate')}</dt>
            <dd>
              {formatFi(card.birthDate)} ({card.age} {t('card.years')})
            </dd>
            <dt>{t('card.language')}</dt>
            <dd>{t(`card.languages.${card.language}`)}</dd>
            <dt>{t('card.phone')}</dt>
            <dd>{card.phone ?? t('card.none')}</dd>
            <dt>{t('card.municipality')}</dt>
            <dd>{mun ? (lang === 'sv' ? mun.nameSv : mun.nameFi) : card.municipalityCode}</dd>
            <dt>{t('card.area')}</dt>
            <dd>{area ? (lang === 'sv' ? area.nameSv : area.nameFi) : ''}</dd>
            <dt>{t('card.careAllowance')}</dt>
            <dd>{t(`card.allowance.${card.careAllowance}`)}</dd>
            <dt>{t('card.household')}</dt>
            <dd>{t('card.householdSize', { count: card.householdSize })}</dd>
            <dt>{t('card.spouse')}</dt>
            <dd>
              {card.spouse ? (
                <button className="link" onClick={() => openClient(card.spouse!.id)}>
                  {card.spouse.name}
                </button>
              ) : (
                t('card.none')
              )}
            </dd>
            <dt>{t('card.responsibleWorker')}</dt>
            <dd>
              {ASSIGN_ROLES.includes(user.role) ? (
                <select
                  aria-label={t('card.responsibleWorker')}
                  value={card.responsibleWorker?.id ?? ''}
                  onChange={async (e) => {
                    const workerId = e.target.value || null;
                    try {
                      await client.invoke('clients.setResponsibleWorker', { clientId: card.id, workerId });
                      const w = boot.workers.find((x) => x.id === workerId);
                      setCard({ ...card, responsibleWorker: w ? { id: w.id, name: w.displayName } : null });
                    } catch (err) {
                      notify(errorText(err, t('errors.generic')), 'error');
                    }
                  }}
                >
                  <option value="">{t('card.none')}</option>
                  {boot.workers
                    .filter((w) => CASEWORKER_ROLES.includes(w.role) && (w.areaIds.includes(card.areaId) || w.id === card.responsibleWorker?.id))
                    .map((w) => (
                      <option key={w.id} value={w.id}>
                        {w.displayName} ({w.openItems})
                      </option>
                    ))}
                </select>
              ) : (
                (card.responsibleWorker?.name ?? t('card.none'))
              )}
            </dd>
          </dl>
        </div>
        <div className="card-box">
          <h2>{t('card.address')}</h2>
          {card.addressProtected && <p className="warning">{t('card.protectedNote')}</p>}
          <h3>{t('card.populationAddress')}</h3>
          {card.address ? (
            <address>
              {card.address.street}
              <br />
              {card.address.postalCode} {card.address.postOffice}
            </address>
          ) : (
            <p className="muted">{t('card.protectedHidden')}</p>
          )}
          {card.contactAddress && (
            <>
              <h3>{t('card.contactAddress')}</h3>
              <address>
                {card.contactAddress.careOf && (
                  <>
                    {card.contactAddress.careOf}
                    <br />
                  </>
                )}
                {card.contactAddress.street}
                <br />
                {card.contactAddress.postalCode} {card.contactAddress.postOffice}
              </address>
            </>
          )}
          <h2>{t('card.contacts')}</h2>
          {card.contacts.length === 0 ? (
            <p className="muted">{t('card.none')}</p>
          ) : (
            <ul className="contacts">
              {card.contacts.map((c) => (
                <li key={c.id}>
                  <strong>{c.name}</strong>, {c.relation}
                  {c.isRepresentative && <span className="badge">{t('card.representative')}</span>}
                  {c.phone && <span className="muted"> · {c.phone}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={tab === 'timeline'} className={tab === 'timeline' ? 'tab active' : 'tab'} onClick={() => setTab('timeline')}>
          {t('card.timeline')} ({card.timeline.length})
        </button>
        <button role="tab" aria-selected={tab === 'chain'} className={tab === 'chain' ? 'tab active' : 'tab'} onClick={() => setTab('chain')}>
          {t('g.chain')}
        </button>
        <button role="tab" aria-selected={tab === 'services'} className={tab === 'services' ? 'tab active' : 'tab'} onClick={() => setTab('services')}>
          {t('arr.tab')}
        </button>
        {FEE_ROLES.includes(user.role) && (
          <button role="tab" aria-selected={tab === 'fees'} className={tab === 'fees' ? 'tab active' : 'tab'} onClick={() => setTab('fees')}>
            {t('fee.tab')}
          </button>
        )}
        <button role="tab" aria-selected={tab === 'delivery'} className={tab === 'delivery' ? 'tab active' : 'tab'} onClick={() => setTab('delivery')}>
          {t('dv.title')}
        </button>
        {canReadLog && (
          <button role="tab" aria-selected={tab === 'log'} className={tab === 'log' ? 'tab active' : 'tab'} onClick={() => setTab('log')}>
            {t('card.accessLog')}
          </button>
        )}
      </div>
      {tab === 'timeline' && (
        <ol className="timeline">
          {card.timeline.map((i) => {
            const state = deadlineState(boot.today, i.assessmentDue, i.status);
            return (
              <li key={i.id} className={`timeline-item ${state}`}>
                <div className="timeline-head">
                  <button className="link" onClick={() => openItem(i.id)}>
                    <strong>{t(`type.${i.type}`)}</strong>
                  </button>
                  {i.serviceApplied && <span> · {t(`service.${i.serviceApplied}`)}</span>}
                  {i.urgent && <span className="badge urgent">{t('urgency.urgent')}</span>}
                  <span className="muted">
                    {' '}
                    · {formatFi(helsinkiDate(new Date(i.receivedAt)))} · {t(`channel.${i.channel}`)} · {t(`status.${i.status}`)}
                    {i.assignedWorkerName && ` · ${i.assignedWorkerName}`}
                  </span>
                </div>
                <div>{i.text}</div>
                <div className="muted small">
                  {t('card.reporter')}: {i.reporter} · {t('card.due')} {formatFi(i.assessmentDue)} ({t(`basis.${i.dueBasis}`)})
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {tab === 'chain' && <ChainView clientId={card.id} />}
      {tab === 'services' && <ClientServicesTab key={loads} clientId={card.id} />}
      {tab === 'fees' && <ClientFeesTab key={loads} clientId={card.id} />}
      {tab === 'delivery' && <ClientDeliveryTab key={loads} clientId={card.id} />}
      {tab === 'log' && log && (
        <table className="list" aria-label={t('card.accessLogTitle')}>
          <thead>
            <tr>
              <th>{t('audit.at')}</th>
              <th>{t('audit.user')}</th>
              <th>{t('audit.action')}</th>
            </tr>
          </thead>
          <tbody>
            {log.map((r, i) => (
              <tr key={i}>
                <td>{formatDateTime(r.at, i18n.language === 'sv' ? 'sv' : 'fi')}</td>
                <td>{r.userName}</td>
                <td>{t(`audit.${r.action}`, { defaultValue: r.action })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
