import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../pipelines/cli/main.ts';
import { generateEnterpriseReports } from '../../src/generate/enterpriseReportGenerator.ts';
import { IngestPipeline } from '../../src/ingest/IngestPipeline.ts';
import type { Envelope } from '../../src/records/envelope.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';

const dir = mkdtempSync(join(tmpdir(), 'watch-layoffs-'));
const db = join(dir, 'lf.duckdb');
const outbox = join(dir, 'outbox');
const outboxDir = join(outbox, 'layoff-alerts');
const options = { enterprises: 120, months: 10, startPeriod: '2025-06', seed: 5 } as const;
// The mass layoff goes to a large enterprise so its region's job-loss rate moves too.
const probe = generateEnterpriseReports({ ...options, events: 'none' });
const big = Array.from({ length: 120 }, (_, i) => i).find((i) => i > 5 && probe.profile(i).base >= 1000)!;
const generated = generateEnterpriseReports({
  ...options,
  events: [
    { kind: 'mass_layoff', enterprise: big, period: '2025-12', magnitude: 0.4, plan: 'none' },
    { kind: 'closure', enterprise: 2, period: '2025-11' },
    { kind: 'seasonal_dip', enterprise: 3, period: '2026-02', magnitude: 0.3 },
  ],
});
const code = (i: number) => generated.profile(i).creditCode;

async function ingest(envelopes: Iterable<Envelope<'enterprise_report'>>): Promise<void> {
  await withStore({ path: db }, async (store) => {
    const pipeline = await IngestPipeline.create({ store, source: 'test', kind: 'file' });
    const items = [...envelopes].map((value, n) => ({ position: `#${n}`, raw: '', value }));
    const summary = await pipeline.run(items);
    expect(summary.rejected).toBe(0);
  });
}

// biome-ignore lint/suspicious/noExplicitAny: rows of layoff_alerts, checked column by column below
async function alerts(where = 'TRUE'): Promise<Record<string, any>[]> {
  return withStore({ path: db }, (store) => store.all(`SELECT * FROM layoff_alerts WHERE ${where} ORDER BY alert_id`));
}

