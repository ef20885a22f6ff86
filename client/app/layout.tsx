import './globals.css';
import type { Metadata, Viewport } from 'next';
import localFont from 'next/font/local';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/layout/site-header';

export const metadata: Metadata = {
  title: { default: 'Ticketing', template: '%s · Ticketing' },
  description: 'Buy and sell tickets for concerts, matches and shows, from fans to fans.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

/** Inter (SIL OFL, see fonts/LICENSE-inter.txt), served from our own origin: no font download at build or run time. */
const inter = localFont({
  src: './fonts/inter-latin-wght-normal.woff2',
  weight: '100 900',
  style: 'normal',
  display: 'swap',
  variable: '--font-inter',
});

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="container" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
