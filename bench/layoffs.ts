// npm run bench:layoffs [-- --enterprises 1000000 --months 24 --seed 7 --keep]
// A full watch-layoffs over the last period of 1,000,000 enterprises × 24 months of reports
// (24M rows generated inside DuckDB, seeded), beside a plain DuckDB GROUP BY scan of the same
// period. Each measurement runs in its own child process so peak RSS is its own.
// Progress on stderr; the last stdout line is one JSON object.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DuckDBStore } from '../src/store/DuckDBStore.ts';
import { sqlFileSync } from '../src/store/sqlFile.ts';
import { Regions } from '../src/validation/Regions.ts';
import { addMonths, isoDateAddDays, monthOf, periodStart } from '../src/core/periods.ts';
import { defaultRiskConfig } from '../src/risk/RiskConfig.ts';
import { watchLayoffs } from '../src/risk/watchLayoffs.ts';
import { FileOutbox } from '../src/push/FileOutbox.ts';
import { peakRssMb, runChildJson } from './lib/runChild.ts';

const { values } = parseArgs({
  options: {
    enterprises: { type: 'string' },
    months: { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    keep: { type: 'boolean' },
    phase: { type: 'string' },
    db: { type: 'string' },
    period: { type: 'string' },
  },
});
const enterprises = Number(values.enterprises ?? 1_000_000);
const months = Number(values.months ?? 24);
const seed = Number(values.seed ?? 7);
const start = values.start ?? '2024-07';
const period = addMonths(start, months - 1);
const work = join('.cache', 'bench', `layoffs-${enterprises}-${months}-${seed}`);
const sql = (name: string) => sqlFileSync(`risk/${name}`);

/** Districts of the 40 largest prefecture-level cities' first 8 counties: enough cells to look like a province or two. */
function benchRegions(): string[] {
  const all = [...Regions.get().all()];
  const cities = all
    .filter((r) => r.level === 'city' && /市$/.test(r.name))
    .map((r) => r.code)
    .sort()
    .slice(0, 40);
  return cities.flatMap((city) =>
    all
      .filter((r) => r.level === 'county' && r.cityCode === city)
      .map((r) => r.code)
      .sort()
      .slice(0, 8),
  );
}

async function generate(db: string): Promise<number> {
  const t0 = performance.now();
  const store = await DuckDBStore.create({ path: db });
  try {
    await store.run(sql('bench_unindexed_reports'));
    await store.run(sql('bench_enterprises'), { enterprises, months, seed, regions: JSON.stringify(benchRegions()) });
    const generateMonth = sql('bench_generate');
    for (let t = 0; t < months; t++) {
      const p = addMonths(start, t);
      await store.run(generateMonth, {
        seed,
        t,
        period: p,
        is_february: monthOf(p) === 2,
        event_time: `${addMonths(p, 1)}-10T09:00:00+08:00`,
        plan_filed_date: isoDateAddDays(periodStart(p), -10),
      });
      process.stderr.write(`\r  ${p} (${t + 1}/${months}) ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    process.stderr.write('\n');
    const [row] = await store.all<{ n: number }>('SELECT count(*)::BIGINT AS n FROM enterprise_reports');
    await store.run('CHECKPOINT');
    process.stderr.write(
      `generated ${Number(row!.n).toLocaleString('en-US')} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    return Number(row!.n);
  } finally {
    await store.close();
  }
}

async function childWatch(db: string): Promise<void> {
  const store = await DuckDBStore.create({ path: db });
  const outboxDir = join(work, 'outbox');
  rmSync(outboxDir, { recursive: true, force: true });
  await store.run('DELETE FROM layoff_alerts');
  const outbox = new FileOutbox(outboxDir, '');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const summary = await watchLayoffs(store, values.period!, defaultRiskConfig(), outbox, 'bench');
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  console.log(
    JSON.stringify({
      wall_s: wall,
      cpu_s: (cpu.user + cpu.system) / 1e6,
      load_avg_1m: loadavg()[0],
      peak_rss_mb: peakRssMb(),
      written: summary.written,
      pushed: summary.pushed,
      enterprises_flagged: summary.enterprises_flagged,
      levels: summary.levels,
      timings_ms: summary.timings_ms,
    }),
  );
}

async function childBaseline(db: string): Promise<void> {
  const store = await DuckDBStore.create({ path: db, readOnly: true });
  const t0 = performance.now();
  const rows = await store.all(
    `SELECT substr(region_code, 1, 4) AS city, substr(industry_code, 1, 3) AS industry, count(*) AS n,
            sum(headcount_now) AS headcount, sum(insured_headcount) AS insured, sum(layoffs_this_period) AS layoffs
     FROM enterprise_reports WHERE period = $period GROUP BY ALL`,
    { period: values.period! },
  );
  const wall = (performance.now() - t0) / 1000;
  const [total] = await store.all<{ n: number }>('SELECT count(*)::BIGINT AS n FROM enterprise_reports');
  await store.close();
  console.log(JSON.stringify({ wall_s: wall, peak_rss_mb: peakRssMb(), cells: rows.length, records: Number(total!.n) }));
}

if (values.phase === 'watch') await childWatch(values.db!);
else if (values.phase === 'baseline') await childBaseline(values.db!);
else {
  mkdirSync(work, { recursive: true });
  const db = join(work, 'reports.duckdb');
  let rows: number | null = null;
  if (!values.keep || !existsSync(db)) {
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    process.stderr.write(
      `generating ${enterprises.toLocaleString('en-US')} enterprises × ${months} months (seed ${seed}) inside DuckDB …\n`,
    );
    rows = await generate(db);
  }
  const args = ['--db', db, '--period', period, '--enterprises', String(enterprises), '--months', String(months), '--seed', String(seed)];
  process.stderr.write(`baseline: GROUP BY scan of ${period} …\n`);
  const baseline = await runChildJson<{ wall_s: number; peak_rss_mb: number; cells: number; records: number }>('bench/layoffs.ts', [
    '--phase',
    'baseline',
    ...args,
  ]);
  process.stderr.write(`baseline: ${baseline.cells} cells in ${baseline.wall_s.toFixed(2)} s\n`);
  process.stderr.write(`watch-layoffs --period ${period} …\n`);
  const watch = await runChildJson<{
    wall_s: number;
    cpu_s: number;
    load_avg_1m: number;
    peak_rss_mb: number;
    written: number;
    pushed: number;
    enterprises_flagged: number;
    levels: unknown;
    timings_ms: unknown;
  }>('bench/layoffs.ts', ['--phase', 'watch', ...args]);
  process.stderr.write(
    `watch-layoffs: ${watch.written} alerts (${watch.enterprises_flagged} enterprises with a signal) in ` +
      `${watch.wall_s.toFixed(2)} s, timings ${JSON.stringify(watch.timings_ms)}\n`,
  );
  const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  console.log(
    JSON.stringify({
      bench: 'layoffs',
      enterprises,
      months,
      records: rows ?? baseline.records,
      period,
      wall_s: round(watch.wall_s),
      // The machine is shared: CPU seconds of the process (all threads) and the load average say how much of the wall time was waiting.
      cpu_s: round(watch.cpu_s),
      load_avg_1m: round(watch.load_avg_1m, 1),
      records_per_s: Math.round(enterprises / watch.wall_s),
      alerts_written: watch.written,
      alerts_pushed: watch.pushed,
      enterprises_flagged: watch.enterprises_flagged,
      timings_ms: watch.timings_ms,
      baseline: 'duckdb GROUP BY scan of the period',
      baseline_wall_s: round(baseline.wall_s, 3),
      ratio: round(watch.wall_s / baseline.wall_s, 1),
      peak_rss_mb: watch.peak_rss_mb,
      target_wall_s: 10,
      met: watch.wall_s <= 10,
    }),
  );
}
