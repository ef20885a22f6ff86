'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** Sign in and sign up, each bringing the visitor back to the page they were on. */
export function SignInLinks() {
  const pathname = usePathname();
  const back = pathname === '/' || pathname.startsWith('/auth/') ? '' : `?next=${encodeURIComponent(pathname)}`;
  return (
    <>
      <Link href={`/auth/signin${back}`} className="button button-secondary">
        Sign in
      </Link>
      <Link href={`/auth/signup${back}`} className="button button-primary">
        Sign up
      </Link>
    </>
  );
}
