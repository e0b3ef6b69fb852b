import type { Metadata } from 'next';
import { SignInRequired } from '@/components/sign-in-required';
import { TicketForm } from '@/components/ticket-form';
import { getCurrentUser } from '@/lib/api-server';

export const metadata: Metadata = { title: 'Sell a ticket' };

export default async function NewTicketPage() {
  const currentUser = await getCurrentUser();
  return (
    <div className="narrow">
      <h1>Sell a ticket</h1>
      {currentUser ? <TicketForm /> : <SignInRequired action="sell tickets" />}
    </div>
  );
}
