import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // DuckDB and the Kafka broker share 2 cores; a few files at a time keeps runs stable.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
