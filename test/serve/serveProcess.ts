import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type ServeChild = ChildProcess & { output: () => string; stdoutText: () => string };

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
  const logDir = process.env.LABOURFLOW_TEST_LOG_DIR;
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-400_000);
    if (logDir) appendFileSync(join(logDir, `serve-${child.pid}.log`), d);
  };
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    keep(d);
  });
  child.stderr!.on('data', keep);
  return Object.assign(child, { output: () => out, stdoutText: () => stdout });
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
