import { Logger } from '../core/Logger.ts';
import { sqlFile } from '../store/sqlFile.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import type { TitleCoder } from './TitleCoder.ts';

export interface SavedCodes {
  titles: number;
  titles_coded: number;
  postings_coded: number;
  seekers_coded: number;
  /** Postings of unknown industry given one inferred from their occupation (with its confidence). */
  industries_inferred: number;
  coder_version: string;
}

/**
 * Codes the stored postings without an occupation code and the seekers with desired titles but
 * no desired occupation, and saves what the coder is at least `minScore` sure of, with its score
 * and version (migration 008). Each distinct title is coded once (the coder also remembers recent
 * answers), so a batch of thousands of postings with a few hundred titles costs a few hundred
 * codings. Codes that came with a record are never replaced. Run inside the caller's write.
 */
export async function saveOccupationCodes(
  store: DuckDBStore,
  coder: TitleCoder,
  minScore: number,
  /** Titles already coded in this process (null: below the score), so a stream codes each title once. */
  cache?: Map<string, { code: string; score: number } | null>,
): Promise<SavedCodes> {
  const version = coder.version ?? coder.name;
  const titles = (await store.all<{ title: string }>(await sqlFile('occupations/uncoded_titles'))).map((r) => r.title);
  const result: SavedCodes = {
    titles: titles.length,
    titles_coded: 0,
    postings_coded: 0,
    seekers_coded: 0,
    industries_inferred: 0,
    coder_version: version,
  };
  if (titles.length === 0) {
    result.industries_inferred = await inferIndustries(store);
    return result;
  }
  coder.prepare?.(titles);
  await store.run('CREATE OR REPLACE TEMP TABLE coded_titles (title VARCHAR, code VARCHAR, score DOUBLE)');
  const appender = await store.connection.createAppender('coded_titles', 'main', 'temp');
  try {
    for (const title of titles) {
      let best = cache?.get(title);
      if (best === undefined) {
        const top = coder.code(title, 1)[0];
        best = top && top.score >= minScore ? { code: top.code, score: top.score } : null;
        cache?.set(title, best);
      }
      if (best === null) continue;
      appender.appendVarchar(title);
      appender.appendVarchar(best.code);
      appender.appendDouble(Math.round(best.score * 10_000) / 10_000);
      appender.endRow();
      result.titles_coded++;
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  try {
    if (result.titles_coded > 0) {
      await store.transaction(async () => {
        result.postings_coded = await changed(store, await sqlFile('occupations/save_posting_codes'), { version });
        result.seekers_coded = await changed(store, await sqlFile('occupations/save_seeker_codes'), { version });
      });
    }
  } finally {
    await store.run('DROP TABLE IF EXISTS temp.main.coded_titles');
  }
  result.industries_inferred = await inferIndustries(store);
  Logger.for('occupations').info('occupation_codes_saved', { ...result });
  return result;
}

/** Thresholds of the inference: enough postings that state an industry, and most of them agreeing. */
export const INDUSTRY_INFERENCE = { minPostings: 20, minShare: 0.6 } as const;

/** Unknown industries inferred from the occupation where the stored postings agree (sql/occupations/infer_industries.sql). */
export async function inferIndustries(store: DuckDBStore): Promise<number> {
  return changed(store, await sqlFile('occupations/infer_industries'), {
    min_postings: INDUSTRY_INFERENCE.minPostings,
    min_share: INDUSTRY_INFERENCE.minShare,
  });
}

async function changed(store: DuckDBStore, sql: string, params: Record<string, string | number>): Promise<number> {
  const result = await store.connection.run(sql, params as never);
  return Number(result.rowsChanged);
}

/** The lowest coder score saved on a row unless `matching.occupationMinScore` says otherwise. */
export const OCCUPATION_MIN_SCORE = 0.35;

const coders = new Map<string, Promise<TitleCoder | null>>();
const titleCaches = new Map<string, Map<string, { code: string; score: number } | null>>();

/**
 * Import, file ingest, and each Kafka or inbox commit of a stream: when a classification is
 * configured (LABOURFLOW_TAXONOMY_DIR or --taxonomy), codes what is left uncoded; without one,
 * does nothing. The coder is fitted once per process and directory, and each distinct title is
 * coded once per process (a title below the score is not tried again), so a stream's throughput
 * holds however many commits repeat the same titles.
 */
export async function codeStoredOccupations(
  store: DuckDBStore,
  taxonomyDir: string | null | undefined,
  minScore: number,
): Promise<SavedCodes | null> {
  if (!taxonomyDir) return null;
  let coder = coders.get(taxonomyDir);
  if (!coder) {
    coder = import('./loadOccupationCoder.ts').then(({ loadOccupationCoder }) => loadOccupationCoder(taxonomyDir));
    coders.set(taxonomyDir, coder);
  }
  const ready = await coder;
  if (!ready) return null;
  const key = `${taxonomyDir}\u0000${minScore}`;
  let cache = titleCaches.get(key);
  if (!cache) titleCaches.set(key, (cache = new Map()));
  return saveOccupationCodes(store, ready, minScore, cache);
}

/**
 * Codes the titles a commit left uncoded (see codeStoredOccupations). A failure is logged and the
 * stream goes on: the codes are filled at the next commit or by the next match run.
 */
export async function codeAfterCommit(store: DuckDBStore, taxonomyDir: string | null | undefined, minScore: number): Promise<void> {
  if (!taxonomyDir) return;
  try {
    await codeStoredOccupations(store, taxonomyDir, minScore);
  } catch (error) {
    Logger.for('occupations').error('occupation_coding_failed', {
      error: (error as Error).message ?? String(error),
      effect: 'postings stay uncoded until the next commit or match run codes them',
    });
  }
}
