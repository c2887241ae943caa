import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration suites start servers and an embedded store; two cores do not like a wide fan-out.
    maxWorkers: 2,
    testTimeout: 20_000,
    // The AWS SDK warns on every client made under Node 20 (Lambda runs 22+): the warning is known, the noise is not wanted.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
