// The command line's terminal: where documents, tables, progress and questions go. Documents
// and tables go to stdout; progress and questions to stderr, progress only on a terminal.
// Destructive commands ask on a terminal and need --yes otherwise; secrets come from stdin
// only (never argv or the environment), typed without echo on a terminal.
import { createInterface } from 'node:readline/promises';
import type { z } from 'zod';
import { CliError, usageError } from './cli-error';

export interface Out {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface In extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export interface Terminal {
  readonly stdout: Out;
  readonly stderr: Out;
  readonly color: boolean;
  /** Whether a document already went to stdout (a failure after it must not print a second one). */
  readonly printed: boolean;
  /** With --json: the one document, checked against its contract schema; otherwise the readable text. */
  print<S extends z.ZodType>(json: boolean, schema: S, doc: z.input<S>, human: (doc: z.output<S>) => string): void;
  /** A progress line on stderr, only when stderr is a terminal. */
  progress(text: string): void;
  /** Goes on only after a yes: --yes, or an answer typed on a terminal (the exact word when `expect` is set). */
  confirm(question: string, opts: { yes: boolean; expect?: string }): Promise<void>;
  /** One secret from stdin: all of piped stdin (trailing newline dropped), or a line typed without echo. */
  readSecret(prompt: string): Promise<string>;
}

export function createTerminal(io: { stdout: Out; stderr: Out; stdin: In; env: Record<string, string | undefined> }): Terminal {
  const color = io.stdout.isTTY === true && io.env.NO_COLOR === undefined;

  async function ask(question: string): Promise<string> {
    const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream, terminal: true });
    try {
      return (await rl.question(question)).trim();
    } finally {
      rl.close();
    }
  }

  async function readAll(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }

  function readHidden(prompt: string): Promise<string> {
    io.stderr.write(prompt);
    return new Promise((resolve, reject) => {
      let typed = '';
      io.stdin.setRawMode?.(true);
      io.stdin.resume();
      const done = (err: Error | null) => {
        io.stdin.off('data', onData);
        io.stdin.setRawMode?.(false);
        io.stdin.pause();
        io.stderr.write('\n');
        if (err) reject(err);
        else resolve(typed);
      };
      const onData = (data: Buffer | string) => {
        for (const ch of data.toString()) {
          if (ch === '\r' || ch === '\n') return done(null);
          if (ch === '\u0003') return done(new CliError('cancelled', 'Cancelled.', 1));
          if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
          else typed += ch;
        }
      };
      io.stdin.on('data', onData);
    });
  }

  let printed = false;
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    color,
    get printed() {
      return printed;
    },
    print(json, schema, doc, human) {
      const checked = schema.parse(doc);
      io.stdout.write(json ? `${JSON.stringify(checked, null, 2)}\n` : human(checked));
      printed = true;
    },
    progress(text) {
      if (io.stderr.isTTY) io.stderr.write(`${text}\n`);
    },
    async confirm(question, opts) {
      if (opts.yes) return;
      if (!io.stdin.isTTY) throw usageError(`${question.replace(/[?:]\s*$/, '')}: stdin is not a terminal, so pass --yes to confirm.`);
      const answer = await ask(opts.expect ? `${question} Type ${opts.expect} to confirm: ` : `${question} [y/N] `);
      const ok = opts.expect ? answer === opts.expect : /^y(es)?$/i.test(answer);
      if (!ok) throw new CliError('cancelled', 'Cancelled: nothing was changed.', 1);
    },
    async readSecret(prompt) {
      const secret = io.stdin.isTTY ? await readHidden(prompt) : await readAll();
      if (secret.length === 0) throw usageError('Nothing arrived on stdin: pipe the secret in, e.g. `pass show acme/admin | keysmith …`.');
      return secret;
    },
  };
}
