import { Logger } from '../core/Logger.ts';
import { DuckDBStore } from '../store/DuckDBStore.ts';
import { sqlFile } from '../store/sqlFile.ts';
import { Regions } from '../validation/Regions.ts';

export interface SyntheticSize {
  postings: number;
  seekers: number;
  followUps?: number;
  outcomes?: number;
  seed?: number;
}

/** Real level-4 occupation codes (GB/T 6565-2022) with a plausible base monthly wage and industry section. */
const OCCUPATIONS: Array<[code: string, title: string, base: number, industry: string]> = [
  ['4-01-02-01', '营销员', 5200, 'F'],
  ['4-07-05-01', '保安员', 3800, 'O'],
  ['4-02-07-08', '快递员', 6000, 'G'],
  ['4-03-02-01', '中式烹调师', 5500, 'H'],
  ['2-05-08-01', '内科护士', 6500, 'Q'],
  ['2-06-03-00', '会计', 6200, 'M'],
  ['6-31-01-03', '电工', 6300, 'C'],
  ['6-18-02-04', '焊工', 6800, 'C'],
  ['4-10-01-06', '家政服务员', 4800, 'O'],
  ['6-18-01-01', '车工', 6100, 'C'],
  ['4-01-02-04', '收银员', 3600, 'F'],
  ['4-10-08-01', '网约配送员', 6500, 'I'],
  ['4-02-06-01', '仓储管理员', 4700, 'G'],
  ['4-10-01-05', '养老护理员', 4500, 'Q'],
  ['2-09-06-04', '环境设计人员', 8000, 'M'],
  ['6-01-04-03', '肉制品加工工', 4600, 'C'],
];

/** Provinces whose counties the synthetic data lives in: Beijing, Hebei, Hubei, Sichuan. */
const PROVINCES = ['11', '13', '42', '51'];

/**
 * Builds a seeded analytics store directly in DuckDB (range() and hash()), fast enough for
 * millions of rows: the benchmark's and the tests' data. Rows are shaped like ingested ones
 * but are not validated envelopes; the ingest pipeline's own tests cover that path.
 */
export class SyntheticStore {
  static async create(path: string, size: SyntheticSize): Promise<DuckDBStore> {
    const store = await DuckDBStore.create({ path, settings: { threads: '2' } });
    const seed = size.seed ?? 42;
    const counties = [...Regions.get().all()].filter((r) => r.level === 'county' && PROVINCES.includes(r.code.slice(0, 2)));
    await store.run('CREATE TEMP TABLE gen_regions (idx INTEGER, code VARCHAR, tier DOUBLE)');
    const regions = await store.connection.createAppender('gen_regions', 'main', 'temp');
    counties.forEach((r, i) => {
      regions.appendInteger(i);
      regions.appendVarchar(r.code);
      // Provincial capitals and Beijing pay more; a crude city-tier wage factor.
      regions.appendDouble(['11', '5101', '4201', '1301'].some((p) => r.code.startsWith(p)) ? 1.35 : 1.0);
      regions.endRow();
    });
    regions.flushSync();
    regions.closeSync();
    await store.run('CREATE TEMP TABLE gen_occupations (idx INTEGER, code VARCHAR, title VARCHAR, base_salary DOUBLE, industry VARCHAR)');
    const occ = await store.connection.createAppender('gen_occupations', 'main', 'temp');
    OCCUPATIONS.forEach(([code, title, base, industry], i) => {
      occ.appendInteger(i);
      occ.appendVarchar(code);
      occ.appendVarchar(title);
      occ.appendDouble(base);
      occ.appendVarchar(industry);
      occ.endRow();
    });
    occ.flushSync();
    occ.closeSync();
    const sql = (name: string) => sqlFile(`queries/synthetic/${name}`);
    const timed = async (name: string, params: Record<string, number>) => {
      const t = performance.now();
      await store.run(await sql(name), params);
      Logger.for('bench').debug('synthetic_table', { table: name, seconds: (performance.now() - t) / 1000 });
    };
    await timed('postings', { n: size.postings, seed });
    await timed('seekers', { n: size.seekers, seed });
    await timed('follow_ups', { n: size.followUps ?? Math.round(size.seekers * 1.5), seed, seekers: size.seekers });
    await timed('outcomes', { n: size.outcomes ?? Math.round(size.seekers * 0.3), seed, seekers: size.seekers, postings: size.postings });
    await store.run('DROP TABLE temp.gen_regions; DROP TABLE temp.gen_occupations');
    await store.run('CHECKPOINT');
    return store;
  }
}
