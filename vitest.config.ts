import { defineConfig } from 'vitest/config';

// Tests live under test/ (unit, adapters, templates, infra, e2e). Servers started by tests
// bind to 127.0.0.1 on ephemeral ports and stop in afterAll.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The AWS SDK's Node-22 notice, silenced as the newsletter binary does (bin/quiet-sdk-notice.mjs).
    setupFiles: ['./bin/quiet-sdk-notice.mjs'],
  },
});