// biome-ignore lint/suspicious/noExplicitAny: pushed alert messages, checked field by field below
function outboxLines(): Record<string, any>[] {
  // One file per run, named so that they sort in run order; each line is {topic, key, value}.
  if (!existsSync(outboxDir)) return [];
  return readdirSync(outboxDir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()
    .flatMap((f) => readFileSync(join(outboxDir, f), 'utf8').trim().split('\n'))
    .map((line) => JSON.parse(line).value);
}

async function watch(...args: string[]): Promise<number> {
  return runCli(['watch-layoffs', '--db', db, '--outbox-dir', outbox, '--json', ...args]);
}

describe('watch-layoffs end to end', () => {
  let stdout: ReturnType<typeof vi.spyOn>;
  beforeAll(async () => {
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    // Enterprise 4 reports reduced production in 2025-12 (a yellow signal), later corrected upwards.
    await ingest(
      [...generated.reports].map((e) =>
        e.payload.employer_credit_code === code(4) && e.payload.period === '2025-12'
          ? { ...e, payload: { ...e.payload, production_status: 'reduced' as const } }
          : e,
      ),
    );
    // Enterprise 6 withdraws three postings in December 2025 (and one in November, which does not count).
    await withStore({ path: db }, async (store) => {
      const pipeline = await IngestPipeline.create({ store, source: 'test-postings', kind: 'file' });
      const posting = (n: number, eventTime: string) => ({
        type: 'posting',
        id: `p-withdrawn-${n}`,
        version: 1,
        event_time: eventTime,
        payload: {
          employer_credit_code: code(6),
          title: '普工',
          industry_code: 'C13',
          region_code: generated.profile(6).regionCode,
          salary_min: 4000,
          salary_max: 6000,
          education_required: 'junior_high',
          experience_min_years: 0,
          headcount: 5,
          employment_type: 'full_time',
          status: 'withdrawn',
          posted_date: '2025-10-01',
        },
      });
      const items = [
        posting(1, '2025-12-03T10:00:00+08:00'),
        posting(2, '2025-12-15T10:00:00+08:00'),
        posting(3, '2025-12-31T23:00:00+08:00'),
        posting(4, '2025-11-20T10:00:00+08:00'),
      ].map((value, n) => ({ position: `#${n}`, raw: '', value }));
      expect((await pipeline.run(items)).rejected).toBe(0);
    });
  });
  afterAll(() => stdout.mockRestore());

  it('writes enterprise, cell and region alerts with explanations and pushes them to the outbox', async () => {
    expect(await watch('--period', '2025-12', '--watch', code(5))).toBe(0);
    const rows = await alerts("period = '2025-12'");
    const mass = rows.find((r) => r.scope_key === code(big))!;
    expect(mass).toMatchObject({ scope_kind: 'enterprise', level: 'red', status: 'new', first_seen: '2025-12', pushed: true });
    expect(mass.compliance_flags).toContain('art41_plan_not_filed_30_days');
    expect(mass.explanation_zh).toMatch(/预警等级：红色/);
    expect(JSON.parse(mass.signals).map((s: { name: string }) => s.name)).toContain('layoff_rate');
    expect(rows.find((r) => r.scope_key === code(2))!.level).toBe('red'); // closure notice filed
    expect(rows.find((r) => r.scope_key === code(4))!.level).toBe('yellow');
    expect(rows.find((r) => r.scope_key === code(5))).toMatchObject({ on_watch_list: true });
    const withdrawn = JSON.parse(rows.find((r) => r.scope_key === code(6))!.signals).find(
      (x: { name: string }) => x.name === 'postings_withdrawn',
    );
    expect(withdrawn).toMatchObject({ value: 3, level: 'blue' });
    expect(rows.some((r) => r.scope_kind === 'region_industry')).toBe(true);
    const region = rows.find((r) => r.scope_kind === 'region' && r.scope_key === `${mass.region_code.slice(0, 4)}00`);
    expect(region?.level_rank).toBeGreaterThanOrEqual(1);
    expect(region?.explanation_zh).toMatch(/全行业岗位流失率/);
    const pushed = outboxLines();
    expect(pushed.length).toBe(rows.filter((r) => r.pushed).length);
    expect(pushed.find((m) => m.scope_key === code(big))).toMatchObject({ type: 'layoff_alert', level: 'red', status: 'new' });
  });

  it('does not alert the same condition twice when the period is run again', async () => {
    const before = (await alerts()).length;
    const pushedBefore = outboxLines().length;
    expect(await watch('--period', '2025-12')).toBe(0);
    expect((await alerts()).length).toBe(before);
    expect(outboxLines().length).toBe(pushedBefore);
  });

  it('a re-run prints the levels stored for the period, not the writes of the run', async () => {
    stdout.mockClear();
    expect(await watch('--period', '2025-12', '--json')).toBe(0);
    const summary = JSON.parse(String(stdout.mock.calls.at(-1)![0])) as {
      written: number;
      levels: Record<string, Record<string, number>>;
    };
    expect(summary.written).toBe(0);
    const stored: Record<string, Record<string, number>> = {};
    for (const r of await alerts("period = '2025-12'")) {
      stored[r.scope_kind] ??= {};
      stored[r.scope_kind]![r.level] = (stored[r.scope_kind]![r.level] ?? 0) + 1;
    }
    expect(Object.values(stored.enterprise ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const [kind, counts] of Object.entries(summary.levels)) {
      for (const [level, n] of Object.entries(counts)) expect(n, `${kind} ${level}`).toBe(stored[kind]?.[level] ?? 0);
    }
  });

  it('escalates in place when a corrected report raises the level', async () => {
    const original = [...generated.reportsFor('2025-12')].find((e) => e.payload.employer_credit_code === code(4))!;
    const n = original.payload.headcount_now;
    await ingest([
      {
        ...original,
        version: 2,
        payload: {
          ...original.payload,
          production_status: 'halted',
          layoffs_this_period: Math.round(n * 0.5),
          headcount_now: n - Math.round(n * 0.5),
          insured_headcount: Math.round(original.payload.insured_headcount / 2),
        },
      },
    ]);
    const pushedBefore = outboxLines().length;
    expect(await watch('--period', '2025-12')).toBe(0);
    const rows = await alerts(`scope_key = '${code(4)}' AND period = '2025-12'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ level: 'red', status: 'escalated', escalated_from: 'yellow' });
    const pushed = outboxLines().slice(pushedBefore);
    expect(pushed.find((m) => m.scope_key === code(4))).toMatchObject({ status: 'escalated', escalated_from: 'yellow' });
  });

  it('runs following periods in order, carrying first_seen, and keeps the seasonal dip at yellow or below', async () => {
    expect(await watch('--period', '2026-01', '--through', '2026-03')).toBe(0);
    const closure = await alerts(`scope_key = '${code(2)}'`);
    expect(closure.map((r) => r.period)).toEqual(['2025-12', '2026-01']);
    expect(closure[1]).toMatchObject({ level: 'red', status: 'continuing', first_seen: '2025-12', pushed: false });
    const dip = await alerts(`scope_key = '${code(3)}'`);
    expect(dip.every((r) => Number(r.level_rank) <= 2)).toBe(true);
  });

  it('rejects a malformed period with a hint', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await watch('--period', '2026-13')).toBe(2);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/not YYYY-MM/);
    } finally {
      stderr.mockRestore();
    }
  });
});
