import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mulberry32 } from '../../src/core/mulberry32.ts';
import { DatasetWriter } from '../../src/generate/DatasetWriter.ts';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { RECORD_KINDS } from '../../src/records/recordKinds.ts';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';
import { PROJECT_ROOT } from '../helpers/runCliProcess.ts';

/**
 * Issue #16: however ingestion is made faster, the rows it stores and the dead letters it writes
 * (reasons and issue lists included) must stay exactly what they were. This test ingests the
 * shipped samples, the generator's deliberately bad lines and seeded mutants of valid records,
 * and compares a hash of every stored row (every column but the writer's own) and of every dead
 * letter with the golden file recorded from the code before the rewrite. Regenerate the golden
 * only for an intended change of behaviour: LABOURFLOW_UPDATE_INGEST_GOLDEN=1 npx vitest run THIS_FILE.
 */
const GOLDEN = join(PROJECT_ROOT, 'test/ingest/fixtures/ingest-equivalence.golden.json');
/** A fixed clock for the golden run: the plausible-date window and the age refinements move with the year. */
const FIXED_NOW = new Date('2027-01-15T12:00:00Z');
const work = mkdtempSync(join(tmpdir(), 'labourflow-equivalence-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Values on or across the edges the schemas check (the same kinds as test/records/compileValidator.test.ts).
const ODD_VALUES: unknown[] = [
  null,
  '',
  ' ',
  '  x  ',
  '\u3000x',
  'x'.repeat(201),
  0,
  -1,
  0.5,
  5.0,
  1e2,
  299,
  300,
  500_001,
  12,
  25,
  41,
  10_001,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  'true',
  '1',
  [],
  [''],
  [' a '],
  ['x'.repeat(61)],
  {},
  '2026-02-29',
  '2024-02-29',
  '1989-12-31',
  '2099-01-01',
  '2026-01-01T00:00:00Z',
  '2026-01-01T00:00:00.123456+08:00',
  '330106',
  '999999',
  '91330106MA2CDL5K4T',
  '91330106MA2CDL5K4X',
  'C13',
  'Z99',
  '2-02',
  'bachelor',
  'published',
  'female',
  'unemployed_registered',
  ['disabled', 'veteran'],
  ['nobody'],
  '110101199003071234',
  '11010119900307123X',
  'a"quote',
  'back\\slash',
  'tab\there',
  '表情😀',
];

type Json = Record<string, unknown>;

function mutate(envelope: Json, random: () => number, i: number): Json {
  const copy = structuredClone(envelope);
  const target: Json = random() < 0.25 ? copy : (copy.payload as Json);
  const keys = Object.keys(target);
  const key = keys[Math.floor(random() * keys.length)]!;
  const roll = random();
  if (roll < 0.15) delete target[key];
  else if (roll < 0.2) target[`extra_${i}`] = 1;
  else target[key] = structuredClone(ODD_VALUES[Math.floor(random() * ODD_VALUES.length)]);
  if (random() < 0.3) {
    const other = keys[Math.floor(random() * keys.length)]!;
    target[other] = structuredClone(ODD_VALUES[Math.floor(random() * ODD_VALUES.length)]);
  }
  return copy;
}

/** Damage to the line itself rather than to a value. */
function damage(line: string, random: () => number): string {
  switch (Math.floor(random() * 7)) {
    case 0:
      return line.slice(0, Math.floor(random() * line.length));
    case 1:
      return `  ${line}\t`;
    case 2:
      return `${line}\r`;
    case 3:
      return line.replace('"id":"', '"id":"\\u00e9');
    case 4:
      return line.replace('"id":"', '"id":"\\ud800');
    case 5:
      return `[${line}]`;
    default:
      return line.replace(/"version":(\d+)/, '"version":$1.0');
  }
}

/** The fixture file: samples, the generator's bad lines and seeded mutants, in one feed. */
async function buildFixture(): Promise<string> {
  const samples = ['postings', 'seekers', 'enterprise_reports', 'follow_ups', 'outcomes', 'bad-records'].flatMap((name) =>
    readFileSync(join(PROJECT_ROOT, 'data-samples', `${name}.ndjson`), 'utf8').split('\n'),
  );
  const generated = join(work, 'generated');
  await new DatasetWriter({
    outDir: generated,
    postings: 600,
    seekers: 600,
    enterprises: 0,
    outcomes: 300,
    badShare: 0.2,
    layout: 'mixed',
    mixedFileName: 'mixed.ndjson',
    seed: 16,
    followUps: false,
  }).run();
  const generatedLines = readFileSync(join(generated, 'mixed.ndjson'), 'utf8').split('\n');

  const random = mulberry32(16);
  const valid = samples
    .filter((l) => l.startsWith('{'))
    .flatMap((l) => {
      try {
        const v = JSON.parse(l) as Json;
        return typeof v.payload === 'object' && v.payload !== null ? [v] : [];
      } catch {
        return [];
      }
    });
  const mutants: string[] = [];
  for (const kind of RECORD_KINDS) {
    const ofKind = valid.filter((v) => v.type === kind.type).slice(0, 120);
    for (const [i, envelope] of ofKind.entries()) {
      for (let k = 0; k < 8; k++) mutants.push(JSON.stringify(mutate(envelope, random, i * 8 + k)));
      mutants.push(damage(JSON.stringify(envelope), random));
    }
  }
  const file = join(work, 'fixture.ndjson');
  writeFileSync(file, [...samples, ...generatedLines, ...mutants].join('\n'));
  return file;
}

/** Every stored row and dead letter as key → hash (writer-filled columns and times left out). */
async function digest(store: DuckDBStore): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  for (const kind of RECORD_KINDS) {
    const rows = await store.all<{ k: string; h: string }>(
      `SELECT id AS k, md5(to_json(r)::VARCHAR)[1:12] AS h
       FROM (SELECT * EXCLUDE (ingest_batch_id, ingested_at) FROM main.${kind.table}) AS r ORDER BY id`,
    );
    out[kind.table] = Object.fromEntries(rows.map((r) => [r.k, r.h]));
  }
  const rejects = await store.all<{ k: string; h: string }>(
    `SELECT position AS k,
       md5(to_json({t: record_type, id: record_id, reason: reason, issues: issues, raw: raw, bytes: raw_bytes})::VARCHAR)[1:12] AS h
     FROM rejected ORDER BY rejected_id`,
  );
  out.rejected = Object.fromEntries(rejects.map((r) => [r.k, r.h]));
  return out;
}

async function ingestDigest(file: string, name: string, parallel: boolean) {
  const store = await DuckDBStore.create({ path: join(work, `${name}.duckdb`) });
  try {
    const result = await ingestFiles({ store, from: [file], parallel, progress: false, review: false, batchSize: 2_000 });
    const { read, stored, stale, rejected, batches } = result.summaries[0]!;
    return { summary: { read, stored, stale, rejected, batches }, digest: await digest(store) };
  } finally {
    await store.close();
  }
}

/** Which keys differ between two digests, per table (for a readable failure). */
function differences(a: Record<string, Record<string, string>>, b: Record<string, Record<string, string>>) {
  const out: Record<string, string[]> = {};
  for (const table of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[table] ?? {};
    const y = b[table] ?? {};
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => x[k] !== y[k]);
    if (keys.length > 0) out[table] = keys.slice(0, 10);
  }
  return out;
}

