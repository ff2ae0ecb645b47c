// A form checked against its channel's own input schema as the user types: each field shows its problem in
// words once the user has touched it (all of them after a save was tried), and the core's field issues from a
// refused save show at their fields until the field is edited again.
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channels, type ChannelName, type InputOf } from '../../../shared/contract/channels';
import type { FieldIssue } from '../../../shared/contract/errors';
import { checkAgainst, fieldErrorsOf, issueText, namedIssueText } from '../i18n/messages';
import type { Lang } from '../i18n';

export interface FormCheck {
  /** The problem of one field (by input path, e.g. "maple5" or "lines.0.endDate"), or undefined. */
  error(path: string): string | undefined;
  /** Call from a field's onChange: shows its live problem and clears the core's earlier one. */
  touch(path: string): void;
  /** Call when saving: true when the input passes; otherwise every problem shows. */
  submit(): boolean;
  /** The core refused the save: show its field issues at the fields. */
  refused(e: unknown): void;
  /** Every current problem as "Field: problem" lines (for the summary under the form). */
  summary(): string[];
  /** Whether a save was tried (the summary shows from then on). */
  attempted: boolean;
  reset(): void;
}

export function useFormCheck<K extends ChannelName>(channel: K, value: InputOf<K> | null): FormCheck {
  const { i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<Record<string, string>>({});
  const [serverIssues, setServerIssues] = useState<FieldIssue[]>([]);

  const live = useMemo(() => (value === null ? [] : checkAgainst(channels[channel].input, value)), [channel, value]);
  const liveByPath = useMemo(() => {
    const m = new Map<string, FieldIssue>();
    for (const i of live) if (!m.has(i.path)) m.set(i.path, i);
    return m;
  }, [live]);

  const shown = useCallback((path: string) => submitted || touched.has(path), [submitted, touched]);
  const error = useCallback(
    (path: string) => {
      const l = liveByPath.get(path);
      if (l && shown(path)) return issueText(l, lang);
      return server[path];
    },
    [liveByPath, shown, server, lang],
  );
  const touch = useCallback((path: string) => {
    setTouched((t) => (t.has(path) ? t : new Set(t).add(path)));
    setServer((s) => {
      if (!(path in s)) return s;
      const { [path]: _gone, ...rest } = s;
      return rest;
    });
    setServerIssues((s) => s.filter((i) => i.path !== path));
  }, []);
  const submit = useCallback(() => {
    setSubmitted(true);
    setServer({});
    setServerIssues([]);
    return live.length === 0;
  }, [live]);
  const refused = useCallback(
    (e: unknown) => {
      setServer(fieldErrorsOf(e, lang));
      const issues = (e as { issues?: FieldIssue[] } | null)?.issues;
      setServerIssues(Array.isArray(issues) ? issues : []);
    },
    [lang],
  );
  const summary = useCallback(() => {
    const own = submitted ? live : live.filter((i) => touched.has(i.path));
    return [...own, ...serverIssues.filter((s) => !liveByPath.has(s.path))].map((i) => namedIssueText(i, lang));
  }, [submitted, live, touched, serverIssues, liveByPath, lang]);
  const reset = useCallback(() => {
    setTouched(new Set());
    setSubmitted(false);
    setServer({});
    setServerIssues([]);
  }, []);
  return { error, touch, submit, refused, summary, attempted: submitted, reset };
}
