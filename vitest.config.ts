import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: real servers, ffmpeg and Chromium compete for them, so keep the pool small.
    maxWorkers: 2,
  },
});
