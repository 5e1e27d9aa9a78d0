// A private, unlocked Secret Service for runs on a machine without a desktop keychain (CI, a
// container, a fresh VM): `npm test` and `npm run bench:ui` re-run themselves inside their own
// D-Bus session with a gnome-keyring of their own, so they talk to a real keychain there too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a Secret Service answers keytar on this session bus. */
export function secretServiceAnswers(root) {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return false;
  const probe = spawnSync(process.execPath, ['-e', "require('@github/keytar').findCredentials('Keysmith-probe').then(()=>process.exit(0),()=>process.exit(1))"], {
    cwd: root,
    timeout: 8000,
    stdio: 'ignore',
  });
  return probe.status === 0;
}

const shellQuote = (arg) => `'${String(arg).replaceAll("'", "'\\''")}'`;

/**
 * Returns when a keychain answers (or this process already runs in a private one). Otherwise
 * runs this same process again (same node, flags and arguments) inside a private session and
 * exits with its status, so nothing after the call runs twice.
 */
export function ensureKeyring(root) {
  // macOS and Windows always have their own keychain; the Secret Service is Linux's.
  if (process.platform !== 'linux' || process.env.KEYSMITH_TEST_KEYRING || secretServiceAnswers(root)) return;
  const again = [process.execPath, ...process.execArgv, ...process.argv.slice(1)].map(shellQuote).join(' ');
  const inner = `echo -n keysmith-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec ${again}`;
  // Each private gnome-keyring keeps its keyring file under XDG_DATA_HOME: a fresh one per run,
  // or two runs at once overwrite each other's keyring and secrets vanish mid-run.
  const dataHome = mkdtempSync(join(tmpdir(), 'keysmith-keyring-'));
  const run = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KEYSMITH_TEST_KEYRING: 'private', XDG_DATA_HOME: dataHome },
  });
  rmSync(dataHome, { recursive: true, force: true });
  if (run.error) console.error(`could not start a private keyring session: ${run.error.message}`);
  process.exit(run.status ?? 1);
}
