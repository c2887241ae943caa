import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration suites start servers and an embedded store; two cores do not like a wide fan-out.
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
