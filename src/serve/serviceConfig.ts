import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { type CoreConfig, envSetting, loadSection } from '../config/config.ts';

const PositiveInt = z.number().int().positive();
const DuckDBSize = z.string().regex(/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, {
  message: 'a DuckDB size such as 512MB or 1GiB',
});

/**
 * The "service" section of the config file: how `labourflow serve` shares one DuckDB instance
 * between ingest, scheduled runs and analysts (docs/serve.md).
 */
export const ServiceSection = z
  .object({
    /**
     * DuckDB's buffer pool, shared by the writer and every reader (LABOURFLOW_DUCKDB_MEMORY_LIMIT).
     * 640MB: with the ingest's V8 heap (about 500 MiB under load) the service stays within 2 GiB
     * while 8 analysts query a growing store; 1GB let one analyst's hash table take the process
     * past it, and 512MB made the queries spill (bench:serve, docs/benchmarks.md "Serve").
     */
    memoryLimit: DuckDBSize.default('640MB'),
    /**
     * DuckDB threads (LABOURFLOW_DUCKDB_THREADS). One: every statement runs on the thread that
     * issued it, so concurrency is exactly the readers admitted plus the writer, and a wide
     * query cannot take both cores from ingest.
     */
    threads: PositiveInt.default(1),
    /** WAL size at which a commit checkpoints (DuckDB's checkpoint_threshold). */
    checkpointThreshold: DuckDBSize.default('128MB'),
    /** WAL size (bytes) at which the service checkpoints itself, should automatic checkpoints not keep up. */
    walCheckpointBytes: PositiveInt.default(512 * 1024 * 1024),
    walCheckIntervalMs: PositiveInt.default(5_000),
    /**
     * Read connections (queries, exports, the read phase of runs) working at once; more wait their
     * turn. Default: one per core but one, so ingest always keeps a core (with threads = 1 a
     * reader uses at most one); on 2 cores that is one reader at a time (docs/serve.md).
     */
    maxReaders: PositiveInt.optional(),
    /**
     * glibc malloc arenas for the process (LABOURFLOW_MALLOC_ARENAS; an operator's MALLOC_ARENA_MAX
     * wins). The default of one per core but at least two kept the mixed phase of bench:serve under
     * its 2 GiB (src/core/glibcMalloc.ts says why).
     */
    mallocArenas: PositiveInt.optional(),
    /** How often freed glibc pages go back to the system (malloc_trim); 0 turns it off (src/core/glibcMalloc.ts). */
    mallocTrimMs: z.number().int().min(0).default(2_000),
    /** Run the scheduled jobs of the "schedule" section inside the service. */
    scheduler: z.boolean().default(true),
  })
  .strict();
export type ServiceSection = z.infer<typeof ServiceSection>;

/** The "inbox" section: the folder `serve` ingests from when there is no Kafka. */
export const InboxSection = z
  .object({
    /** Mapping for CSV and XLSX files: a built-in name or a mapping JSON file (docs/csv-import.md). */
    mapping: z.string().min(1).default('jobboard'),
    /** A file is taken once its size and modification time have not changed for this long. */
    settleMs: z.number().int().min(0).default(2_000),
    pollMs: PositiveInt.default(1_000),
    /** Records per transaction for NDJSON files. */
    batchSize: PositiveInt.default(10_000),
  })
  .strict();
export type InboxSection = z.infer<typeof InboxSection>;

export function defaultMallocArenas(): number {
  return Math.max(2, availableParallelism());
}

export function defaultMaxReaders(): number {
  return Math.max(1, availableParallelism() - 1);
}

export function loadServiceSection(core: CoreConfig, env: NodeJS.ProcessEnv = process.env): ServiceSection {
  return loadSection(core, 'service', ServiceSection, {
    memoryLimit: envSetting('LABOURFLOW_DUCKDB_MEMORY_LIMIT', env),
    threads: envSetting('LABOURFLOW_DUCKDB_THREADS', env),
    checkpointThreshold: envSetting('LABOURFLOW_DUCKDB_CHECKPOINT_THRESHOLD', env),
    mallocArenas: envSetting('LABOURFLOW_MALLOC_ARENAS', env),
  });
}

export function loadInboxSection(core: CoreConfig): InboxSection {
  return loadSection(core, 'inbox', InboxSection);
}
