'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/api-browser';
import { Alert } from './alert';
import { Field } from './field';
import { useApiForm } from './use-api-form';

const FIELDS = ['email'] as const;

/**
 * "Transfer this ticket" (POST /api/orders/:id/transfer { email }, DESIGN §12): the API decides who may receive it
 * (a registered user, not yourself: its 400 names `email` and shows beside the field) and when (unused, before the
 * event). Once it answers, the page is rendered again as the sender now sees the order: "Transferred to <email>",
 * and no code.
 */
export function TransferTicketForm({ orderId }: { orderId: string }) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const { errors, submitting, submit } = useApiForm(FIELDS);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const order = await submit(() => api.transferOrder(orderId, email.trim()));
    if (order) router.refresh();
  }

  return (
    <form
      className="form transfer-form print-hide"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="transfer-heading"
      data-testid="transfer-form"
    >
      <h3 id="transfer-heading">Transfer this ticket</h3>
      <p className="hint">
        Give it to someone with an account here: their new code replaces yours, which will no longer get in.
      </p>
      <Alert messages={errors.general} title="Could not transfer the ticket" testId="transfer-alert" />
      <Field
        name="email"
        label="Their e-mail address"
        type="email"
        autoComplete="off"
        idPrefix="transfer"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        errors={errors.byField.email}
      />
      <button type="submit" className="button" disabled={submitting} data-testid="transfer-submit">
        {submitting ? 'Transferring…' : 'Transfer'}
      </button>
    </form>
  );
}
