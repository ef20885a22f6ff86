import { sql, type SQL } from 'drizzle-orm';

/**
 * A fixed list of values as SQL literals, `'a', 'b'`, for a CHECK constraint: DDL takes no bound
 * parameters. Only for the services' own constant vocabularies, never for input.
 */
export function literalList(values: readonly string[]): SQL {
  return sql.raw(values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', '));
}
