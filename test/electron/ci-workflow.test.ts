// The CI workflow cannot run here; this keeps it valid and doing what it is for: on Linux
// (under a virtual display), macOS and Windows, install, run every test (the _electron one
// included, since the runtime downloads there) and keep the installers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { present } from '../fixtures/present';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  steps: Step[];
}
const root = join(import.meta.dirname, '..', '..');
const workflow = parse(readFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };

const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

describe('.github/workflows/ci.yml', () => {
  it('runs on pushes and pull requests', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
  });

  it('has a job on each desktop platform', () => {
    const runners = Object.values(workflow.jobs).map((j) => j['runs-on']);
    expect(runners.some((r) => r.startsWith('ubuntu'))).toBe(true);
    expect(runners.some((r) => r.startsWith('macos'))).toBe(true);
    expect(runners.some((r) => r.startsWith('windows'))).toBe(true);
  });

  for (const [name, job] of Object.entries(workflow.jobs)) {
    describe(`job ${name}`, () => {
      it('checks out and sets up the Node that engines asks for', () => {
        expect(job.steps.some((s) => s.uses?.startsWith('actions/checkout@'))).toBe(true);
        const node = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
        const wanted = present(present(/^>=(\d+\.\d+)/.exec(pkg.engines.node))[1]);
        expect(String(node?.with?.['node-version'])).toBe(wanted);
      });

      it('installs with npm ci, tests, then packages without publishing', () => {
        const script = runs(job);
        const order = ['npm ci', 'npm test', 'npm run dist -- --publish never'].map((c) => script.indexOf(c));
        expect(order.every((i) => i >= 0), script).toBe(true);
        expect([...order].sort((a, b) => a - b)).toEqual(order);
      });

      it('keeps the installers as artifacts', () => {
        const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
        expect(upload?.with?.path).toMatch(/release\//);
        expect(upload?.with?.['if-no-files-found']).toBe('error');
      });
    });
  }

  it('runs the Linux tests under a virtual display', () => {
    const linux = present(Object.values(workflow.jobs).find((j) => j['runs-on'].startsWith('ubuntu')));
    expect(runs(linux)).toMatch(/xvfb-run .*npm test/);
    expect(runs(linux)).toMatch(/gnome-keyring/);
  });
});
