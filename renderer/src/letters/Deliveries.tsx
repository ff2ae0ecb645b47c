// A document's deliveries as the decision view, the client card and the sending batch show them: the route, the
// state, whether it gave the notification or was a copy, and the events the channel reported, in time order.
import { useTranslation } from 'react-i18next';
import type { DeliveryDto } from '../../../shared/contract/delivery-schemas';
import { fi } from '../guidance/common';
import { formatDateTime } from '../../../shared/messages';

export function eventTime(iso: string, lang: string): string {
  return formatDateTime(iso, lang === 'sv' ? 'sv' : 'fi');
}

export function RouteBadge({ route, reason }: { route: string; reason?: string | null }) {
  const { t } = useTranslation();
  const warn = route === 'manual' || route === 'missing';
  return (
    <span className={`badge route-${route}${warn ? ' warn' : ''}`} title={reason ? t(`dv.reasons.${reason}`) : undefined} data-route={route}>
      {t(`dv.routes.${route}`)}
    </span>
  );
}

export function DeliveryList({ deliveries, label }: { deliveries: (DeliveryDto & { documentLabel?: string })[]; label?: boolean }) {
  const { t, i18n } = useTranslation();
  if (deliveries.length === 0) return <p className="muted">{t('dv.none')}</p>;
  return (
    <ol className="delivery-list" data-testid="deliveries">
      {deliveries.map((d) => (
        <li key={d.id} className={`delivery st-${d.status}`} data-testid="delivery" data-status={d.status}>
          <div className="delivery-head">
            {label && d.documentLabel ? <strong>{d.documentLabel} · </strong> : null}
            {t('dv.attempt', { n: d.attempt })}: <RouteBadge route={d.route} reason={d.routeReason} />{' '}
            <span className={`badge st-${d.status}${d.status === 'failed' || d.status === 'returned' ? ' warn' : ''}`}>{t(`dv.statuses.${d.status}`)}</span>
            {d.deliveredAs ? ` ${t(`dv.deliveredAs.${d.deliveredAs}`)}` : ''} · <span className="muted">{t(`dv.purpose.${d.purpose}`)}</span>
            {d.handedOverOn ? ` · ${d.handedOverTo} ${fi(d.handedOverOn)} (${d.handedOverByName ?? ''})` : ''}
          </div>
          {d.error && <div className="error small">{d.error}</div>}
          {d.events.length > 0 && (
            <ul className="delivery-events" aria-label={t('dv.eventsTitle')}>
              {d.events.map((e, i) => (
                <li key={i} data-event={e.type}>
                  <time dateTime={e.at}>{eventTime(e.at, i18n.language)}</time> {t(`dv.events.${e.type}`)}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

/** The decision's deemed receipt with the rule it rests on, and whether it waits for Suomi.fi's events. */
export function NotificationNote({ basis, provisional }: { basis: string | null; provisional: boolean }) {
  const { t } = useTranslation();
  if (!basis) return null;
  return (
    <p className={basis === 'returned' ? 'warning' : 'muted'} data-testid="notification-basis">
      {t(`dv.basis.${basis}`)}
      {provisional ? ` (${t('dv.provisional')})` : ''}
    </p>
  );
}
