import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { fi } from './fi';
import { sv } from './sv';
import { arrFi, arrSv, repFi, repSv } from './reports';

export type Lang = 'fi' | 'sv';

const stored = (typeof localStorage !== 'undefined' && localStorage.getItem('luotsi.lang')) as Lang | null;

void i18next.use(initReactI18next).init({
  resources: { fi: { translation: { ...fi, arr: arrFi, rep: repFi } }, sv: { translation: { ...sv, arr: arrSv, rep: repSv } } },
  lng: stored ?? 'fi',
  fallbackLng: 'fi',
  interpolation: { escapeValue: false },
  returnObjects: true,
});

export function setLanguage(lang: Lang): void {
  localStorage.setItem('luotsi.lang', lang);
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export default i18next;
