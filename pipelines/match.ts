import { DB_OPTION, defineCommand } from './cli/Command.ts';
import { checkScope, loadCoreConfig, loadSection } from '../src/config/config.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { isCalendarDate } from '../src/records/fields.ts';
import { auditExposure, type AuditReport } from '../src/matching/fairnessAudit.ts';
import { MatchingConfig } from '../src/matching/MatchingConfig.ts';
import { runMatchJob, type MatchJobSummary } from '../src/matching/runMatchJob.ts';
import { MatchStore } from '../src/matching/MatchStore.ts';
import { withStore } from '../src/store/DuckDBStore.ts';
import { ApiClient, SERVER_OPTION } from '../src/client/ApiClient.ts';

export default defineCommand({
  name: 'match',
  summary: 'score seekers against postings; write graded, tiered recommendations and push them (match audit: fairness audit of a run)',
  positionals: '[audit]',
  details: [
    'Examples:',
    '  labourflow match --full --db lf.duckdb            every seeker against every published posting',
    '  labourflow match --incremental --top 5            only seekers/postings ingested since the last run',
    '  labourflow match audit --db lf.duckdb             exposure (A/B share) by gender and age band, latest run',
    'T1/T2 recommendations go to labourflow.recommendations (keyed by seeker) when KAFKA_BROKERS is set,',
    'else to <outbox-dir>/recommendations/<run>.ndjson; T3/T4 go to the caseworker_queue table.',
    'Weights, grade bands, k, N, cooldown, partner regions: "matching" section of --config (docs/matching.md).',
  ].join('\n'),
  options: {
    ...DB_OPTION,
    full: { type: 'boolean', description: 'score every seeker against every posting (default)' },
    incremental: { type: 'boolean', description: 'score only seekers and postings ingested since the last successful run' },
    top: { type: 'string', description: 'N: recommendations per seeker (default: matching.topN, 10)', valueName: 'N' },
    config: { type: 'string', description: 'JSON config file with a "matching" section (default: $LABOURFLOW_CONFIG)', valueName: 'FILE' },
    'outbox-dir': {
      type: 'string',
      description: 'embedded-mode outbox directory (default: $LABOURFLOW_OUTBOX_DIR or ./outbox)',
      valueName: 'DIR',
    },
    brokers: { type: 'string', description: 'Kafka host:port list (default: $KAFKA_BROKERS; none = embedded outbox)', valueName: 'LIST' },
    scope: { type: 'string', description: 'only seekers living in this GB/T 2260 region (default: $LABOURFLOW_SCOPE)', valueName: 'CODE' },
    taxonomy: {
      type: 'string',
      description: 'occupation taxonomy directory: code titles of postings/seekers that lack codes (default: $LABOURFLOW_TAXONOMY_DIR)',
      valueName: 'DIR',
    },
    'as-of': {
      type: 'string',
      description: 'run as of this date (YYYY-MM-DD) instead of today: expiry, freshness, durations',
      valueName: 'DATE',
    },
    'dry-run': { type: 'boolean', description: 'write recommendations but push nothing' },
    run: { type: 'string', description: 'audit: the run id to audit (default: the latest successful run)', valueName: 'ID' },
    json: { type: 'boolean', description: 'print the summary as one JSON line' },
    ...SERVER_OPTION,
  },
  async run({ values, positionals }) {
    const client = ApiClient.fromFlags(values.server);
    if (client) return matchThroughServer(client, values, positionals);
    const core = loadCoreConfig({
      db: values.db,
      configFile: values.config,
      outboxDir: values['outbox-dir'],
      kafkaBrokers: values.brokers,
      scope: values.scope,
      taxonomyDir: values.taxonomy,
    });
    const top = values.top === undefined ? undefined : Number(values.top);
    if (top !== undefined && (!Number.isInteger(top) || top < 1))
      throw new ConfigError(`--top "${values.top}" is not a positive whole number`, { hint: 'pass e.g. --top 10' });
    const config = loadSection(core, 'matching', MatchingConfig, { topN: top });
    const now = asOf(values['as-of']);
    const [sub, ...rest] = positionals;
    if (rest.length || (sub !== undefined && sub !== 'audit')) {
      throw new ConfigError(`unknown match subcommand "${positionals.join(' ')}"`, {
        hint: 'use `labourflow match [--full|--incremental]` or `labourflow match audit`',
      });
    }
    if (sub === 'audit') {
      const report = await withStore({ path: core.db }, async (db) => {
        const store = new MatchStore(db);
        const runId = values.run ?? (await store.latestRunId());
        if (!runId) throw new ConfigError(`no successful match run in ${core.db}`, { hint: 'run `labourflow match` first, or pass --db' });
        const [seekers, recs] = await Promise.all([store.seekersInRun(runId), store.exposureRows(runId, config.cooldownDays)]);
        if (seekers.length === 0)
          throw new ConfigError(`run ${runId} has no tiered seekers in ${core.db}`, { hint: 'check --run against the match_runs table' });
        return auditExposure(runId, seekers, recs, { minRatio: config.auditMinRatio, minGroupSize: config.auditMinGroupSize, now });
      });
      process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : formatAudit(report));
      return 0;
    }
    if (values.full && values.incremental)
      throw new ConfigError('--full and --incremental exclude each other', { hint: 'pass one of them' });
    const summary = await runMatchJob({ core, config, mode: values.incremental ? 'incremental' : 'full', now, dryRun: values['dry-run'] });
    process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
    return 0;
  },
});

