import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../pipelines/cli/main.ts';
import { DatasetWriter } from '../../src/generate/DatasetWriter.ts';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lf-gen-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function digest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).filter((f) => f.endsWith('.ndjson')).sort()) {
    out[f] = createHash('sha256')
      .update(await readFile(join(dir, f)))
      .digest('hex');
  }
  return out;
}

const ARGS = [
  '--postings',
  '600',
  '--seekers',
  '500',
  '--enterprises',
  '20',
  '--months',
  '6',
  '--outcomes',
  '400',
  '--seed',
  '77',
  '--quiet',
];

describe('labourflow generate', () => {
  it('writes every file and the same seed gives the same bytes', async () => {
    const [a, b, c] = [await tempDir(), await tempDir(), await tempDir()];
    expect(await runCli(['generate', ...ARGS, '--out', a])).toBe(0);
    expect(await runCli(['generate', ...ARGS, '--out', b])).toBe(0);
    expect(await runCli(['generate', ...ARGS.map((x) => (x === '77' ? '78' : x)), '--out', c])).toBe(0);
    const da = await digest(a);
    expect(Object.keys(da)).toEqual([
      'enterprise_reports.ndjson',
      'follow_ups.ndjson',
      'outcomes.ndjson',
      'postings.ndjson',
      'seekers.ndjson',
    ]);
    expect(await digest(b)).toEqual(da);
    expect((await digest(c))['postings.ndjson']).not.toBe(da['postings.ndjson']);
    const manifest = JSON.parse(await readFile(join(a, 'meta', 'manifest.json'), 'utf8'));
    expect(manifest.files.find((f: { file: string }) => f.file === 'postings.ndjson').records).toBe(600);
    expect((await readFile(join(a, 'postings.ndjson'), 'utf8')).trimEnd().split('\n')).toHaveLength(600);
  });

  it('refuses an end month that is not in the past, and a missing --out', async () => {
    const dir = await tempDir();
    const next = new Date();
    const future = `${next.getUTCFullYear() + 1}-01`;
    expect(await runCli(['generate', '--end-month', future, '--out', dir, '--quiet'])).toBe(2);
    expect(await runCli(['generate', '--postings', '10'])).toBe(2);
    expect(await runCli(['generate', '--postings', 'many', '--out', dir])).toBe(2);
    expect(await runCli(['generate', '--bad-share', '0.7', '--out', dir])).toBe(2);
  });
});

describe('DatasetWriter', () => {
  it('a single mixed file with bad lines ingests with counts that reconcile', async () => {
    const dir = await tempDir();
    const summary = await new DatasetWriter({
      outDir: dir,
      postings: 800,
      seekers: 600,
      enterprises: 15,
      months: 6,
      outcomes: 500,
      seed: 5,
      badShare: 0.05,
      layout: 'mixed',
      progress: false,
    }).run();
    expect(summary.files.map((f) => f.file)).toEqual(['mixed.ndjson']);
    const lines = (await readFile(join(dir, 'mixed.ndjson')))
      .toString('latin1')
      .split('\n')
      .filter((l) => l.length > 0);
    expect(lines.length).toBe(summary.records + summary.badLines);
    expect(summary.badLines / lines.length).toBeGreaterThan(0.03);
    expect(summary.badLines / lines.length).toBeLessThan(0.07);
    // Interleaved: the first hundred lines already hold several record types.
    const types = new Set(lines.slice(0, 100).map((l) => /"type":"(\w+)"/.exec(l)?.[1]));
    expect(types.size).toBeGreaterThanOrEqual(3);

    const store = await DuckDBStore.create({ path: ':memory:' });
    try {
      const { summaries } = await ingestFiles({ store, from: [join(dir, 'mixed.ndjson')], progress: false });
      const s = summaries[0]!;
      expect(s.read).toBe(lines.length);
      expect(s.rejected).toBe(summary.badLines);
      expect(s.stored).toBe(summary.records);
      const postings = await store.all<{ n: bigint }>('SELECT count(*) AS n FROM postings');
      expect(Number(postings[0]!.n)).toBe(800);
    } finally {
      await store.close();
    }
  });
});
