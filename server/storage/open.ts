// `--db` names the engine: a postgres:// or postgresql:// URL is PostgreSQL, anything else a
// SQLite file (created if missing), so every existing command line keeps its meaning.
import type { Storage } from './port';
import { isPostgresUrl, openPostgresStorage } from './postgres';
import { openSqliteStorage } from './sqlite';

export async function openStorage(db: string): Promise<Storage> {
  return isPostgresUrl(db) ? openPostgresStorage(db) : openSqliteStorage(db);
}

/** The JWT signing secret, created by the first migration of every database. */
export async function jwtSecretOf(storage: Storage): Promise<Uint8Array> {
  const value = await storage.setting('jwt_secret');
  if (value === undefined) throw new Error('the database has no JWT secret (not migrated?)');
  return new Uint8Array(Buffer.from(value, 'base64url'));
}
