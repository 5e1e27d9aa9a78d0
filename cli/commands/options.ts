// Options and argument parsers shared by the command modules. A value commander cannot parse
// is a usage error (exit 2), reported by commander with the option's name.
import { type Command, InvalidArgumentError } from 'commander';
import { MAX_GRACE_SECONDS } from '../../contract/keyapi';

export const json = (cmd: Command) => cmd.option('--json', 'print one JSON document (contract/cli.ts) instead of text');
export const yes = (cmd: Command) => cmd.option('-y, --yes', 'do not ask (required when stdin is not a terminal)');

/** "30", "90" … or "default" (the tenant's or the app's). Not null: commander turns a parsed null into ''. */
export function days(value: string): number | 'default' {
  if (value === 'default') return 'default';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new InvalidArgumentError('give a whole number of days from 1 to 3650, or "default".');
  return n;
}

export function positiveInt(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`give a whole number from 1 to ${max}.`);
    return n;
  };
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

/** "0", "90s", "15m", "24h", "7d" → seconds, up to the server's longest grace period. */
export function grace(value: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('give a duration like 0, 1h, 24h or 7d.');
  // The pattern admits only these units.
  const seconds = Number(m[1]) * UNIT_SECONDS[(m[2] || 's') as keyof typeof UNIT_SECONDS];
  if (seconds > MAX_GRACE_SECONDS) throw new InvalidArgumentError(`the longest grace period is ${MAX_GRACE_SECONDS / 86_400} days.`);
  return seconds;
}

/** Repeatable option: each use adds one value. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Repeatable option limited to a list: `--status active --status rotating`. */
export function collectOneOf<T extends string>(choices: readonly T[]) {
  return (value: string, previous: T[] = []): T[] => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    return [...previous, value as T];
  };
}
