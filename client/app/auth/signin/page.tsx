import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth/auth-form';
import { getCurrentUser } from '@/lib/api';
import { safeReturnPath } from '@/lib/return-path';
import type { SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const returnPath = safeReturnPath((await searchParams).next);
  if (await getCurrentUser()) redirect(returnPath);
  return (
    <div className="narrow">
      <h1>Sign in</h1>
      <AuthForm mode="signin" returnPath={returnPath} />
    </div>
  );
}
