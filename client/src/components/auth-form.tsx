'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/api-browser';
import { NO_ERRORS, splitErrors, type SplitErrors } from '@/lib/field-errors';
import { Alert } from './alert';
import { Field } from './field';

const FIELDS = ['email', 'password'] as const;

type AuthFormProps = { mode: 'signup' | 'signin' };

export function AuthForm({ mode }: AuthFormProps) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [submitting, setSubmitting] = useState(false);
  const submitLabel = mode === 'signup' ? 'Sign up' : 'Sign in';

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setErrors(NO_ERRORS);
    const result = await (mode === 'signup' ? api.signUp : api.signIn)({ email, password });
    if (!result.ok) {
      setErrors(splitErrors(result.errors, FIELDS));
      setSubmitting(false);
      return;
    }
    // The root layout (and its header) survives client navigation; refresh re-renders it with the new session.
    router.push('/');
    router.refresh();
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate data-testid={`${mode}-form`}>
      <Alert
        messages={errors.general}
        title={mode === 'signup' ? 'Could not sign up' : 'Could not sign in'}
        testId="form-alert"
      />
      <Field
        name="email"
        label="Email address"
        type="email"
        autoComplete="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        errors={errors.byField.email}
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        errors={errors.byField.password}
      />
      <button type="submit" className="button" disabled={submitting} data-testid={`${mode}-submit`}>
        {submitting ? `${submitLabel}…` : submitLabel}
      </button>
    </form>
  );
}
