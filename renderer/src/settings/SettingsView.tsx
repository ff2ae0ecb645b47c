import { useTranslation } from 'react-i18next';
import { ROLE_NAMES } from '../../../shared/roles';
import { useApp } from '../shell/bootstrap';
import type { Lang } from '../i18n';
import { GuidanceSettings } from './GuidanceSettings';
import { LetterSettings } from './LetterSettings';
import { FeeSettings } from './FeeSettings';
import { CentralSettings } from './CentralSettings';
import { SecuritySettings } from './SecuritySettings';
import { SuomifiSettings } from './SuomifiSettings';
import { JobsSettings } from './JobsSettings';
import { BILLING_ROLES, SEND_ROLES } from '../../../shared/roles';

export function SettingsView({ onLanguage }: { onLanguage: (l: Lang) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { user, boot } = useApp();
  return (
    <section className="panel">
      <h1>{t('settings.title')}</h1>
      <dl className="settings">
        <dt>{t('settings.user')}</dt>
        <dd>
          {user.displayName} ({user.username})
        </dd>
        <dt>{t('settings.role')}</dt>
        <dd>{ROLE_NAMES[user.role][lang]}</dd>
        <dt>{t('settings.language')}</dt>
        <dd>
          <select value={lang} onChange={(e) => onLanguage(e.target.value as Lang)} aria-label={t('settings.language')}>
            <option value="fi">suomi</option>
            <option value="sv">svenska</option>
          </select>
        </dd>
        <dt>{t('settings.database')}</dt>
        <dd>
          {t('settings.path')}: <span className="mono">{boot.database.path}</span>
          <br />
          {t('settings.schema')}: {boot.database.schemaVersion} · {t('settings.size')}: {t('shell.megabytes', { n: (boot.database.sizeBytes / 1_048_576).toFixed(1).replace('.', ',') })}
        </dd>
      </dl>
      <CentralSettings />
      {user.role === 'admin' && <SecuritySettings />}
      <GuidanceSettings />
      {(SEND_ROLES.includes(user.role) || user.role === 'admin') && <LetterSettings />}
      {(SEND_ROLES.includes(user.role) || user.role === 'admin') && <SuomifiSettings />}
      {BILLING_ROLES.includes(user.role) && <FeeSettings />}
      {(SEND_ROLES.includes(user.role) || BILLING_ROLES.includes(user.role)) && <JobsSettings />}
    </section>
  );
}
