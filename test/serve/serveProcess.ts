import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type ServeChild = ChildProcess & {
  output: () => string;
  stdoutText: () => string;
  /** How many log lines so far carry this event name (counted over whole lines, never trimmed). */
  events: (name: string) => number;
};

/**
 * `labourflow serve ARGS` as one node process (not through bin/ or npx, whose wrapper process
 * would keep SIGKILL and SIGTERM from reaching the service itself), logging JSON at info.
 */
export function spawnServe(args: string[], env: Record<string, string> = {}): ServeChild {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'pipelines/cli/main.ts'), 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, LABOURFLOW_LOG_FORMAT: 'json', LABOURFLOW_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stdout = '';
  let partial = '';
  const counts = new Map<string, number>();
  const logDir = process.env.LABOURFLOW_TEST_LOG_DIR;
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-400_000);
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const event = /"event":"([\w.-]+)"/.exec(line)?.[1];
      if (event) counts.set(event, (counts.get(event) ?? 0) + 1);
    }
    if (logDir) appendFileSync(join(logDir, `serve-${child.pid}.log`), d);
  };
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    keep(d);
  });
  child.stderr!.on('data', keep);
  return Object.assign(child, { output: () => out, stdoutText: () => stdout, events: (name: string) => counts.get(name) ?? 0 });
}

/** Resolves once the child's output matches (or rejects when it exits first or the time is up). */
export function waitForOutput(child: ServeChild, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (pattern.test(child.output())) {
        clearInterval(poll);
        resolve();
      } else if (child.exitCode !== null || child.signalCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(
          new Error(`no ${pattern} in the output of serve (exit ${child.exitCode ?? child.signalCode}):\n${child.output().slice(-4000)}`),
        );
      }
    }, 25);
  });
}

/** Resolves once the child has logged `event` at least `count` times. */
export function waitForEvents(child: ServeChild, event: string, count: number, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (child.events(event) >= count) {
        clearInterval(poll);
        resolve();
      } else if (child.exitCode !== null || child.signalCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(
          new Error(
            `serve logged ${child.events(event)} of ${count} ${event} (exit ${child.exitCode ?? child.signalCode}):\n${child.output().slice(-4000)}`,
          ),
        );
      }
    }, 5);
  });
}

export async function serveUrl(child: ServeChild): Promise<string> {
  await waitForOutput(child, /listening on http:\/\/[\d.:]+/);
  return /listening on (http:\/\/[\d.:]+)/.exec(child.stdoutText())![1]!;
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export async function readStore<T>(path: string, fn: (store: DuckDBStore) => Promise<T>): Promise<T> {
  const store = await DuckDBStore.create({ path, readOnly: true });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Deterministic delays (ms) in [min, min + span), so a failing run can be repeated. */
export function* seededDelays(seed: number, min: number, span: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield min + (x % span);
  }
}
