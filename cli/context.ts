// What every command module gets: the terminal, the session (the core, opened on first use)
// and the time. Passed in by the composition root (cli/main.ts).
import type { ExitCode } from '../contract/cli';
import type { Session } from './session';
import type { Terminal } from './terminal';

export interface CommandContext {
  term: Terminal;
  session(): Session;
  now(): number;
  /** The run's exit status when it ends without an error (check: 3 for attention). */
  exitWith(code: ExitCode): void;
}

/** Options every command accepts. */
export interface JsonOption {
  json?: boolean;
}
