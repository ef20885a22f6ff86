/**
 * A message about a whole form or action. role="alert" makes screen readers announce it as soon as it
 * appears; `tone="info"` is for news that is not a problem and waits its turn (role="status").
 */
export function FormAlert({ message, tone = 'error' }: { message: string | null | undefined; tone?: 'error' | 'info' }) {
  if (!message) return null;
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {message}
    </div>
  );
}
