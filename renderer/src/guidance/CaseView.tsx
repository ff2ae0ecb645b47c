// One intake item worked end to end: the item and its deadline, its state actions, the client (linked or created
// from it), the service needs assessment, the criteria result, the client plan and the decisions. The client's
// other work (open items with their workers, recent assessments, decisions) shows before a second assessment is
// started, and starting one over a recent assessment or another worker's open item asks first.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CriteriaResultDto, IntakeDetail } from '../../../shared/contract/guidance-schemas';
import type { IntakeStatus, ServiceApplied } from '../../../shared/domain/intake';
import { CASEWORK_ROLES, DECISION_ROLES } from '../../../shared/roles';
import { formatDateTime } from '../../../shared/messages';
import type { Lang } from '../i18n';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { errorText, fi, LoadingPanel, useCatalogue } from './common';
import { ClientLinkPanel } from './ClientLinkPanel';
import { AssessmentForm } from './AssessmentForm';
import { CriteriaResults } from './CriteriaResults';
import { PlanForm, PlanView } from './PlanForm';
import { hasRelated, RelatedWork, relatedWarns } from './RelatedWork';
import { DecisionEditor } from '../decisions/DecisionEditor';
import { DecisionTable } from '../decisions/DecisionTable';

export function CaseView({ itemId, onBack }: { itemId: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const { user, boot, openClient, openDecision, openItem, notify, confirm } = useApp();
  const catalogue = useCatalogue();
  const [item, setItem] = useState<IntakeDetail | null>(null);
  const [criteria, setCriteria] = useState<CriteriaResultDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [newAssessment, setNewAssessment] = useState(false);
  const canWork = CASEWORK_ROLES.includes(user.role);
  const canDecide = DECISION_ROLES.includes(user.role);

  const load = useCallback(() => {
    client.invoke('intake.get', { itemId }).then(setItem, (e: unknown) => setError(errorText(e, t('errors.generic'))));
  }, [itemId, t]);
  useEffect(load, [load]);
  const latest = item?.assessments[0] ?? null;
  useEffect(() => {
    if (!latest) return setCriteria(null);
    client.invoke('assessments.evaluate', { assessmentId: latest.id }).then(setCriteria, () => setCriteria(null));
  }, [latest]);

  const move = async (to: IntakeStatus) => {
    if (!item) return;
    let reason = '';
    if (to === 'forwarded' || to === 'cancelled') {
      const r = await confirm({
        title: t(`g.to.${to}`),
        body: <p>{t(to === 'forwarded' ? 'g.forwardExplain' : 'g.cancelExplain')}</p>,
        confirmLabel: t(`g.to.${to}`),
        danger: to === 'cancelled',
        input: { label: t(to === 'forwarded' ? 'g.forwardReason' : 'g.cancelReason'), required: true },
      });
      if (r === null) return;
      reason = r;
    }
    if (to === 'assessment' && !(await confirmSecondAssessment())) return;
    setError(null);
    try {
      setItem(await client.invoke('intake.transition', { itemId: item.id, to, version: item.version, reason }));
    } catch (e) {
      setError(errorText(e, t('errors.generic')));
    }
  };

  /** Before starting an assessment: if the client has a recent assessment or open items with others, ask. */
  const confirmSecondAssessment = async (): Promise<boolean> => {
    const r = item?.related;
    const others = r?.openItems.filter((i) => i.workerName && i.workerName !== user.displayName) ?? [];
    if (!r || (r.recentAssessments.length === 0 && others.length === 0)) return true;
    const ok = await confirm({
      title: t('g.secondAssessmentTitle'),
      confirmLabel: t('g.startAnyway'),
      body: <RelatedWork related={r} compact />,
    });
    return ok !== null;
  };

  if (!item) return <LoadingPanel error={error} onBack={onBack} />;

  const open = ['new', 'assigned', 'assessment', 'decision'].includes(item.status);
  const deadline =
    item.daysLeft === null ? t('g.deadlineMet') : item.daysLeft < 0 ? t('g.overdueBy', { count: -item.daysLeft }) : t('g.daysLeft', { count: item.daysLeft });
  const deadlineClass = item.daysLeft === null ? 'ok' : item.daysLeft < 0 ? 'bad' : item.daysLeft <= 2 ? 'warn' : 'ok';

  return (
    <section className="panel case-view">
      <button className="link" onClick={onBack}>
        ← {t('card.back')}
      </button>
      <h1>
        {t(`type.${item.type}`)}
        {item.serviceApplied && ` · ${t(`service.${item.serviceApplied}`)}`}
        {item.urgent && <span className="badge urgent">{t('urgency.urgent')}</span>} <span className={`badge st-${item.status}`}>{t(`status.${item.status}`)}</span>
      </h1>
      <ol className="steps" aria-label="Eteneminen">
        {(['item', 'assessment', 'criteria', 'plan', 'decision'] as const).map((s) => {
          const done =
            s === 'item' ? !!item.client : s === 'assessment' || s === 'criteria' ? !!latest : s === 'plan' ? item.hasPlan : item.decisions.some((d) => d.status === 'signed' || d.status === 'sent');
          return (
            <li key={s} className={done ? 'done' : ''}>
              {t(`g.steps.${s}`)}
            </li>
          );
        })}
      </ol>
      <div className="card-grid">
        <div className="card-box">
          <dl className="facts">
            <dt>{t('g.received')}</dt>
            <dd>{formatDateTime(item.receivedAt, i18n.language as Lang)} · {t(`channel.${item.channel}`)}</dd>
            <dt>{t('g.contact')}</dt>
            <dd>{fi(item.contactDate)}</dd>
            <dt>{t('g.deadline')}</dt>
            <dd data-testid="item-deadline">
              {fi(item.assessmentDue)} ({t(`basis.${item.dueBasis}`)}) <span className={`badge ${deadlineClass}`}>{deadline}</span>
            </dd>
            <dt>{t('g.reporter')}</dt>
            <dd>
              {item.reporterName} ({t(`g.reporterRoles.${item.reporterRole}`, { defaultValue: item.reporterRole })})
            </dd>
            <dt>{t('g.subject')}</dt>
            <dd>
              {item.client ? (
                <button className="link" onClick={() => openClient(item.client!.id)}>
                  {item.client.name} · {item.client.hetuMasked} · {item.client.age} {t('card.years')}
                </button>
              ) : (
                <>
                  {item.subjectName} {item.subjectBirthDate && `(${fi(item.subjectBirthDate)})`}
                </>
              )}
            </dd>
            <dt>{t('g.worker')}</dt>
            <dd>{item.assignedWorker?.name ?? '–'}</dd>
          </dl>
          <p className="prewrap">{item.text}</p>
        </div>
        <div className="card-box">
          <h2>{t('g.actions')}</h2>
          <div className="actions column">
            {canWork &&
              item.allowedTransitions.map((to) => (
                <button key={to} className={to === 'cancelled' || to === 'forwarded' ? '' : 'primary'} onClick={() => void move(to)}>
                  {item.status === 'decision' && to === 'assessment' ? t('g.backToAssessment') : t(`g.to.${to}`)}
                </button>
              ))}
          </div>
          {error && (
            <div className="error" role="alert">
              {error}
            </div>
          )}
        </div>
      </div>

      {!item.client && canWork && open && (
        <>
          <h2>{t('g.noClient')}</h2>
          <ClientLinkPanel item={item} onChanged={setItem} />
        </>
      )}

      {item.related && hasRelated(item.related) && (
        <section className={`card-box related ${relatedWarns(item.related, user.displayName) ? 'warn' : ''}`} aria-label={t('g.relatedTitle')} data-testid="related-work">
          <h2>{t('g.relatedTitle')}</h2>
          <RelatedWork related={item.related} onOpenItem={openItem} onOpenDecision={openDecision} />
        </section>
      )}

      {item.client && (
        <>
          <h2>{t('g.assessmentTitle')}</h2>
          {item.assessments.map((a) => (
            <div key={a.id} className="card-box small">
              <strong>{fi(a.assessedOn)}</strong> · {t(`g.methods.${a.method}`)} · MAPLe_5 {a.maple5 ?? '–'} · CPS {a.cps ?? '–'} · ADLH {a.adlh ?? '–'} · IADLCH{' '}
              {a.iadlch ?? '–'} · DRS {a.drs ?? '–'} · CHESS {a.chess ?? '–'} · {t(`g.levels.${a.serviceLevel}`)} · {a.workerName}
              <div className="muted">
                {t('g.reassessmentDue')} {fi(a.reassessmentDue)}
              </div>
            </div>
          ))}
          {canWork && ['assigned', 'assessment', 'new'].includes(item.status) && (newAssessment || item.assessments.length === 0) && (
            <AssessmentForm
              clientId={item.client.id}
              itemId={item.id}
              onSaved={() => {
                setNewAssessment(false);
                load();
              }}
            />
          )}
          {canWork && item.assessments.length > 0 && item.status === 'assessment' && !newAssessment && (
            <button onClick={() => void confirmSecondAssessment().then((ok) => ok && setNewAssessment(true))}>{t('g.newAssessment')}</button>
          )}
        </>
      )}

      {criteria && (
        <>
          <h2>{t('g.criteriaTitle')}</h2>
          <CriteriaResults results={criteria} catalogue={catalogue} />
        </>
      )}

      {item.client && latest && (item.plan || (canWork && open)) && (
        <>
          <h2>{t('g.planTitle')}</h2>
          {item.plan ? <PlanView plan={item.plan} catalogue={catalogue} /> : <PlanForm clientId={item.client.id} assessmentId={latest.id} catalogue={catalogue} onSaved={load} />}
        </>
      )}

      {item.client && latest && (
        <>
          <h2>{t('g.decisions')}</h2>
          <DecisionTable rows={item.decisions} />
          {canDecide && catalogue && (item.status === 'assessment' || item.status === 'decision') && (
            <>
              <h3>{t('g.decisionTitle')}</h3>
              <DecisionEditor
                key={item.decisions.length}
                context={{
                  clientId: item.client.id,
                  intakeItemId: item.id,
                  assessmentId: latest.id,
                  appliedService: item.serviceApplied as ServiceApplied | null,
                  appliedOn: item.contactDate,
                }}
                existing={null}
                catalogue={catalogue}
                onSaved={(d) => {
                  notify(t('g.draftSaved'));
                  openDecision(d.id);
                }}
              />
            </>
          )}
        </>
      )}
      <p className="muted small">
        {t('shell.today')} {fi(boot.today)}
      </p>
    </section>
  );
}
