// glibc's malloc, tuned for a long-running process that shares one DuckDB instance between
// threads (`serve`). DuckDB's buffers come from its bundled jemalloc and are bounded by
// memory_limit, but its other allocations (vectors, strings, hash maps of the planner and the
// executor) and Node's own go to glibc. glibc keeps what they free: in an arena per thread that
// met contention (up to eight per core), and it returns free pages to the system only when asked.
// DuckDB 1.5.3 stopped asking on jemalloc builds (duckdb/duckdb#23253 puts the call back in a later
// release). In bench:serve the resident memory held up to 1 GiB more than DuckDB, the V8 heap and
// the Arrow buffers accounted for; the arena cap took about 170 MiB off the mixed phase's peak and
// the trim about 100 MiB more (docs/benchmarks.md, "Memory under the mixed load"). Both functions
// do nothing on a libc other than glibc.
import type { LibraryHandle } from 'koffi';

type KoffiFunction = ReturnType<LibraryHandle['func']>;

/** What `limitMallocArenas` did, for the start-up log. */
export type MallocArenaLimit =
  | { applied: true; arenas: number }
  | { applied: false; reason: 'not glibc' | 'MALLOC_ARENA_MAX is set' | 'mallopt refused' | 'libc not loadable' };

/** glibc's mallopt parameter for the arena cap (malloc.h: M_ARENA_MAX). */
const M_ARENA_MAX = -8;

let glibc: boolean | undefined;

/** Whether this process runs on glibc (Linux with the GNU C library). Asked once: a report takes about 5 ms. */
export function isGlibc(): boolean {
  if (glibc === undefined) {
    const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
    glibc = process.platform === 'linux' && Boolean(header?.glibcVersionRuntime);
  }
  return glibc;
}

let libc: Promise<LibraryHandle | null> | undefined;

async function libcFunction(signature: string): Promise<KoffiFunction | null> {
  libc ??= import('koffi').then(
    ({ default: koffi }) => koffi.load('libc.so.6'),
    () => null,
  );
  try {
    return (await libc)?.func(signature) ?? null;
  } catch {
    return null;
  }
}

/**
 * Caps the number of glibc malloc arenas of this process, as MALLOC_ARENA_MAX would at exec.
 * Called before the store opens, while few threads exist: arenas already made stay. A
 * MALLOC_ARENA_MAX set by the operator wins.
 */
export async function limitMallocArenas(arenas: number, env: NodeJS.ProcessEnv = process.env): Promise<MallocArenaLimit> {
  if (!isGlibc()) return { applied: false, reason: 'not glibc' };
  if (env.MALLOC_ARENA_MAX) return { applied: false, reason: 'MALLOC_ARENA_MAX is set' };
  const mallopt = await libcFunction('int mallopt(int param, int value)');
  if (!mallopt) return { applied: false, reason: 'libc not loadable' };
  // mallopt returns 1 on success and 0 on error.
  return mallopt(M_ARENA_MAX, arenas) === 1 ? { applied: true, arenas } : { applied: false, reason: 'mallopt refused' };
}

/**
 * Returns glibc's free pages to the system every `intervalMs` (malloc_trim(0), which since glibc
 * 2.8 releases whole free pages in every arena, not only the top of the main heap). The call
 * runs on libuv's thread pool, never on the main thread; one at a time.
 */
export class MallocTrimmer {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  /** Trims done (read by the tests). */
  trims = 0;

  private constructor(
    private readonly trim: KoffiFunction,
    private readonly intervalMs: number,
  ) {}

  /** A trimmer, or null where there is nothing to trim (not glibc, or libc not loadable). */
  static async create(intervalMs: number): Promise<MallocTrimmer | null> {
    if (!isGlibc()) return null;
    const trim = await libcFunction('int malloc_trim(size_t pad)');
    return trim ? new MallocTrimmer(trim, intervalMs) : null;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.trimNow(), this.intervalMs);
    // Never the reason the process stays up.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One trim off the main thread; resolves when it is done (at once if one is running). */
  trimNow(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.running = true;
    return new Promise((resolve) => {
      this.trim.async(0, () => {
        this.running = false;
        this.trims++;
        resolve();
      });
    });
  }
}
