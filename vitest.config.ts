import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that spend most of their time waiting on the wall clock (the smoke test's one-minute deadline, Chromium
 * pages) start first, so the other worker's CPU-bound files overlap that wait instead of following it. On a fresh
 * clone vitest has no timings yet and runs the largest files first, which left the small smoke file for the end.
 */
const WAITING_FILES = [/\/smoke\.test\.ts$/, /\.e2e\.test\.ts$/];

class WaitingFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const waits = (file: TestSpecification) => WAITING_FILES.some((pattern) => pattern.test(file.moduleId));
    return [...sorted.filter(waits), ...sorted.filter((file) => !waits(file))];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration suites start servers and an embedded store; two cores do not like a wide fan-out.
    maxWorkers: 2,
    testTimeout: 20_000,
    sequence: { sequencer: WaitingFilesFirst },
    // The AWS SDK warns on every client made under Node 20 (Lambda runs 22+): the warning is known, the noise is not wanted.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
