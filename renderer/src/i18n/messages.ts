// The core's messages in the user's language: a refused call carries a key with parameters, worded here by the
// catalogues of shared/messages (the same the core words its Finnish text from). A key this window does not
// know shows the core's own Finnish text; a failure without any text shows its kind in words.
import i18next from 'i18next';
import type { FieldIssue } from '../../../shared/contract/errors';
import { issuesFromZod, namedIssue, validationSummary } from '../../../shared/contract/issues';
import { formatMessage, hasMessage, type Lang, type Message } from '../../../shared/messages';
import { ClientError } from '../api/client';

export function currentLang(): Lang {
  return i18next.language === 'sv' ? 'sv' : 'fi';
}

export function word(m: Message, lang: Lang = currentLang()): string {
  return formatMessage(lang, m.key, m.params);
}

/** One field's issue as shown at the field: "Anna kokonaisluku 1–5." */
export function issueText(i: FieldIssue, lang: Lang = currentLang()): string {
  return i.key && hasMessage(i.key) ? formatMessage(lang, i.key, i.params) : i.message;
}

/** A failed call in words. `fallback` is used for failures that are not the core's (a lost connection). */
export function describeError(e: unknown, fallback?: string, lang: Lang = currentLang()): string {
  if (e instanceof ClientError) {
    if (e.code === 'VALIDATION' && e.issues?.length && (!e.key || e.key.startsWith('error.validation'))) {
      const s = validationSummary(e.issues);
      return formatMessage(lang, s.key, s.params);
    }
    if (e.key) return formatMessage(lang, e.key, e.params, e.message || undefined);
    if (e.message) return e.message;
    return formatMessage(lang, `error.kind.${e.code}`);
  }
  return fallback ?? formatMessage(lang, 'error.internal');
}

/** The field issues of a failed call, by path, worded for the fields: { maple5: 'Anna kokonaisluku 1–5.' }. */
export function fieldErrorsOf(e: unknown, lang: Lang = currentLang()): Record<string, string> {
  if (!(e instanceof ClientError) || !e.issues) return {};
  const out: Record<string, string> = {};
  for (const i of e.issues) if (i.path && !(i.path in out)) out[i.path] = issueText(i, lang);
  return out;
}

/** Field issues of a value checked against a contract schema (as the user types), by path. */
export function checkAgainst(schema: { safeParse(v: unknown, o?: { reportInput?: boolean }): { success: boolean; error?: { issues: readonly unknown[] } } }, value: unknown): FieldIssue[] {
  const r = schema.safeParse(value, { reportInput: true });
  return r.success || !r.error ? [] : issuesFromZod(r.error, schema);
}

/** A summary line for one issue with its field's name: "MAPLe_5: anna kokonaisluku 1–5". */
export function namedIssueText(i: FieldIssue, lang: Lang = currentLang()): string {
  return word(namedIssue(i), lang);
}
