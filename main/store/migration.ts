// A numbered schema change. Each runs once, in order, inside its own transaction.
import type { Database } from 'better-sqlite3';

export interface Migration {
  /** Unique, increasing: 1, 2, 3 … (the NNNN of the file name). */
  version: number;
  name: string;
  up(db: Database): void;
}