describe('ingestion stores and rejects exactly what it did before (issue #16)', () => {
  let fixture = '';

  it('matches the golden rows and dead letters on samples, generated bad lines and mutants', async () => {
    vi.stubEnv('LABOURFLOW_ID_HASH_KEY', 'ingest-equivalence-test-key');
    fixture = await buildFixture();
    vi.useFakeTimers({ toFake: ['Date'], now: FIXED_NOW });
    let got: Awaited<ReturnType<typeof ingestDigest>>;
    try {
      got = await ingestDigest(fixture, 'golden', false);
    } finally {
      vi.useRealTimers();
    }
    expect(got.summary.rejected).toBeGreaterThan(500);
    expect(got.summary.stored).toBeGreaterThan(3_000);
    if (process.env.LABOURFLOW_UPDATE_INGEST_GOLDEN === '1') {
      writeFileSync(GOLDEN, `${JSON.stringify({ summary: got.summary, digest: got.digest }, null, 0)}\n`);
    }
    expect(existsSync(GOLDEN), `${GOLDEN} is missing (LABOURFLOW_UPDATE_INGEST_GOLDEN=1 records it)`).toBe(true);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as { summary: typeof got.summary; digest: typeof got.digest };
    expect(differences(got.digest, golden.digest)).toEqual({});
    expect(got.summary).toEqual(golden.summary);
  }, 300_000);

  it('stores and rejects the same on decode workers as on one thread', async () => {
    vi.stubEnv('LABOURFLOW_ID_HASH_KEY', 'ingest-equivalence-test-key');
    expect(fixture).not.toBe('');
    const serial = await ingestDigest(fixture, 'serial', false);
    const parallel = await ingestDigest(fixture, 'parallel', true);
    expect(differences(parallel.digest, serial.digest)).toEqual({});
    expect(parallel.summary.rejected).toBe(serial.summary.rejected);
  }, 300_000);
});
