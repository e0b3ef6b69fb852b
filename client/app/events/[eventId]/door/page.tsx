import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DoorCheckIn } from '@/components/door-check-in';
import { LoadFailed } from '@/components/load-failed';
import { SignInRequired } from '@/components/sign-in-required';
import { getCurrentUser, getEntryTally, getEvent } from '@/lib/api-server';
import { isObjectId } from '@/lib/format';

export const metadata: Metadata = { title: 'Door' };

type DoorPageProps = { params: Promise<{ eventId: string }> };

/**
 * The door of an event (DESIGN §12 "Entry"): admins check e-tickets in, typed or pasted, or read by the camera where
 * the browser can. The API decides (POST /api/entries is for admins only); the page only spares others a form that
 * cannot work.
 */
export default async function DoorPage({ params }: DoorPageProps) {
  const { eventId } = await params;
  if (!isObjectId(eventId)) notFound();
  const [result, currentUser] = await Promise.all([getEvent(eventId), getCurrentUser()]);
  if (!result.ok && result.status === 404) notFound();

  if (!currentUser) {
    return (
      <>
        <h1>Door</h1>
        <SignInRequired action="staff the door" />
      </>
    );
  }
  if (!currentUser.roles?.includes('admin')) {
    return (
      <>
        <h1>Door</h1>
        <p className="notice" data-testid="door-admins-only">
          Only admins staff the door.
        </p>
      </>
    );
  }
  if (!result.ok) return <LoadFailed failure={result} title="Could not load this event" testId="event-error" />;

  const event = result.data;
  const tally = await getEntryTally(event.id);
  return (
    <div className="narrow door">
      <h1>Door</h1>
      <p className="aside">
        Checking tickets in for{' '}
        <Link href={`/events/${event.id}`} data-testid="door-event-link">
          {event.title}
        </Link>
      </p>
      <DoorCheckIn eventId={event.id} initialTally={tally.ok ? tally.data : null} />
    </div>
  );
}
