import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeItem } from '../../src/ingest/decodeItems.ts';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { readNdjsonFile } from '../../src/ingest/readNdjsonFile.ts';
import { validateEnvelope } from '../../src/records/envelope.ts';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';
import { Regions } from '../../src/validation/Regions.ts';

const SAMPLES = 'data-samples';
const GENERATED = ['postings.ndjson', 'seekers.ndjson', 'follow_ups.ndjson', 'outcomes.ndjson', 'enterprise_reports.ndjson'];
const BAD = join(SAMPLES, 'bad-records.ndjson');

async function lines(file: string): Promise<string[]> {
  return (await readFile(join(SAMPLES, file), 'utf8')).split('\n').filter((l) => l.length > 0);
}

async function expected(): Promise<Record<string, string>> {
  return JSON.parse(await readFile(join(SAMPLES, 'bad-records.expected.json'), 'utf8')) as Record<string, string>;
}

function reasonText(issues: { path: string; message: string }[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}

describe('data-samples/', () => {
  it('has the promised volumes, in Chinese, in the sample regions', async () => {
    const postings = (await lines('postings.ndjson')).map((l) => JSON.parse(l));
    const seekers = (await lines('seekers.ndjson')).map((l) => JSON.parse(l));
    const reports = (await lines('enterprise_reports.ndjson')).map((l) => JSON.parse(l));
    expect(postings.length).toBeGreaterThanOrEqual(300);
    expect(seekers.length).toBeGreaterThanOrEqual(1000);
    expect((await lines('follow_ups.ndjson')).length).toBeGreaterThan(500);
    expect((await lines('outcomes.ndjson')).length).toBeGreaterThan(500);
    const perEnterprise = new Map<string, number>();
    for (const r of reports)
      perEnterprise.set(r.payload.employer_credit_code, (perEnterprise.get(r.payload.employer_credit_code) ?? 0) + 1);
    expect([...perEnterprise.values()].filter((n) => n === 12).length).toBeGreaterThanOrEqual(100);
    expect(postings.every((p) => /[\u4e00-\u9fff]/.test(p.payload.title))).toBe(true);
    const cities = new Set([...postings, ...seekers].map((e) => (e.payload.region_code ?? e.payload.residence_region).slice(0, 4)));
    for (const city of ['1305', '4205', '5101']) expect(cities).toContain(city);
    const counties = new Set(postings.map((p) => p.payload.region_code));
    expect(counties).toContain('130506'); // 南和区
    expect(counties).toContain('130529'); // 巨鹿县
    expect(Regions.get().name('130529')).toBe('巨鹿县');
  });

  it('every generated sample record validates', async () => {
    for (const file of GENERATED) {
      const bad: string[] = [];
      for (const [n, line] of (await lines(file)).entries()) {
        const result = validateEnvelope(JSON.parse(line));
        if (!result.ok) bad.push(`${file}:${n + 1} ${reasonText(result.issues)}`);
      }
      expect(bad).toEqual([]);
    }
  });

  it('are exactly what scripts/make-samples.ts produces (regenerate only via the script)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-samples-'));
    try {
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/make-samples.ts', dir]);
      for (const file of GENERATED) {
        const fresh = await readFile(join(dir, file));
        expect(
          fresh.equals(await readFile(join(SAMPLES, file))),
          `${file} differs from the script's output; run npx tsx scripts/make-samples.ts`,
        ).toBe(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('outcomes and follow-ups reference generated seekers and postings', async () => {
    const seekerIds = new Set((await lines('seekers.ndjson')).map((l) => JSON.parse(l).id));
    const postingIds = new Set((await lines('postings.ndjson')).map((l) => JSON.parse(l).id));
    for (const l of await lines('outcomes.ndjson')) {
      const o = JSON.parse(l).payload;
      expect(seekerIds.has(o.seeker_id) && postingIds.has(o.posting_id)).toBe(true);
    }
    for (const l of await lines('follow_ups.ndjson')) expect(seekerIds.has(JSON.parse(l).payload.seeker_id)).toBe(true);
  });
});

describe('data-samples/bad-records.ndjson', () => {
  it('covers every kind of problem and mixes in good records', async () => {
    const exp = await expected();
    const values = Object.values(exp);
    expect(values.filter((v) => v === 'OK').length).toBeGreaterThanOrEqual(4);
    expect(values.filter((v) => !['OK', 'BLANK', 'DUPLICATE'].includes(v)).length).toBeGreaterThanOrEqual(20);
    expect(values).toContain('BLANK');
    for (const fragment of [
      'not valid JSON',
      'truncated JSON',
      'invalid UTF-8',
      'is in the future',
      'type must be one of',
      'check character does not match',
      'GB 11643',
      'below salary_min',
      'not plausible',
      'not a GB/T 2260 division',
    ]) {
      expect(
        values.some((v) => v.includes(fragment)),
        fragment,
      ).toBe(true);
    }
  });

  it('each line is accepted or rejected with its expected reason (ingest line source + decoder)', async () => {
    const exp = await expected();
    const seen = new Set<string>();
    for await (const item of readNdjsonFile(BAD)) {
      const line = item.position.replace('line ', '');
      seen.add(line);
      const want = exp[line];
      const outcome = decodeItem(item);
      if (want === 'OK' || want === 'DUPLICATE') {
        expect(outcome.ok ? 'OK' : reasonText(outcome.issues), `line ${line}`).toBe('OK');
      } else {
        expect(outcome.ok, `line ${line} should be rejected (${want})`).toBe(false);
        if (!outcome.ok) expect(reasonText(outcome.issues), `line ${line}`).toContain(want);
      }
    }
    // Blank lines are not items; every other line was seen.
    const blank = Object.entries(exp)
      .filter(([, v]) => v === 'BLANK')
      .map(([k]) => k);
    expect([...seen].sort()).toEqual(
      Object.keys(exp)
        .filter((k) => !blank.includes(k))
        .sort(),
    );
  });

  it('ingests into DuckDB with every bad line in `rejected` at its position, and counts reconcile', async () => {
    const exp = await expected();
    const store = await DuckDBStore.create({ path: ':memory:' });
    try {
      const { summaries, blankLines } = await ingestFiles({ store, from: [BAD], progress: false });
      const summary = summaries[0]!;
      const bad = Object.entries(exp).filter(([, v]) => !['OK', 'BLANK', 'DUPLICATE'].includes(v));
      expect(blankLines).toBe(Object.values(exp).filter((v) => v === 'BLANK').length);
      expect(summary.rejected).toBe(bad.length);
      expect(summary.read).toBe(summary.stored + summary.stale + summary.rejected);
      expect(summary.stale).toBe(Object.values(exp).filter((v) => v === 'DUPLICATE').length);
      const rows = await store.all<{ position: string; reason: string; issues: string }>(
        'SELECT position, reason, CAST(issues AS VARCHAR) AS issues FROM rejected',
      );
      const byPosition = new Map(rows.map((r) => [r.position, r]));
      for (const [line, want] of bad) {
        const row = byPosition.get(`line ${line}`);
        expect(row, `line ${line} missing from rejected`).toBeDefined();
        expect(`${row!.reason} ${row!.issues}`, `line ${line}`).toContain(want.replace(/"/g, ''));
      }
      // The raw ID number of the bad seeker never reaches the dead-letter place.
      const raw = await store.all<{ n: bigint }>(
        `SELECT count(*) AS n FROM rejected WHERE raw LIKE '%130529198501011230%' OR raw LIKE '%130529198501011231%'`,
      );
      expect(Number(raw[0]!.n)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('rejects a line over 10 MB made at test time, without stopping the run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-long-'));
    try {
      const file = join(dir, 'long.ndjson');
      const good = (await readFile(BAD, 'utf8')).split('\n')[0]!;
      const huge = good.replace('"description":"', `"description":"${'很长的描述'.repeat(700_000)}`);
      expect(Buffer.byteLength(huge)).toBeGreaterThan(10 * 1024 * 1024);
      await writeFile(file, `${good}\n${huge}\n${good.replace('P-NANHE-0001', 'P-NANHE-0002')}\n`);
      const results: string[] = [];
      for await (const item of readNdjsonFile(file)) {
        const outcome = decodeItem(item);
        results.push(outcome.ok ? 'OK' : reasonText(outcome.issues));
        expect(item.raw.length).toBeLessThan(64 * 1024);
      }
      expect(results[0]).toBe('OK');
      expect(results[1]).toMatch(/bytes, over the \d+-byte limit/);
      expect(results[2]).toBe('OK');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
