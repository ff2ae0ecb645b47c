// A modal dialog Luotsi words itself (a browser's confirm() and prompt() show "OK"/"Cancel" in the operating
// system's language and cannot show a summary): focus moves in and stays in until it closes, Escape cancels,
// focus returns to where it was. `Confirm` is the question before an irreversible or mass action: what will
// happen, to what, and what happens next; it can ask for a text (a reason) as well.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Dialog({
  title,
  children,
  onClose,
  role = 'dialog',
  className,
  describedBy,
  initialFocus,
  testId,
}: {
  title: string;
  children: ReactNode;
  onClose: () => void;
  role?: 'dialog' | 'alertdialog';
  className?: string;
  describedBy?: string;
  /** CSS selector of the element to focus first (default: the first focusable one). */
  initialFocus?: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const el = box.current;
    const first = (initialFocus ? el?.querySelector<HTMLElement>(initialFocus) : null) ?? el?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    return () => before?.focus?.();
  }, [initialFocus]);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    } else if (e.key === 'Tab') {
      const items = [...(box.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
      if (items.length === 0) return;
      const i = items.indexOf(document.activeElement as HTMLElement);
      if (e.shiftKey && i <= 0) {
        e.preventDefault();
        items[items.length - 1]!.focus();
      } else if (!e.shiftKey && i === items.length - 1) {
        e.preventDefault();
        items[0]!.focus();
      }
    }
  };
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={box}
        className={`modal${className ? ` ${className}` : ''}`}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

export interface ConfirmOptions {
  title: string;
  /** What will happen: a sentence, a summary table, the consequences. */
  body: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** A destructive or irreversible action: the confirm button is marked and Cancel has the first focus. */
  danger?: boolean;
  /** Ask for a text too (e.g. a reason); confirming needs it when `required`. */
  input?: { label: string; required?: boolean; initial?: string; multiline?: boolean };
}

/** The question; resolves to the text typed (or '' without an input) when confirmed, null when cancelled. */
export function ConfirmDialog({ options, onDone }: { options: ConfirmOptions; onDone: (value: string | null) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(options.input?.initial ?? '');
  const bodyId = useId();
  const inputId = useId();
  const missing = !!options.input?.required && text.trim() === '';
  return (
    <Dialog
      title={options.title}
      onClose={() => onDone(null)}
      role="alertdialog"
      className="confirm"
      describedBy={bodyId}
      initialFocus={options.input ? 'textarea, input' : options.danger ? 'button.cancel' : 'button.confirm'}
      testId="confirm-dialog"
    >
      <div id={bodyId} className="confirm-body">
        {options.body}
      </div>
      {options.input && (
        <label className="field wide" htmlFor={inputId}>
          <span>{options.input.label}</span>
          {options.input.multiline === false ? (
            <input id={inputId} value={text} onChange={(e) => setText(e.target.value)} required={options.input.required} />
          ) : (
            <textarea id={inputId} rows={3} value={text} onChange={(e) => setText(e.target.value)} required={options.input.required} />
          )}
        </label>
      )}
      <div className="actions dialog-actions">
        <button type="button" className="cancel" onClick={() => onDone(null)}>
          {options.cancelLabel ?? t('ui.cancel')}
        </button>
        <button type="button" className={`confirm primary${options.danger ? ' danger' : ''}`} disabled={missing} onClick={() => onDone(options.input ? text.trim() : '')}>
          {options.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
