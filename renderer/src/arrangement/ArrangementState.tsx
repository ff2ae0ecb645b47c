// A line's arrangement state as a badge (colour and text, so it does not rely on colour alone).
import { useTranslation } from 'react-i18next';
import type { ArrangementState as State } from '../../../shared/domain/arrangement';

export function ArrangementState({ state }: { state: State }) {
  const { t } = useTranslation();
  return <span className={`badge arr-${state}`}>{t(`arr.state.${state}`)}</span>;
}
