// Runs after the server suites of both engines (vitest project `engines`, a later group) and
// prints what they measured: how many server tests passed on each engine in this run.
import { afterAll, expect, it } from 'vitest';
import { engineTally, forgetEarlierRuns } from '../fixtures/engine-tally';

afterAll(() => forgetEarlierRuns());

it('the server suites ran on both engines; prints the engines line', () => {
  const { line, engines } = engineTally();
  console.log(line);
  for (const name of ['sqlite', 'postgres']) {
    const e = engines.get(name);
    // A failing server test fails in its own suite; here only that each engine ran at all.
    expect(e?.total ?? 0, `${name}: no server test recorded in this run`).toBeGreaterThan(0);
  }
});
