import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../pipelines/cli/main.ts';
import { CoreConfig } from '../../src/config/config.ts';
import { configureLogging } from '../../src/core/Logger.ts';
import { runMatchJob } from '../../src/matching/runMatchJob.ts';
import { defaultMatchingConfig } from '../../src/matching/MatchingConfig.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { codeAfterCommit, saveOccupationCodes } from '../../src/occupations/saveOccupationCodes.ts';
import type { TitleCoder } from '../../src/occupations/TitleCoder.ts';
import { completeCreditCode } from '../../src/validation/creditCode.ts';
import { posting, seeker } from '../matching/fixtures.ts';
import { captureOutput } from '../query/syntheticFixture.ts';
import { TAXONOMY_CSV } from './fixture.ts';

/** Occupation codes found by the coder are saved on the rows with its score and version (issue #13). */
const EMPLOYER = completeCreditCode('91510100MA6C1234X');
let dir: string;
let taxonomyDir: string;

const env = (type: string, id: string, payload: unknown) =>
  JSON.stringify({ type, id, version: 1, event_time: '2026-06-25T08:00:00+08:00', payload });

function records(prefix: string): string {
  const p = (id: string, title: string) => {
    const { id: _id, ...rest } = posting({ id, title, occupation_code: undefined } as never);
    return env('posting', id, { ...rest, employer_credit_code: EMPLOYER, employer_name: '成都精工机械有限公司', source: 'pes_portal' });
  };
  const s = (id: string, titles: string[], codes: string[] = []) => {
    const { id: _id, ...rest } = seeker({ desired_titles: titles, desired_occupations: codes });
    return env('seeker', id, rest);
  };
  return `${[
    p(`${prefix}-P1`, '冷链货车司机'),
    p(`${prefix}-P2`, '冷链货车司机'),
    p(`${prefix}-P3`, '高级Java工程师'),
    env('posting', `${prefix}-P4`, {
      ...(({ id: _id, ...rest }) => rest)(posting({ title: '幼儿园老师', occupation_code: '2-08-03-00' })),
      employer_credit_code: EMPLOYER,
      source: 'pes_portal',
    }),
    s(`${prefix}-S1`, ['养老院护工', '货车司机']),
    s(`${prefix}-S2`, ['幼师'], ['4-01-02-01']),
  ].join('\n')}\n`;
}

async function ingest(db: string, name: string, withTaxonomy: boolean): Promise<void> {
  const file = join(dir, name);
  writeFileSync(file, records(name));
  const before = process.env.LABOURFLOW_TAXONOMY_DIR;
  if (withTaxonomy) process.env.LABOURFLOW_TAXONOMY_DIR = taxonomyDir;
  else delete process.env.LABOURFLOW_TAXONOMY_DIR;
  try {
    const run = await captureOutput(() => runCli(['ingest', '--from', file, '--db', db, '--quiet']));
    expect(run.value, run.stderr).toBe(0);
  } finally {
    if (before === undefined) delete process.env.LABOURFLOW_TAXONOMY_DIR;
    else process.env.LABOURFLOW_TAXONOMY_DIR = before;
  }
}

const rows = (db: string) =>
  withStore({ path: db }, async (s) => ({
    postings: await s.all<{
      id: string;
      occupation_code: string | null;
      occupation_score: number | null;
      occupation_coder_version: string | null;
    }>('SELECT id, occupation_code, occupation_score, occupation_coder_version FROM postings ORDER BY id'),
    seekers: await s.all<{
      id: string;
      desired_occupations: string[];
      occupation_score: number | null;
      occupation_coder_version: string | null;
    }>('SELECT id, desired_occupations, occupation_score, occupation_coder_version FROM seekers ORDER BY id'),
  }));

