// Setup file of the server suites (both vitest projects): records each file's outcome per
// engine for the engines line (test/fixtures/engine-tally.ts).
import { afterAll } from 'vitest';
import { recordFileTally } from '../fixtures/engine-tally';
import { testEngine } from '../fixtures/server';

// vitest reads the first parameter as a fixture list: it must be a destructuring pattern.
afterAll(({}, suite) => {
  const file = suite.file.filepath;
  if (!file.includes('/test/server/')) return;
  recordFileTally(testEngine(), file.slice(file.indexOf('/test/server/') + 1), suite.tasks);
});
