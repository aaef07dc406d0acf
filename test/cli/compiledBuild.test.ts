import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/runCliProcess.ts';

// The compiled CLI that `npm ci` builds (scripts/build.mjs, the `prepare` step), built here into a
// directory of its own so the test neither depends on nor disturbs dist/.
const OUT = join('.cache', `test-build-${process.pid}`);
const outDir = join(PROJECT_ROOT, OUT);
const work = mkdtempSync(join(tmpdir(), 'labourflow-compiled-'));

/** Runs ESM code in a fresh Node process without any TypeScript loader; returns its output. */
function runNode(code: string) {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, LABOURFLOW_LOG_LEVEL: 'warn' },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const mainUrl = () => pathToFileURL(join(outDir, 'pipelines', 'cli', 'main.js')).href;
/** Which heavy packages the process has loaded (CommonJS packages land in the require cache, imported or required). */
const LOADED = `const { createRequire } = await import('node:module');
const cache = Object.keys(createRequire(import.meta.url).cache);
const loaded = ['@duckdb', 'kafkajs', 'koffi', 'apache-arrow'].filter((p) => cache.some((k) => k.includes('/node_modules/' + p + '/')));`;

beforeAll(() => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--out', OUT], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 240_000 });
  expect(built.status, built.stderr).toBe(0);
}, 300_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('compiled CLI (scripts/build.mjs)', () => {
  it('prints the usage without loading DuckDB, Kafka or the embedding engine', () => {
    const r = runNode(`const { runCli } = await import(${JSON.stringify(mainUrl())});
const code = await runCli(['--help']);
${LOADED}
console.log(JSON.stringify({ code, loaded }));`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Usage: labourflow <command>');
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({ code: 0, loaded: [] });
  });

  it('ingests a file from the compiled modules, its decode workers included, without loading Kafka', () => {
    const db = join(work, 'compiled.duckdb');
    const ingestFiles = pathToFileURL(join(outDir, 'src', 'ingest', 'ingestFiles.js')).href;
    const store = pathToFileURL(join(outDir, 'src', 'store', 'DuckDBStore.js')).href;
    const r = runNode(`const { ingestFiles } = await import(${JSON.stringify(ingestFiles)});
const { withStore } = await import(${JSON.stringify(store)});
const result = await withStore({ path: ${JSON.stringify(db)} }, (s) =>
  ingestFiles({ store: s, from: ['data-samples/postings.ndjson', 'data-samples/bad-records.ndjson'], parallel: true, progress: false, review: false }));
const { runCli } = await import(${JSON.stringify(mainUrl())});
const cliCode = await runCli(['ingest', '--from', 'data-samples/outcomes.ndjson', '--db', ${JSON.stringify(join(work, 'cli.duckdb'))}]);
if (cliCode !== 0) throw new Error('labourflow ingest exited with ' + cliCode);
${LOADED}
console.log(JSON.stringify({ summaries: result.summaries, loaded }));`);
    expect(r.code, r.stderr).toBe(0);
    const { summaries, loaded } = JSON.parse(r.stdout.trim().split('\n').pop()!);
    const [postings, bad] = summaries as { read: number; stored: number; stale: number; rejected: number }[];
    expect(postings!.read).toBeGreaterThan(100);
    expect(postings!.stored).toBe(postings!.read);
    expect(bad!.rejected).toBeGreaterThan(0);
    expect(bad!.stored + bad!.stale + bad!.rejected).toBe(bad!.read);
    expect(loaded).toEqual(['@duckdb']);
  });

  it('the published bin runs the TypeScript sources when LABOURFLOW_FROM_SOURCE=1', () => {
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'labourflow.js'), 'nonsense-command'], {
      encoding: 'utf8',
      env: { ...process.env, LABOURFLOW_FROM_SOURCE: '1' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "nonsense-command"');
  });
});
