/**
 * npm run bench:queries [-- --postings N --seekers N --seed S --runs R --keep]
 *
 * Times every query of the analysts' pack (defaults, unscoped, plus wage-guide and
 * supply-demand under a city scope) on seeded synthetic data generated inside DuckDB:
 * 5,000,000 postings and 2,000,000 seekers by default, with 1.5 follow-ups and 0.3 outcomes per
 * seeker. The baseline, run in the same process on the same file, is DuckDB's own grouped
 * scan of postings (count and mean salary by region): the floor any query of the pack stands on.
 * Target: every query ≤ 2 s. Progress on stderr; one JSON line last on stdout.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withSession } from '../src/query/AnalyticsSession.ts';
import { QueryPack } from '../src/query/QueryPack.ts';
import { runNamedQuery } from '../src/query/runNamedQuery.ts';
import { SyntheticStore } from '../src/query/SyntheticStore.ts';
import { withStore } from '../src/store/DuckDBStore.ts';

const { values } = parseArgs({
  options: {
    postings: { type: 'string', default: '5000000' },
    seekers: { type: 'string', default: '2000000' },
    seed: { type: 'string', default: '42' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: true },
    regenerate: { type: 'boolean', default: false },
  },
});
const postings = Number(values.postings);
const seekers = Number(values.seekers);
const seed = Number(values.seed);
const runs = Math.max(1, Number(values.runs));
const LIMIT_S = 2;
const say = (text: string) => process.stderr.write(`[bench:queries] ${text}\n`);

const dir = join(import.meta.dirname, '../.cache/bench');
mkdirSync(dir, { recursive: true });
const db = join(dir, `queries-p${postings}-s${seekers}-seed${seed}.duckdb`);

async function storeIsComplete(): Promise<boolean> {
  if (!existsSync(db)) return false;
  try {
    const rows = await withStore({ path: db, readOnly: true }, (s) =>
      s.all<{ p: number; s: number }>('SELECT (SELECT count(*) FROM postings) AS p, (SELECT count(*) FROM seekers) AS s'),
    );
    return Number(rows[0]!.p) === postings && Number(rows[0]!.s) === seekers;
  } catch {
    return false;
  }
}

if (values.regenerate || !(await storeIsComplete())) {
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  say(`generating ${postings.toLocaleString()} postings and ${seekers.toLocaleString()} seekers (seed ${seed}) in ${db} …`);
  const t = performance.now();
  const store = await SyntheticStore.create(db, { postings, seekers, seed });
  await store.close();
  say(`generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
} else {
  say(`reusing generated data in ${db} (same size and seed; --regenerate to rebuild)`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 1000) / 1000;

const pack = await QueryPack.load();
const timings: Record<string, number> = {};
/** CPU seconds of all DuckDB threads: steadier than wall time when other jobs share the 2 cores. */
const cpuTimings: Record<string, number> = {};
let baseline = 0;
await withSession({ db }, async (session) => {
  const base: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await session.query('SELECT region_code, count(*), avg(salary_min) FROM postings GROUP BY region_code');
    base.push((performance.now() - t) / 1000);
  }
  baseline = median(base);
  say(`baseline (grouped scan of postings): ${baseline.toFixed(3)} s`);
  for (const def of pack.list()) {
    const times: number[] = [];
    const cpus: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const cpu = process.cpuUsage();
      const r = await runNamedQuery(session, def, {});
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / 1e6);
      times.push(r.seconds);
      rows = r.rows.length;
    }
    timings[def.name] = round(median(times));
    cpuTimings[def.name] = round(median(cpus));
    say(
      `${def.name.padEnd(28)} ${median(times).toFixed(3)} s wall, ${median(cpus).toFixed(3)} s cpu  ` +
        `(${rows} rows; runs ${times.map((x) => x.toFixed(2)).join(' ')})`,
    );
  }
});
// A scoped session answers from views restricted to the scope: the same queries must stay fast.
await withSession({ db, scope: '130500' }, async (session) => {
  for (const name of ['wage-guide', 'supply-demand']) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await runNamedQuery(session, pack.get(name), {})).seconds);
    timings[`${name}@130500`] = round(median(times));
    say(`${`${name} (scope 130500)`.padEnd(28)} ${median(times).toFixed(3)} s`);
  }
});

const [slowest, slowestS] = Object.entries(timings).sort((a, b) => b[1] - a[1])[0]!;
const over = Object.entries(timings)
  .filter(([, s]) => s > LIMIT_S)
  .map(([n]) => n);
say(`slowest: ${slowest} ${slowestS} s; ${over.length ? `OVER ${LIMIT_S} s: ${over.join(', ')}` : `all ≤ ${LIMIT_S} s`}`);
if (!values.keep) rmSync(db, { force: true });
process.stdout.write(
  `${JSON.stringify({
    bench: 'queries',
    postings,
    seekers,
    follow_ups: Math.round(seekers * 1.5),
    outcomes: Math.round(seekers * 0.3),
    runs,
    statistic: 'median',
    queries: timings,
    queries_cpu_s: cpuTimings,
    load_average_1m: round(loadavg()[0]!),
    slowest,
    slowest_s: slowestS,
    limit_s: LIMIT_S,
    all_within_limit: over.length === 0,
    baseline: 'duckdb grouped scan of postings',
    baseline_s: round(baseline),
    ratio: round(slowestS / baseline),
  })}\n`,
);
