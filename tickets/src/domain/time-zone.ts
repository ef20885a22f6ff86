/**
 * The IANA zone `value` names, spelled as the zone database spells it (`europe/london` is
 * `Europe/London`), or null when it names none. Whatever this runtime's Intl knows is accepted, aliases
 * (`US/Eastern`) and `UTC` included, so any zone stored here can be shown by Intl in a browser too.
 * Offsets (`+02:00`), which newer runtimes accept as zones, are refused: they follow no daylight saving.
 */
export function ianaTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || !/^[A-Za-z]/.test(value)) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  // Intl may also canonicalize the name (Europe/Kyiv to Europe/Kiev); the organiser's is kept then.
  return resolved.toLowerCase() === value.toLowerCase() ? resolved : value;
}
