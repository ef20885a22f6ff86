import path from 'node:path';

/** drizzle-kit's committed output; the same folder from src/db (tests) and dist/db (production). */
export const migrationsFolder = path.join(__dirname, '..', '..', 'migrations');
