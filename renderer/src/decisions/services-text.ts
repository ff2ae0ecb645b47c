// A decision's services worded in the reader's language from the core's structured items (no React, so tests read it).
import type { ServiceItem } from '../../../shared/contract/guidance-schemas';

/**
 * "Säännöllinen kotihoito 39 h/kk" / "Regelbunden hemvård 39 h/mån" (a decimal amount with a comma; a continuous
 * service or one without an amount by its name only). `t` is the i18n translate function (units under g.units).
 */
export function servicesText(items: ServiceItem[] | undefined, lang: string, t: (key: string) => string): string {
  return (items ?? [])
    .map((s) => {
      const name = lang === 'sv' ? s.nameSv : s.nameFi;
      if (s.amount === null) return name;
      const unit = s.unit === 'continuous' ? '' : ` ${t(`g.units.${s.unit}`)}`;
      return `${name} ${String(s.amount).replace('.', ',')}${unit}`;
    })
    .join(', ');
}
