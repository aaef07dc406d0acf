import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCommand, DB_OPTION } from './cli/Command.ts';
import { MODULE_EXTENSION, runCli } from './cli/main.ts';
import { envSetting, loadCoreConfig } from '../src/config/config.ts';
import { configureLogging } from '../src/core/Logger.ts';
import { SourceError } from '../src/core/PipelineError.ts';
import { formatSummary } from '../src/ingest/formatSummary.ts';
import { ingestFiles } from '../src/ingest/ingestFiles.ts';
import { sweepUnreviewedPostings } from '../src/review/automaticReview.ts';
import { ReviewConfig } from '../src/review/ReviewConfig.ts';
import { formatTable } from '../src/query/formatTable.ts';
import { sqlFile } from '../src/store/sqlFile.ts';
import { plainValueConverter, withStore, type DuckDBStore } from '../src/store/DuckDBStore.ts';
import { Regions } from '../src/validation/Regions.ts';

const SAMPLES_DIR = fileURLToPath(new URL('../data-samples/', import.meta.url));

export default defineCommand({
  name: 'demo',
  summary: 'Run the whole pipeline on the bundled samples: ingest, headline analytics, matching, layoff watch, HTML report.',
  details: `Embedded mode: no Kafka, no servers. Ingests data-samples/ into the DuckDB file (default
./labourflow.duckdb); running it again changes no row. Outboxes go to ./outbox, the report to ./out/report.html.`,
  options: {
    ...DB_OPTION,
    samples: { type: 'string', description: 'directory of NDJSON samples (default: the bundled data-samples/)', valueName: 'DIR' },
    out: { type: 'string', description: 'where the HTML report goes (default out/report.html)', valueName: 'FILE' },
  },
  async run({ values }) {
    const core = loadCoreConfig({ db: values.db });
    // The demo narrates on stdout; routine progress logs would drown it.
    if (!envSetting('LABOURFLOW_LOG_LEVEL')) configureLogging({ level: 'warn' });
    const samples = values.samples ?? SAMPLES_DIR;
    if (!existsSync(samples)) {
      throw new SourceError(`sample directory ${samples} does not exist`, {
        code: 'SOURCE_NOT_FOUND',
        hint: 'pass --samples DIR with NDJSON files',
      });
    }
    const say = (text: string) => process.stdout.write(text);

    // Postings are matched only once approved (policy: posting-review). The demo has no reviewer, so it trusts the
    // bundled samples: their postings with no blocking finding are approved automatically.
    const review = ReviewConfig.parse({ trustedSources: [{ ingest: join(samples, '*') }] });
    say(`\n== 1. Ingest ${samples} -> ${core.db}\n\n`);
    const periods = await withStore({ path: core.db }, async (store) => {
      const result = await ingestFiles({ store, from: [samples], review });
      say(formatSummary(result.summaries, { blankLines: result.blankLines }));
      say('\nRows in the store:\n');
      say(formatTable(await queryResult(store, 'store_counts.sql')));
      // A store from before the review desk, or a crash after ingest: the sweep reviews what is left.
      await sweepUnreviewedPostings(store, review);
      say('\n== 1b. Automatic posting review (001 §2: reviewed before publication; only approved postings are matched)\n\n');
      say(
        `This demo trusts the bundled samples: its config is {"review": ${JSON.stringify(review)}}.\n` +
          'Postings from them with no blocking finding are approved automatically and recorded as such\n' +
          '(posting_reviews.auto_approved, actor "system" in posting_review_decisions); the rest wait for a reviewer.\n' +
          'Trust is off by default: without it every posting waits at the review desk.\n\n',
      );
      say(formatTable(await queryResult(store, 'review_states.sql')));
      // A stock, named as such: the report's 求人倍率 is the quarterly flow (sql/queries/supply-demand.sql).
      say(
        '\n== 2. Supply and demand by city: stock_ratio (求人倍率, stock) = open headcount of published postings ÷ seekers\n' +
          '   now looking. Not the quarterly flow ratio of the report and `query supply-demand`.\n\n',
      );
      const headline = await queryResult(
        store,
        'headlines_by_city.sql',
        { limit: 12 },
        (row) => {
          const code = String(row[0]);
          return [code, Regions.get().name(code) ?? '', ...row.slice(1)];
        },
        'city_name',
      );
      say(formatTable(headline));
      const [range] = await store.all<{ first: string | null; last: string | null; as_of: string | null }>(
        'SELECT min(period) AS first, max(period) AS last, (SELECT max(posted_date)::VARCHAR FROM postings) AS as_of FROM enterprise_reports',
      );
      const tables = await store.all<{ n: number }>(
        "SELECT count(*)::INT AS n FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'match_runs'",
      );
      const current =
        range?.as_of && tables[0]?.n
          ? ((
              await store.all<{ run_id: string }>(await sqlFile('demo/current_match_run'), {
                as_of: range.as_of,
              })
            )[0]?.run_id ?? null)
          : null;
      return { ...range, current };
    });

    // The samples are a past window: match as of their last posting date (pinned, not today), so
    // their postings are still open and a re-run on the same rows finds the run it already made.
    const asOf = periods?.as_of ? ['--as-of', periods.as_of] : [];
    if (periods?.current) {
      say(
        `\n== 3. Matching run: run ${periods.current} already matched these rows as of ${periods.as_of}; nothing changed since, so\n` +
          '   no new run and no push (a re-run of the demo changes no row).\n',
      );
    }
    const steps: { title: string; pipeline: string; args: string[] }[] = [
      ...(periods?.current
        ? []
        : [
            {
              title: '3. Matching run: graded, tiered recommendations',
              pipeline: 'match',
              args: ['match', '--full', '--db', core.db, ...asOf],
            },
          ]),
      {
        title: '3b. Fairness audit of that run: exposure to A/B recommendations by gender and age band',
        pipeline: 'match',
        args: ['match', 'audit', '--db', core.db, ...asOf, ...(periods?.current ? ['--run', periods.current] : [])],
      },
      ...(periods?.first && periods.last
        ? [
            {
              title: `4. Layoff-risk watch, ${periods.first} to ${periods.last}`,
              pipeline: 'watch-layoffs',
              args: ['watch-layoffs', '--period', periods.first, '--through', periods.last, '--db', core.db],
            },
          ]
        : []),
      { title: '5. HTML report', pipeline: 'report', args: ['report', '--db', core.db, '--out', values.out ?? 'out/report.html'] },
    ];
    for (const step of steps) {
      if (!existsSync(fileURLToPath(new URL(`./${step.pipeline}${MODULE_EXTENSION}`, import.meta.url)))) continue;
      say(`\n== ${step.title}\n   $ labourflow ${step.args.join(' ')}\n\n`);
      const code = await runCli(step.args);
      if (code !== 0) return code;
    }
    say(`\nDone. Explore with: labourflow query --list   |   labourflow sql "SELECT * FROM rejected LIMIT 5" --db ${core.db}\n`);
    return 0;
  },
});

async function queryResult(
  store: DuckDBStore,
  file: string,
  params?: Record<string, number | string>,
  mapRow?: (row: unknown[]) => unknown[],
  insertedColumn?: string,
) {
  const reader = await store.connection.runAndReadAll(await sqlFile(`demo/${file.replace(/\.sql$/, '')}`), params as never);
  const names = reader.columnNames();
  const types = reader.columnTypes().map((t) => t.toString());
  const rows = reader.convertRows(plainValueConverter) as unknown[][];
  const columns = names.map((name, i) => ({ name, type: types[i]! }));
  if (!mapRow) return { columns, rows, chunks: [] };
  columns.splice(1, 0, { name: insertedColumn ?? 'name', type: 'VARCHAR' });
  return { columns, rows: rows.map(mapRow), chunks: [] };
}
