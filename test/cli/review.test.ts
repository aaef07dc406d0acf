import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';
import { ndjson, posting } from '../helpers/envelopes.ts';
import { runCliProcess } from '../helpers/runCliProcess.ts';
import { tempDir } from '../helpers/withDuckDB.ts';

// biome-ignore format: Chinese text, split to keep each line within 160 bytes
const INPUT = [
  '招聘仓管，限男性，35岁以下', '男女不限，年满18周岁，包吃住', '',
  '河南人勿扰，不招孕妇', '男装销售，残疾人优先',
].join('\n');
const EXPECTED = ['line,flagged,categories', '1,true,gender;age', '2,false,', '3,false,', '4,true,marital;origin', '5,false,', ''].join(
  '\n',
);

describe('labourflow review check (CLI)', () => {
  it('writes line,flagged,categories for every input line to stdout', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'postings.txt');
      writeFileSync(file, `${INPUT}\n`);
      const r = runCliProcess(['review', 'check', '--in', file]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(EXPECTED);
    } finally {
      cleanup();
    }
  });

  it('writes the same CSV to --out, and reads CRLF and a BOM', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'postings.txt');
      const out = join(dir, 'review.csv');
      writeFileSync(file, `\uFEFF${INPUT.replace(/\n/g, '\r\n')}`);
      const r = runCliProcess(['review', 'check', '--in', file, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(readFileSync(out, 'utf8')).toBe(EXPECTED);
    } finally {
      cleanup();
    }
  });

  it('exits 2 with a hint on a missing file, a missing --in, no subcommand or an unknown one', () => {
    const missing = runCliProcess(['review', 'check', '--in', '/nonexistent/postings.txt']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    expect(missing.stderr).toContain('what to do:');
    expect(missing.stdout).toBe('');

    const noIn = runCliProcess(['review', 'check']);
    expect(noIn.code).toBe(2);
    expect(noIn.stderr).toContain('--in');

    const none = runCliProcess(['review']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('expected a subcommand: check');

    const unknown = runCliProcess(['review', 'approve', '--in', 'x.txt']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown subcommand "approve"');
  });
});

describe('labourflow review sweep (CLI)', () => {
  it('reviews the postings a crash left without a review, approving trusted sources per --config, once', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'lf.duckdb');
      const file = join(dir, 'postings.ndjson');
      writeFileSync(file, ndjson([posting('P-1', { source: 'pes_portal' }), posting('P-2', { title: '仓管员', source: 'jobboard' })]));
      const store = await DuckDBStore.create({ path: db });
      await ingestFiles({ store, from: [file], progress: false, review: false });
      await store.close();
      const config = join(dir, 'labourflow.json');
      writeFileSync(config, JSON.stringify({ review: { trustedSources: ['pes_portal'] } }));
      const r = runCliProcess(['review', 'sweep', '--db', db, '--config', config]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^review sweep: 2 posting version\(s\) reviewed, 1 approved automatically/);
      const again = runCliProcess(['review', 'sweep', '--db', db, '--config', config]);
      expect(again.stdout).toMatch(/^review sweep: 0 posting version\(s\) reviewed/);
      writeFileSync(config, JSON.stringify({ review: { trustedSources: [{ nonsense: true }] } }));
      const bad = runCliProcess(['review', 'sweep', '--db', db, '--config', config]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('review.trustedSources');
    } finally {
      cleanup();
    }
  });
});
