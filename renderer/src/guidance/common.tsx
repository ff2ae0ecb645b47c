// Shared bits of the guidance screens: the catalogue (loaded once per window), error text, small formatters.
import { cloneElement, isValidElement, useCallback, useEffect, useId, useState, type ReactElement } from 'react';
import { useApp } from '../shell/bootstrap';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import { formatFi } from '../../../shared/domain/dates';
import { client } from '../api/client';
import { describeError } from '../i18n/messages';

export interface Catalogue {
  services: OutputOf<'catalogue.services'>;
  providers: OutputOf<'catalogue.providers'>;
  reasoning: OutputOf<'catalogue.reasoning'>;
}

let cached: Promise<Catalogue> | null = null;

export function loadCatalogue(): Promise<Catalogue> {
  cached ??= Promise.all([
    client.invoke('catalogue.services', {}),
    client.invoke('catalogue.providers', {}),
    client.invoke('catalogue.reasoning', {}),
  ]).then(([services, providers, reasoning]) => ({ services, providers, reasoning }));
  cached.catch(() => (cached = null));
  return cached;
}

/** Forgets the loaded catalogue after an edit, so the next load sees it. */
export function invalidateCatalogue(): void {
  cached = null;
}

/** The catalogue; a new `version` reloads it (after an edit). */
export function useCatalogue(version = 0): Catalogue | null {
  const [c, setC] = useState<Catalogue | null>(null);
  useEffect(() => {
    void loadCatalogue().then(setC, () => setC(null));
  }, [version]);
  return c;
}

/** A failed call in the user's language (the core's message by key); `fallback` for failures not from the core. */
export function errorText(e: unknown, fallback: string): string {
  return describeError(e, fallback);
}

/** A stable callback that shows a failed call's message (or a generic one) as an error notice. */
export function useFailNotice(): (e: unknown) => void {
  const { notify } = useApp();
  const { t } = useTranslation();
  return useCallback((e: unknown) => notify(errorText(e, t('errors.generic')), 'error'), [notify, t]);
}

export const fi = (d: string | null | undefined) => (d ? formatFi(d) : '–');

export { servicesText } from '../decisions/services-text';

/**
 * A labelled form field; `error` shows under it and marks the control invalid (aria-invalid, described by the
 * error), so a screen reader reads the problem with the field. `hint` is a lasting help text (a range, a format).
 * The label names the control by id (not by wrapping it), so buttons inside a control (a date's calendar) do not
 * become part of the field's name.
 */
export function Field({
  label,
  children,
  wide,
  error,
  hint,
  warning,
}: {
  label: string;
  children: React.ReactNode;
  wide?: boolean;
  error?: string | null;
  hint?: string | undefined;
  /** Something to check before going on (not an error: saving asks). */
  warning?: string | null | undefined;
}) {
  const id = useId();
  const element = isValidElement(children) ? (children as ReactElement<Record<string, unknown>>) : null;
  const controlId = (element?.props.id as string | undefined) ?? `${id}-c`;
  const described = [error ? `${id}-e` : null, warning && !error ? `${id}-w` : null, hint ? `${id}-h` : null].filter(Boolean).join(' ') || undefined;
  const control = element ? cloneElement(element, { id: controlId, 'aria-invalid': error ? true : undefined, 'aria-describedby': described }) : children;
  return (
    <div className={`field${wide ? ' wide' : ''}${error ? ' invalid' : ''}`}>
      <label htmlFor={controlId}>{label}</label>
      {control}
      {warning && !error && (
        <span className="field-warning" id={`${id}-w`}>
          {warning}
        </span>
      )}
      {hint && !error && (
        <span className="field-hint" id={`${id}-h`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-e`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** A detail view while it loads, or when it could not be loaded: the way back and the reason. */
export function LoadingPanel({ error, onBack }: { error: string | null; onBack: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <button className="link" onClick={onBack}>
        ← {t('card.back')}
      </button>
      {error ? (
        <div className="error" role="alert">
          {error}
        </div>
      ) : (
        <div className="loading">…</div>
      )}
    </section>
  );
}
