/** Runs once when the server starts, before it takes requests. */
export async function register() {
  // Imported only on Node.js: the same file is also compiled for the Edge runtime, which has no process.exit.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkConfigAtStart } = await import('./lib/startup');
  checkConfigAtStart();
}
