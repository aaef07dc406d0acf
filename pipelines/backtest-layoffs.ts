import { defineCommand } from './cli/Command.ts';
import { loadCoreConfig } from '../src/config/config.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { backtestLayoffs, type BacktestResult } from '../src/risk/backtestLayoffs.ts';
import { loadRiskConfig } from '../src/risk/RiskConfig.ts';

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

export default defineCommand({
  name: 'backtest-layoffs',
  summary:
    'generate enterprises with injected layoff events (known ground truth), run watch-layoffs month by month, report precision, recall and lead time',
  details: [
    'Examples:',
    '  labourflow backtest-layoffs',
    '  labourflow backtest-layoffs --enterprises 5000 --months 24 --seed 7 --json',
    'Targets: precision ≥ 0.8, recall ≥ 0.9 (orange or red counts as an alert), seasonal dips never above yellow.',
    'Exit status 0 when the targets are met, 1 otherwise.',
  ].join('\n'),
  options: {
    enterprises: { type: 'string', description: 'enterprises to generate (default 2000)', valueName: 'N' },
    months: { type: 'string', description: 'months of reports (default 24)', valueName: 'N' },
    seed: { type: 'string', description: 'generator seed (default 42)', valueName: 'S' },
    start: { type: 'string', description: 'first period (default: months back from last month)', valueName: 'YYYY-MM' },
    config: { type: 'string', description: 'JSON config file with a "risk" section (default: $LABOURFLOW_CONFIG)', valueName: 'FILE' },
    db: { type: 'string', description: 'keep the backtest store in this DuckDB file (default: in memory)', valueName: 'FILE' },
    json: { type: 'boolean', description: 'print the result as one JSON line only' },
  },
  async run({ values }) {
    const core = loadCoreConfig({ configFile: values.config });
    const config = loadRiskConfig(core);
    const months = positiveInt(values.months, 'months', 24);
    if (months < 8) throw new ConfigError('--months must be at least 8 so events have history before and after them');
    if (values.start !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.start))
      throw new ConfigError(`--start "${values.start}" is not YYYY-MM`);
    const result = await backtestLayoffs({
      enterprises: positiveInt(values.enterprises, 'enterprises', 2000),
      months,
      seed: positiveInt(values.seed, 'seed', 42),
      startPeriod: values.start,
      config,
      db: values.db,
      onPeriod: (p, i, n) => process.stderr.write(`\rbacktest: period ${p} (${i + 1}/${n})`),
    });
    process.stderr.write('\n');
    if (!values.json) process.stdout.write(formatResult(result));
    process.stdout.write(`${JSON.stringify({ bench: 'layoffs-backtest', ...result })}\n`);
    return result.targets.met ? 0 : 1;
  },
});

function formatResult(r: BacktestResult): string {
  const f = (x: number | null) => (x === null ? '—' : x.toFixed(3));
  const lines = [
    `backtest: ${r.enterprises} enterprises × ${r.months} months from ${r.start_period}, seed ${r.seed}; an alert = enterprise level ≥ ${r.alert_level}`,
    `precision ${f(r.precision)} (${r.true_alerts}/${r.alerts} pushed alerts)   recall ${f(r.recall)}   mean lead time ${f(r.lead_time_months_mean)} months`,
    '',
    'kind              events  detected  recall  lead mean  lead median  max level (none/blue/yellow/orange/red)',
  ];
  for (const [kind, k] of Object.entries(r.by_kind)) {
    const m = k.max_level;
    lines.push(
      `${kind.padEnd(18)}${String(k.events).padStart(6)}${String(k.detected).padStart(10)}  ` +
        `${f(k.recall).padStart(6)}  ${f(k.lead_time_months_mean).padStart(9)}  ` +
        `${String(k.lead_time_months_median ?? '—').padStart(11)}  ` +
        `${m.none}/${m.blue}/${m.yellow}/${m.orange}/${m.red}`,
    );
  }
  lines.push(
    '',
    `seasonal dips above yellow: ${r.seasonal_dips_above_yellow}   cell alerts ≥ orange: ` +
      `${r.cell_alerts_orange_plus}   region alerts ≥ orange: ${r.region_alerts_orange_plus}`,
  );
  lines.push(
    `targets (precision ≥ ${r.targets.precision}, recall ≥ ${r.targets.recall}, no dip above ` +
      `yellow): ${r.targets.met ? 'met' : 'NOT met'}   (${r.wall_s} s)`,
    '',
  );
  return `${lines.join('\n')}\n`;
}
