import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that spend most of their time waiting on the wall clock start first, so that what is CPU-bound (the other
 * worker's files, and the checks `npm test` runs beside the suite) overlaps the wait instead of following it: the
 * smoke test's one-minute deadline first, then a server's 10-second body timeout, then Chromium's pages. On a fresh
 * clone vitest has no timings yet and runs the largest files first, which left the small smoke file for the end.
 */
const WAITING_FILES = [/\/smoke\.test\.ts$/, /\/local-server\.slow-clients\.test\.ts$/, /\.e2e\.test\.ts$/];

class WaitingFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => WAITING_FILES.findIndex((pattern) => pattern.test(file.moduleId));
    const waiting = WAITING_FILES.flatMap((_, i) => sorted.filter((file) => rank(file) === i));
    return [...waiting, ...sorted.filter((file) => rank(file) === -1)];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration suites start servers and an embedded store; two cores do not like a wide fan-out.
    maxWorkers: 2,
    // Each worker imports the code under test once for all its files, not once per file: that import was a third of
    // the suite's CPU (aws-cdk-lib, the AWS SDK, the backend). No file leaves anything behind for the next one: each
    // stops the servers, stores and browsers it starts, and restores what it stubs (an environment variable, fetch,
    // an AWS client, the clock). vitest alone, side by side: ~175 s of CPU isolated, ~110 s sharing modules.
    isolate: false,
    testTimeout: 20_000,
    sequence: { sequencer: WaitingFilesFirst },
    // The AWS SDK warns on every client made under Node 20 (Lambda runs 22+): the warning is known, the noise is not wanted.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
