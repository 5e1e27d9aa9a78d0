// The two engines' migrations mean the same: a fresh PostgreSQL database and a fresh SQLite
// file end at the same schema version with the same tables, columns, nullability and named
// indexes. In the postgres project only (it needs the cluster); the SQLite side is a temp file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { openDb } from '../../server/db';
import { openPostgresStorage } from '../../server/storage/postgres';
import type { PostgresStorage } from '../../server/storage/postgres';
import { tempDbPath, testEngine } from '../fixtures/server';

let sqlite: Db;
let pg: PostgresStorage;

beforeAll(async () => {
  if (testEngine() !== 'postgres') throw new Error('this suite belongs to the postgres project');
  sqlite = openDb(join(mkdtempSync(join(tmpdir(), 'keysmith-schema-')), 'schema.db'));
  pg = await openPostgresStorage(tempDbPath());
});
afterAll(async () => {
  sqlite?.close();
  await pg?.close();
});

type Shape = Record<string, Record<string, { nullable: boolean }>>;

function sqliteShape(): Shape {
  const out: Shape = {};
  const tables = sqlite.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
  for (const { name } of tables) {
    out[name] = {};
    for (const c of sqlite.prepare<[], { name: string; notnull: number; pk: number }>(`PRAGMA table_info(${name})`).all()) {
      // A SQLite primary key column may hold NULL unless declared NOT NULL (or it is the rowid); the schema means "never null".
      out[name][c.name] = { nullable: c.notnull === 0 && c.pk === 0 };
    }
  }
  return out;
}

async function postgresShape(): Promise<Shape> {
  const out: Shape = {};
  const rows = (await pg.pool.query<{ table_name: string; column_name: string; is_nullable: string }>(
    "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'",
  )).rows;
  for (const r of rows) (out[r.table_name] ??= {})[r.column_name] = { nullable: r.is_nullable === 'YES' };
  return out;
}

describe('migrations on both engines', () => {
  it('end at the same version with the same tables, columns, nullability and named indexes', async () => {
    const shape = sqliteShape();
    expect(Object.keys(shape).sort()).toEqual(['audit_events', 'key_activity', 'keys', 'members', 'reports', 'schema_migrations', 'settings', 'tenants']);
    expect(await postgresShape()).toEqual(shape);
    const sqliteVersion = sqlite.prepare<[], { v: number }>('SELECT MAX(version) AS v FROM schema_migrations').get()?.v;
    const pgVersion = (await pg.pool.query<{ v: number }>('SELECT MAX(version) AS v FROM schema_migrations')).rows[0]?.v;
    expect(pgVersion).toBe(sqliteVersion);
    const sqliteIndexes = sqlite.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL").all().map((r) => r.name).sort();
    const pgIndexes = (await pg.pool.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'")).rows.map((r) => r.indexname).sort();
    expect(pgIndexes).toEqual(sqliteIndexes);
  });
});
