import { useTranslation } from 'react-i18next';

/** A section whose capability has not landed yet: says what it will hold, shows no data. */
export function ComingSection({ section }: { section: 'decisions' | 'letters' | 'billing' }) {
  const { t } = useTranslation();
  return (
    <section className="panel coming">
      <h1>{t(`nav.${section}`)}</h1>
      <p className="badge">{t('coming.notYet')}</p>
      <p>{t(`coming.${section}`)}</p>
    </section>
  );
}
