import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Header } from '@/components/header';
import { getCurrentUser } from '@/lib/api-server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Ticketing', template: '%s · Ticketing' },
  description: 'Buy and sell tickets to events',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const currentUser = await getCurrentUser();
  return (
    <html lang="en">
      <body>
        <Header currentUser={currentUser} />
        <main className="container">{children}</main>
      </body>
    </html>
  );
}
