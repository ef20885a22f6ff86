let loaded: typeof import('express-validator') | undefined;

/**
 * express-validator, required the first time a route validates rather than when common loads: it
 * brings the whole of validator.js, about 8 MiB resident, which a service without request fields
 * (expiration) would carry for nothing.
 */
export function expressValidator(): typeof import('express-validator') {
  loaded ??= require('express-validator') as typeof import('express-validator');
  return loaded;
}
