// What the two monthly runs of Laskutus share (Laskutusajot: the invoice run; Omaishoito: the care-fee payment
// run): the toolbar with Luotsi's own month list and the button that starts a run of that month, and the
// question asked in Luotsi's confirm dialog (focus in and back, Escape cancels) before a run is approved or
// cancelled, which changes nothing when the answer is no and shows an error of the action as a notice.
import { useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../shell/bootstrap';
import { useFailNotice } from '../guidance/common';
import { MonthInput } from '../ui/MonthInput';

export function RunMonthBar({
  month,
  onMonth,
  ahead,
  runLabel,
  onRun,
  disabled,
  label,
  children,
}: {
  month: string;
  onMonth: (month: string) => void;
  /** How many months after today's the list offers (24 before it). */
  ahead: number;
  runLabel: string;
  onRun: () => void;
  disabled?: boolean;
  /** The toolbar's name for screen readers, where the view has more than one. */
  label?: string;
  /** What follows the button (a run's progress). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="toolbar views" role="toolbar" aria-label={label}>
      <label className="inline">
        {t('b.month')} <MonthInput value={month} onChange={onMonth} aria-label={t('b.month')} back={24} ahead={ahead} />
      </label>
      <button className="primary" disabled={disabled} onClick={onRun}>
        {runLabel}
      </button>
      {children}
    </div>
  );
}

export interface Ask {
  title: string;
  /** What will happen, in one sentence. */
  body: string;
  confirmLabel: string;
  danger?: boolean;
}

/** Asks first (`ask`), then does `act`; a no does nothing, and an error of `act` is shown as a notice. */
export function useConfirmedAction(): (ask: Ask, act: () => Promise<void>) => Promise<void> {
  const { confirm } = useApp();
  const fail = useFailNotice();
  return useCallback(
    async (ask, act) => {
      if ((await confirm({ ...ask, body: <p>{ask.body}</p> })) === null) return;
      try {
        await act();
      } catch (e) {
        fail(e);
      }
    },
    [confirm, fail],
  );
}
