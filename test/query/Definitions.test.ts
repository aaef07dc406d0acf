import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSession } from '../../src/query/AnalyticsSession.ts';
import { QueryPack } from '../../src/query/QueryPack.ts';
import { runNamedQuery } from '../../src/query/runNamedQuery.ts';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';

/**
 * A hand-built store where every seeker exercises one rule, so the expected numbers can be
 * worked out on paper (see each comment) and compared with the queries' output.
 */
interface SeekerRow {
  id: string;
  status: string;
  reg: string | null;
  groups?: string[];
  household?: string;
  benefitSince?: string;
  changed?: string;
}

const SEEKERS: SeekerRow[] = [
  {
    id: 'A',
    status: 'unemployed_registered',
    reg: '2025-01-10',
    groups: ['college_graduate', 'zero_employment_household'],
    household: 'HZ',
    benefitSince: '2025-01-15',
  }, // 172 days at 2025-07-01: 3–6 months
  { id: 'B', status: 'unemployed_registered', reg: '2024-11-01', groups: ['older_4050', 'zero_employment_household'], household: 'HY' }, // 242 days: long-term
  { id: 'C', status: 'unemployed_registered', reg: '2025-06-05' }, // inflow in June, under a month
  { id: 'D', status: 'employed', reg: '2025-03-01', household: 'HY', benefitSince: '2025-03-05', changed: '2025-06-12' }, // hired, start 2025-06-10: outflow
  { id: 'E', status: 'employed', reg: '2025-02-01' }, // follow-up "employed" 2025-05-20: left before June
  { id: 'F', status: 'employed', reg: '2025-04-01', changed: '2025-06-20', benefitSince: '2025-04-05' }, // no event, record changed 06-20: outflow
  { id: 'G', status: 'student', reg: null }, // never registered: not in the population
  { id: 'H', status: 'unemployed_registered', reg: '2025-05-01' }, // a hire dated before registration does not end it: 1–3 months
  { id: 'I', status: 'unemployed_unregistered', reg: null, groups: ['zero_employment_household'], household: 'HZ' },
];

describe('query definitions on a hand-built store', () => {
  let dir: string;
  let db: string;
  let pack: QueryPack;
  const rowsOf = async (name: string, params: Record<string, string> = {}) =>
    withSession({ db }, async (s) => {
      const r = await runNamedQuery(s, pack.get(name), params);
      return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]]))) as Array<Record<string, unknown>>;
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'labourflow-defs-'));
    db = join(dir, 'store.duckdb');
    pack = await QueryPack.load();
    const store = await DuckDBStore.create({ path: db });
    for (const s of SEEKERS) {
      await store.run(
        `INSERT INTO seekers (id, version, event_time, gender, residence_region, office_region, birth_year, education, experience_years,
           skills, experience_text, desired_titles, desired_occupations, desired_industries, desired_regions, willing_to_relocate,
           employment_status, registration_date, draws_ui_benefit, ui_benefit_since, household_id, key_groups, contact_channel,
           failed_referrals, ingested_at)
         VALUES ($id, 1, CAST($changed AS TIMESTAMPTZ), 'female', '130502', '130502', 1990, 'bachelor', 3, [], '', [], [], [], [], false,
           $status, CAST($reg AS DATE), $draws, CAST($since AS DATE), $household, CAST($groups AS VARCHAR[]), 'app', 0, now())`,
        {
          id: s.id,
          changed: `${s.changed ?? '2025-01-01'} 12:00:00+00`,
          status: s.status,
          reg: s.reg,
          draws: s.benefitSince !== undefined,
          since: s.benefitSince ?? null,
          household: s.household ?? null,
          groups: `[${(s.groups ?? []).join(',')}]`,
        },
      );
    }
    await store.run(`INSERT INTO outcomes VALUES
      ('o1', 1, now(), 'D', 'P1', NULL, 'hired', DATE '2025-06-08', 12, DATE '2025-06-10', true, NULL, now()),
      ('o2', 1, now(), 'H', 'P2', NULL, 'hired', DATE '2025-03-01', 12, DATE '2025-03-01', true, NULL, now())`);
    await store.run(`INSERT INTO follow_ups VALUES
      ('f1', 1, now(), 'E', DATE '2025-05-20', 'phone', 'employed', '130502', 'cw1', NULL, NULL, now()),
      ('f2', 1, now(), 'A', DATE '2025-06-15', 'phone', 'reached', '130502', 'cw1', NULL, NULL, now()),
      ('f3', 1, now(), 'B', DATE '2025-06-20', 'phone', 'not_reached', '130502', 'cw1', NULL, NULL, now()),
      ('f4', 1, now(), 'B', DATE '2025-05-10', 'visit', 'reached', '130502', 'cw1', NULL, NULL, now())`);
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('unemployment: stock, flows and durations follow the registration and exit rules', async () => {
    const rows = await rowsOf('unemployment', { month: '2025-06' });
    const all = rows.find((r) => r.key_group === 'all')!;
    expect(all).toMatchObject({
      month: '2025-06',
      stock: 4,
      inflow: 1,
      outflow: 2,
      under_1m: 1,
      m1_3: 1,
      m3_6: 1,
      m6_12: 1,
      m12_plus: 0,
      long_term: 1,
      long_term_share: 0.25,
    });
    expect(rows.find((r) => r.key_group === 'college_graduate')).toMatchObject({ key_group_name: '高校毕业生', stock: 1, m3_6: 1 });
    expect(rows.find((r) => r.key_group === 'older_4050')).toMatchObject({ stock: 1, long_term: 1 });
    const may = (await rowsOf('unemployment', { month: '2025-05' })).find((r) => r.key_group === 'all')!;
    expect(may).toMatchObject({ stock: 5, inflow: 1, outflow: 1 }); // A B D F H in stock; H registered; E left
  });

  it('unemployment-trend agrees with unemployment month by month', async () => {
    const trend = await rowsOf('unemployment-trend', { month: '2025-06', months: '2' });
    expect(trend).toEqual([
      { month: '2025-05', stock: 5, inflow: 1, outflow: 1, long_term: 1 },
      { month: '2025-06', stock: 4, inflow: 1, outflow: 2, long_term: 1 },
    ]);
  });

  it('follow-up-compliance: due after a month registered, contact = any result but not_reached', async () => {
    const [office] = await rowsOf('follow-up-compliance', { as_of: '2025-06-30' });
    expect(office).toMatchObject({
      office_code: '130502',
      office_name: '襄都区',
      registered_unemployed: 4,
      due: 3,
      contacted: 1,
      not_contacted: 2,
      not_contacted_2x: 1,
      compliance_rate: 0.333,
    });
  });

  it('benefit-integrity lists benefit drawn after a recorded hire, allowing the grace period', async () => {
    const rows = await rowsOf('benefit-integrity', { as_of: '2025-06-30' });
    expect(rows.map((r) => [r.seeker_id, r.evidence, r.evidence_date, r.posting_id, r.days_since_evidence])).toEqual([
      ['D', 'hired', '2025-06-10', 'P1', 20],
    ]);
    const later = await rowsOf('benefit-integrity', { as_of: '2025-07-10' });
    expect(later.map((r) => r.seeker_id)).toEqual(['D', 'F']);
  });

  it('zero-employment-households lists only households with nobody in work', async () => {
    const rows = await rowsOf('zero-employment-households');
    expect(rows.map((r) => [r.household_id, r.members, r.members_unemployed])).toEqual([['HZ', 2, 2]]);
  });
});
