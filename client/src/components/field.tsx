import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

/** What every kind of field is given: its name, its label, the API's errors for it, a hint. */
type FieldBase = {
  name: string;
  label: string;
  errors?: readonly string[] | undefined;
  hint?: string;
  /** Starts the control's id: two forms of one page (the sell page's search and its event form) must not share ids. */
  idPrefix?: string;
};

/**
 * The frame every field shares: the invalid style, the hint, and the API's errors announced (role=alert) and tied to
 * the control (`describedBy` goes on it as aria-describedby). `children` renders the label and the control.
 */
function FieldFrame({
  name,
  errors = [],
  hint,
  idPrefix = 'field',
  children,
}: Omit<FieldBase, 'label'> & { children: (ids: { id: string; describedBy: string | undefined }) => ReactNode }) {
  const id = `${idPrefix}-${name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, errors.length > 0 ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={errors.length > 0 ? 'field field-invalid' : 'field'}>
      {children({ id, describedBy: describedBy || undefined })}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {/* role=alert: announced when it appears, as well as tied to the control by aria-describedby. */}
      {errors.length > 0 && (
        <p className="field-error" id={errorId} role="alert" data-testid={`field-error-${name}`}>
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}

type FieldProps = FieldBase & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>;

/** A labelled input with its API errors beside it. */
export function Field({ name, label, errors = [], hint, idPrefix, ...input }: FieldProps) {
  return (
    <FieldFrame name={name} errors={errors} hint={hint} idPrefix={idPrefix}>
      {({ id, describedBy }) => (
        <>
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            name={name}
            aria-invalid={errors.length > 0 || undefined}
            aria-describedby={describedBy}
            {...input}
          />
        </>
      )}
    </FieldFrame>
  );
}

type CheckboxFieldProps = FieldBase & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id' | 'type'>;

/** A checkbox with its label after it, and its API errors beside it. */
export function CheckboxField({ name, label, errors = [], hint, idPrefix, ...input }: CheckboxFieldProps) {
  return (
    <FieldFrame name={name} errors={errors} hint={hint} idPrefix={idPrefix}>
      {({ id, describedBy }) => (
        <label htmlFor={id}>
          <input
            id={id}
            name={name}
            type="checkbox"
            aria-invalid={errors.length > 0 || undefined}
            aria-describedby={describedBy}
            {...input}
          />{' '}
          {label}
        </label>
      )}
    </FieldFrame>
  );
}

type SelectFieldProps = FieldBase & { options: readonly { value: string; label: string }[] } & Omit<
    SelectHTMLAttributes<HTMLSelectElement>,
    'name' | 'id'
  >;

/** A labelled select of `options`, with its API errors beside it. */
export function SelectField({ name, label, errors = [], hint, idPrefix, options, ...select }: SelectFieldProps) {
  return (
    <FieldFrame name={name} errors={errors} hint={hint} idPrefix={idPrefix}>
      {({ id, describedBy }) => (
        <>
          <label htmlFor={id}>{label}</label>
          <select
            id={id}
            name={name}
            aria-invalid={errors.length > 0 || undefined}
            aria-describedby={describedBy}
            {...select}
          >
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </>
      )}
    </FieldFrame>
  );
}
