import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth/auth-form';
import { getCurrentUser } from '@/lib/api';
import { safeReturnPath } from '@/lib/return-path';
import type { SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const returnPath = safeReturnPath((await searchParams).next);
  if (await getCurrentUser()) redirect(returnPath);
  return (
    <div className="narrow">
      <h1>Create an account</h1>
      <AuthForm mode="signup" returnPath={returnPath} />
    </div>
  );
}