function asOf(value: string | undefined): Date {
  if (value === undefined) return new Date();
  // isCalendarDate, not Date.parse: Date.parse('2026-02-30') rolls over to 2 March.
  if (!isCalendarDate(value))
    throw new ConfigError(`--as-of "${value}" is not a calendar date YYYY-MM-DD`, { hint: 'pass e.g. --as-of 2026-06-30' });
  return new Date(`${value}T12:00:00Z`);
}

function counts(record: Record<string, number>): string {
  return (
    Object.entries(record)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${v}`)
      .join('  ') || '-'
  );
}

function formatSummary(s: MatchJobSummary): string {
  return `${[
    `match ${s.run_id} (${s.mode}${s.since ? ` since ${s.since}` : ''}): ${s.stats.recommendations} ` +
      `recommendations for ${s.stats.seekers_scored} seekers; ${s.pushed} pushed to ${s.sink}; ` +
      `${s.stats.queued_seekers} seekers queued for caseworkers`,
    `  postings: ${s.stats.postings} loaded, ${s.stats.postings_active} recommendable, ${s.stats.postings_flagged} flagged for discriminatory requirements`,
    `  grades:   ${counts(s.stats.by_grade)}`,
    `  tiers:    ${counts(s.stats.by_tier)}  (seekers)`,
    `  channels: ${counts(s.stats.by_channel)}`,
    `  pairs scored: ${s.stats.pairs_scored}; ${s.wall_s} s`,
  ].join('\n')}\n`;
}

function formatAudit(r: AuditReport): string {
  const lines = [`fairness audit ${r.run_id}: ${r.seekers} seekers, ${r.recommendations} recommendations; ${r.flagged} group(s) flagged`];
  lines.push(
    `  ${'dimension'.padEnd(10)}${'group'.padEnd(13)}${'seekers'.padStart(8)}${'recs'.padStart(8)}${'A/B share'.padStart(11)}${'A/B/seeker'.padStart(12)}`,
  );
  for (const g of r.groups) {
    lines.push(
      `  ${g.dimension.padEnd(10)}${g.group.padEnd(13)}${String(g.seekers).padStart(8)}` +
        `${String(g.recommendations).padStart(8)}${(g.ab_share * 100).toFixed(1).padStart(10)}%` +
        `${g.ab_per_seeker.toFixed(2).padStart(12)}${g.flagged ? `  FLAG: ${g.reason}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `match --server`: the run happens in the server (for the token's region, or the narrower --scope); the summary prints as embedded. */
async function matchThroughServer(
  client: ApiClient,
  values: {
    full?: boolean;
    incremental?: boolean;
    top?: string;
    'as-of'?: string;
    'dry-run'?: boolean;
    scope?: string;
    json?: boolean;
  } & Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  ApiClient.refuseLocalFlags(values, ['db', 'config', 'outbox-dir', 'brokers', 'taxonomy', 'run']);
  if (positionals.length) {
    throw new ConfigError(`match ${positionals.join(' ')} cannot run through a server`, {
      hint: 'run `labourflow match audit` on the server machine',
    });
  }
  const top = values.top === undefined ? undefined : Number(values.top);
  if (top !== undefined && (!Number.isInteger(top) || top < 1))
    throw new ConfigError(`--top "${values.top}" is not a positive whole number`, { hint: 'pass e.g. --top 10' });
  if (values['as-of'] !== undefined) asOf(values['as-of']);
  if (values.full && values.incremental) throw new ConfigError('--full and --incremental exclude each other', { hint: 'pass one of them' });
  const summary = await client.match({
    mode: values.incremental ? 'incremental' : 'full',
    ...(top !== undefined ? { top } : {}),
    ...(values['as-of'] ? { as_of: values['as-of'] } : {}),
    ...(values['dry-run'] ? { dry_run: true } : {}),
    // An empty --scope is refused, not dropped; the server checks it lies within the token's region.
    ...(values.scope !== undefined ? { scope: checkScope(values.scope, '--scope') } : {}),
  });
  process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
  return 0;
}
