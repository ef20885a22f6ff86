/** Liveness for the launcher and Kubernetes: the server is up. It does not ask the API, which has its own. */
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' });
}