beforeAll(() => {
  configureLogging({ level: 'warn' });
  dir = mkdtempSync(join(tmpdir(), 'lf-occ-save-'));
  taxonomyDir = join(dir, 'taxonomy');
  mkdirSync(join(taxonomyDir, 'occupation_csco2022'), { recursive: true });
  writeFileSync(join(taxonomyDir, 'occupation_csco2022', 'csco22_dev.csv'), TAXONOMY_CSV);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('occupation codes saved on the rows', () => {
  it('at ingest with a coder configured: each uncoded posting and seeker, with score and version', async () => {
    const db = join(dir, 'ingest.duckdb');
    await ingest(db, 'a', true);
    const { postings, seekers } = await rows(db);
    const byId = Object.fromEntries(postings.map((p) => [p.id, p]));
    expect(byId['a-P1']).toMatchObject({ occupation_code: '4-02-02-02' });
    expect(byId['a-P2']!.occupation_code).toBe('4-02-02-02');
    expect(byId['a-P3']!.occupation_code).toBe('2-02-10-03');
    expect(byId['a-P1']!.occupation_score).toBeGreaterThan(0.35);
    expect(byId['a-P1']!.occupation_coder_version).toMatch(/^fusion-1\/[0-9a-f]{12}\//);
    // A code that came with the record is kept, with no coder score.
    expect(byId['a-P4']).toMatchObject({ occupation_code: '2-08-03-00', occupation_score: null, occupation_coder_version: null });
    const s1 = seekers.find((s) => s.id === 'a-S1')!;
    expect(s1.desired_occupations).toEqual(['4-10-01-05', '4-02-02-02']);
    expect(s1.occupation_score).toBeGreaterThan(0.35);
    expect(s1.occupation_coder_version).toBe(byId['a-P1']!.occupation_coder_version);
    expect(seekers.find((s) => s.id === 'a-S2')).toMatchObject({ desired_occupations: ['4-01-02-01'], occupation_score: null });
  });

  it('at import-postings with a coder configured', async () => {
    const db = join(dir, 'import.duckdb');
    const file = fileURLToPath(new URL('../import/fixtures/jobboard-sample.csv', import.meta.url));
    const before = process.env.LABOURFLOW_TAXONOMY_DIR;
    process.env.LABOURFLOW_TAXONOMY_DIR = taxonomyDir;
    try {
      const run = await captureOutput(() =>
        runCli(['import-postings', '--file', file, '--mapping', 'jobboard', '--posted-date', '2026-03-01', '--db', db]),
      );
      expect(run.value, run.stderr).toBe(0);
    } finally {
      if (before === undefined) delete process.env.LABOURFLOW_TAXONOMY_DIR;
      else process.env.LABOURFLOW_TAXONOMY_DIR = before;
    }
    const { postings } = await withStore({ path: db }, async (s) => ({
      postings: await s.all<{ title: string; occupation_code: string | null; occupation_score: number | null }>(
        'SELECT title, occupation_code, occupation_score FROM postings ORDER BY title',
      ),
    }));
    expect(postings.find((p) => p.title === 'Java开发工程师')).toMatchObject({ occupation_code: '2-02-10-03', occupation_score: 1 });
  });

  it('after each commit of a stream (Kafka or inbox): what is uncoded gets coded; nothing without a classification', async () => {
    const db = join(dir, 'stream.duckdb');
    await ingest(db, 's', false);
    await withStore({ path: db }, (store) => codeAfterCommit(store, null, 0.35));
    expect((await rows(db)).postings.filter((p) => p.occupation_code !== null).map((p) => p.id)).toEqual(['s-P4']);
    await withStore({ path: db }, (store) => codeAfterCommit(store, taxonomyDir, 0.35));
    const byId = Object.fromEntries((await rows(db)).postings.map((p) => [p.id, p.occupation_code]));
    expect(byId).toMatchObject({ 's-P1': '4-02-02-02', 's-P2': '4-02-02-02', 's-P3': '2-02-10-03' });
  });

  it('in a stream each distinct title is coded once per process, a title below the score included', async () => {
    const db = join(dir, 'cache.duckdb');
    const asked: string[] = [];
    const coder: TitleCoder = {
      name: 'counting',
      version: 'counting-1',
      code: (title) => {
        asked.push(title);
        return title.includes('司机')
          ? [{ code: '4-02-02-02', name: '道路货运驾驶员', score: 0.9 }]
          : [{ code: '2-02-10-03', name: 'x', score: 0.1 }];
      },
    } as TitleCoder;
    const cache = new Map<string, { code: string; score: number } | null>();
    await ingest(db, 'c1', false);
    const first = await withStore({ path: db }, (store) => saveOccupationCodes(store, coder, 0.35, cache));
    expect(first).toMatchObject({ titles: 4, titles_coded: 2, postings_coded: 2 });
    expect([...asked].sort()).toEqual(['养老院护工', '冷链货车司机', '货车司机', '高级Java工程师'].sort());
    // The next commit brings the same titles again: rows are coded from the cache, the coder is not asked.
    await ingest(db, 'c2', false);
    const second = await withStore({ path: db }, (store) => saveOccupationCodes(store, coder, 0.35, cache));
    expect(second).toMatchObject({ titles_coded: 2, postings_coded: 2 });
    expect(asked).toHaveLength(4);
    const byId = Object.fromEntries((await rows(db)).postings.map((p) => [p.id, p]));
    expect(byId['c2-P1']).toMatchObject({ occupation_code: '4-02-02-02', occupation_coder_version: 'counting-1' });
    expect(byId['c2-P3']!.occupation_code).toBeNull();
  });

  it('at ingest without a coder: nothing is coded', async () => {
    const db = join(dir, 'plain.duckdb');
    await ingest(db, 'b', false);
    const { postings } = await rows(db);
    expect(postings.filter((p) => p.occupation_code !== null).map((p) => p.id)).toEqual(['b-P4']);
  });

  it('at match: the run saves the codes it finds (a dry run does not)', async () => {
    const db = join(dir, 'plain.duckdb');
    const run = (dryRun: boolean) =>
      runMatchJob({
        core: CoreConfig.parse({ db, outboxDir: join(dir, 'outbox'), taxonomyDir }),
        config: defaultMatchingConfig(),
        mode: 'full',
        now: new Date('2026-06-30T12:00:00Z'),
        dryRun,
      });
    await run(true);
    expect((await rows(db)).postings.filter((p) => p.occupation_code !== null).length).toBe(1);
    await run(false);
    const { postings, seekers } = await rows(db);
    expect(postings.find((p) => p.id === 'b-P1')).toMatchObject({ occupation_code: '4-02-02-02' });
    expect(postings.find((p) => p.id === 'b-P1')!.occupation_coder_version).toMatch(/^fusion-1\//);
    expect(seekers.find((s) => s.id === 'b-S1')!.desired_occupations).toEqual(['4-10-01-05', '4-02-02-02']);
  });
});
