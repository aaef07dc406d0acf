import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // DuckDB and the Kafka broker share 2 cores; a few files at a time keeps runs stable.
    maxWorkers: 2,
    fileParallelism: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/kafka/**', 'test/lake/**'],
          // Routine info logs from the code under test would bury the test report; a test that
          // reads logs sets its own level. (The kafka project keeps info: its tests read progress logs.)
          // Occupation coding is tested without the embedding model unless a test turns it on
          // (test/embeddings/ and the coder's semantic tests): the full classification would
          // otherwise be embedded by every file that fits a coder.
          env: {
            // CLI child processes (bin/labourflow.js) run the sources under test, not a dist/ build that may be stale.
            LABOURFLOW_FROM_SOURCE: '1',
            LABOURFLOW_LOG_LEVEL: process.env.LABOURFLOW_LOG_LEVEL ?? 'warn',
            LABOURFLOW_EMBEDDINGS: process.env.LABOURFLOW_EMBEDDINGS ?? 'off',
          },
        },
      },
      {
        // Starts a real Kafka broker (scripts/kafka/KafkaBroker.ts) unless KAFKA_BROKERS is set;
        // only when a test of this project is selected, so `vitest run test/matching` never starts Kafka.
        extends: true,
        test: {
          name: 'kafka',
          include: ['test/kafka/**/*.test.ts', 'test/lake/**/*.test.ts'],
          globalSetup: ['test/globalSetup.kafka.ts'],
          env: { LABOURFLOW_FROM_SOURCE: '1' },
          testTimeout: 600_000,
          // The fault tests kill and restart processes against one broker: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
