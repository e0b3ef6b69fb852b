import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="narrow" data-testid="not-found">
      <h1>Not found</h1>
      <p>
        There is nothing here. <Link href="/">Back to the events</Link>
      </p>
    </div>
  );
}
