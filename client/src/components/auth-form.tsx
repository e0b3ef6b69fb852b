'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/api-browser';
import { Alert } from './alert';
import { Field } from './field';
import { useApiForm } from './use-api-form';

const FIELDS = ['email', 'password'] as const;

type AuthFormProps = { mode: 'signup' | 'signin' };

export function AuthForm({ mode }: AuthFormProps) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, submitting, submit } = useApiForm(FIELDS);
  const submitLabel = mode === 'signup' ? 'Sign up' : 'Sign in';

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const user = await submit(() => (mode === 'signup' ? api.signUp : api.signIn)({ email, password }));
    if (!user) return;
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
