// Under a form: what stops the save, in words. The core's refusal as it worded it, or, when the form's own check
// stopped the save, each problem with its field's name (the fields show theirs too).
import { useTranslation } from 'react-i18next';
import type { FormCheck } from './useFormCheck';

export function FormProblems({ check, error }: { check: FormCheck; error: string | null }) {
  const { t } = useTranslation();
  const problems = check.attempted ? check.summary() : [];
  if (error)
    return (
      <div className="error" role="alert">
        {error}
      </div>
    );
  if (problems.length === 0) return null;
  return (
    <div className="error" role="alert">
      {t('ui.fixBeforeSaving')}
      <ul className="problems">
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}
