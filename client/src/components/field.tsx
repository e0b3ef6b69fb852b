import type { InputHTMLAttributes } from 'react';

type FieldProps = {
  name: string;
  label: string;
  errors?: readonly string[] | undefined;
  hint?: string;
  /** Starts the input's id: two forms of one page (the sell page's search and its event form) must not share ids. */
  idPrefix?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>;

/** A labelled input with its API errors beside it; the errors are announced (role=alert) and tied to the input. */
export function Field({ name, label, errors = [], hint, idPrefix = 'field', ...input }: FieldProps) {
  const id = `${idPrefix}-${name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, errors.length > 0 ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={errors.length > 0 ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {/* role=alert: announced when it appears, as well as tied to the input by aria-describedby. */}
      {errors.length > 0 && (
        <p className="field-error" id={errorId} role="alert" data-testid={`field-error-${name}`}>
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}
