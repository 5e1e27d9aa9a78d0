import { describe, expect, it } from 'vitest';
import { CRASH_WINDOW_MS, MAX_RELOADS_IN_WINDOW, createRendererCrashPolicy } from '../../main/shell/crash-policy';

describe('createRendererCrashPolicy', () => {
  it('reloads after a crash, gives up when it keeps crashing, and recovers after a quiet minute', () => {
    let now = 0;
    const policy = createRendererCrashPolicy(() => now);
    for (let i = 0; i < MAX_RELOADS_IN_WINDOW; i++) expect(policy.decide({ reason: 'crashed', exitCode: 133 })).toBe('reload');
    expect(policy.decide({ reason: 'oom', exitCode: 1 })).toBe('give-up');
    now += CRASH_WINDOW_MS + 1;
    expect(policy.decide({ reason: 'killed', exitCode: 9 })).toBe('reload');
  });

  it('does nothing when the renderer went away on purpose', () => {
    expect(createRendererCrashPolicy(() => 0).decide({ reason: 'clean-exit', exitCode: 0 })).toBe('nothing');
  });
});
