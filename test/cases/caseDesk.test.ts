import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addPlanStep,
  assignCase,
  caseQueue,
  chinaDate,
  closeCase,
  getCase,
  markReferral,
  seekerRecommendations,
  takeCase,
  updatePlanStep,
} from '../../src/cases/caseDesk.ts';
import { recordCaseContact } from '../../src/cases/recordCaseContact.ts';
import { CoreConfig } from '../../src/config/config.ts';
import { configureLogging } from '../../src/core/Logger.ts';
import { RequestError } from '../../src/core/PipelineError.ts';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { runMatchJob } from '../../src/matching/runMatchJob.ts';
import { defaultMatchingConfig } from '../../src/matching/MatchingConfig.ts';
import { AnalyticsSession } from '../../src/query/AnalyticsSession.ts';
import { QueryPack } from '../../src/query/QueryPack.ts';
import { runNamedQuery } from '../../src/query/runNamedQuery.ts';
import { ReviewConfig } from '../../src/review/ReviewConfig.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { StoreHost } from '../../src/store/StoreHost.ts';
import { completeCreditCode } from '../../src/validation/creditCode.ts';
import { posting, seeker } from '../matching/fixtures.ts';

/**
 * The caseworker console's functions on a real DuckDB file, after real match runs: one open case
 * per seeker however many runs hand them over, and a counsellor's day on a T4 case, through the
 * service's StoreHost, with the follow-up compliance query watching.
 */
const EMPLOYER = completeCreditCode('91510100MA6C1234X');
const NOW = new Date('2026-06-30T12:00:00Z');
const TODAY = chinaDate();
const COUNSELLOR = { name: 'cw-wang', region: '510104' }; // 锦江区
const CITY_LEAD = { name: 'cw-lead', region: '510100' }; // 成都市
const ELSEWHERE = { name: 'cw-mianyang', region: '510703' };

let dir: string;
let db: string;

const env = (type: string, id: string, payload: unknown) =>
  JSON.stringify({ type, id, version: 1, event_time: '2026-06-25T08:00:00+08:00', payload });
const postingPayload = (o: Record<string, unknown> = {}) => {
  const { id: _id, ...p } = posting(o as never);
  return { employer_credit_code: EMPLOYER, employer_name: '成都精工机械有限公司', ...p };
};
const seekerPayload = (o: Record<string, unknown> = {}) => {
  const { id: _id, ...s } = seeker(o as never);
  return s;
};
const HARD = {
  birth_year: 1972,
  education: 'primary',
  skills: ['车床操作'],
  registration_date: '2024-01-10',
  key_groups: ['disabled', 'older_4050', 'zero_employment_household'],
  failed_referrals: 4,
};

async function match() {
  return runMatchJob({
    core: CoreConfig.parse({ db, outboxDir: join(dir, 'outbox') }),
    config: defaultMatchingConfig(),
    mode: 'full',
    now: NOW,
  });
}

async function withHost<T>(fn: (host: StoreHost) => Promise<T>): Promise<T> {
  const host = await StoreHost.open({ path: db });
  try {
    return await fn(host);
  } finally {
    await host.close();
  }
}

const rows = <T>(sql: string) => withStore({ path: db }, (s) => s.all<T>(sql));

async function compliance(host: StoreHost): Promise<{ office_code: string; due: number; contacted: number }[]> {
  const connection = await host.reader();
  try {
    const session = await AnalyticsSession.onConnection(connection, {});
    const result = await runNamedQuery(session, (await QueryPack.load()).get('follow-up-compliance'), { as_of: TODAY, days: '30' });
    return result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i]]))) as never;
  } finally {
    connection.closeSync();
  }
}

beforeAll(async () => {
  configureLogging({ level: 'warn' });
  dir = await mkdtemp(join(tmpdir(), 'lf-cases-'));
  db = join(dir, 'lf.duckdb');
  const file = join(dir, 'in.ndjson');
  await writeFile(
    file,
    `${[
      env('posting', 'P-cnc-1', postingPayload({ headcount: 1 })),
      env('posting', 'P-cnc-2', postingPayload({ title: '数控车床操作工', region_code: '510105', skills: ['车床操作', '看图纸'] })),
      env('posting', 'P-weld', postingPayload({ title: '电焊工', occupation_code: '6-18-02-04', skills: ['电焊', '看图纸'] })),
      env(
        'posting',
        'P-welfare',
        postingPayload({
          title: '社区公益性岗位',
          occupation_code: '4-07-01-01',
          employment_type: 'public_welfare',
          skills: [],
          education_required: 'any',
          experience_min_years: 0,
          commitment_accepted: true,
        }),
      ),
      env('seeker', 'S-ok', seekerPayload({})),
      env('seeker', 'S-hard', seekerPayload(HARD)),
      env('seeker', 'S-hard-2', seekerPayload({ ...HARD, key_groups: ['disabled', 'zero_employment_household'], failed_referrals: 6 })),
      env(
        'seeker',
        'S-mid',
        seekerPayload({ birth_year: 1975, education: 'junior_high', registration_date: '2025-04-01', key_groups: ['older_4050'] }),
      ),
      env('seeker', 'S-away', seekerPayload({ ...HARD, residence_region: '510703' })),
    ].join('\n')}\n`,
  );
  await withStore({ path: db }, (store) =>
    ingestFiles({ store, from: [file], progress: false, review: ReviewConfig.parse({ trustedSources: [{ ingest: '*' }] }) }),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cases from match runs', () => {
  it('two match runs leave one open case per seeker, updated by the second run', async () => {
    const first = await match();
    const second = await match();
    const handedOver = await rows<{ run_id: string; seeker_id: string; tier: string }>(
      'SELECT run_id, seeker_id, tier FROM caseworker_queue ORDER BY seeker_id, run_id',
    );
    const seekers = [...new Set(handedOver.map((q) => q.seeker_id))];
    expect(seekers).toEqual(expect.arrayContaining(['S-hard', 'S-hard-2', 'S-mid']));
    // Each run handed every one of them over...
    expect(handedOver.filter((q) => q.run_id === first.run_id)).toHaveLength(seekers.length);
    expect(handedOver.filter((q) => q.run_id === second.run_id)).toHaveLength(seekers.length);
    // ...and still each has exactly one case, open, counted twice.
    const cases = await rows<{
      seeker_id: string;
      status: string;
      runs_flagged: number;
      first_run_id: string;
      last_run_id: string;
      tier: string;
    }>('SELECT seeker_id, status, runs_flagged, first_run_id, last_run_id, tier FROM cases ORDER BY seeker_id');
    expect(cases.map((c) => c.seeker_id)).toEqual([...seekers].sort());
    for (const c of cases) {
      expect(c).toMatchObject({ status: 'open', runs_flagged: 2, first_run_id: first.run_id, last_run_id: second.run_id });
      expect(c.tier).toBe(handedOver.find((q) => q.seeker_id === c.seeker_id && q.run_id === second.run_id)!.tier);
    }
    const opened = await rows<{ n: number }>("SELECT count(*)::INT AS n FROM case_events WHERE kind = 'opened'");
    expect(opened[0]!.n).toBe(cases.length);
  });

  it("the office's queue: T4 first, then longest waiting; a county sees only its residents", async () => {
    await withHost(async (host) => {
      const queue = await caseQueue(host, CITY_LEAD);
      expect(queue.items.map((c) => c.tier)).toEqual([...queue.items.map((c) => c.tier)].sort().reverse());
      expect(queue.items.map((c) => c.seeker_id)).not.toContain('S-away');
      expect(queue.counts.reduce((n, c) => n + c.cases, 0)).toBe(queue.total);
      const t4 = queue.items.filter((c) => c.tier === 'T4');
      expect(t4.length).toBeGreaterThanOrEqual(2);
      expect(t4[0]!.stage).toEqual({ zh: '专家重点服务', en: 'expert focused service' });
      expect(t4[0]!.reasons.zh).toContain('残疾人');
      expect(t4[0]!.contact_due).toBe(true);
      const mianyang = await caseQueue(host, ELSEWHERE);
      expect(mianyang.items.map((c) => c.seeker_id)).toEqual(['S-away']);
      await expect(getCase(host, ELSEWHERE, t4[0]!.case_id)).rejects.toMatchObject({ reason: 'not_found', code: 'CASE_NOT_FOUND' });
      expect((await caseQueue(host, COUNSELLOR, { tier: 'T3' })).items.every((c) => c.tier === 'T3')).toBe(true);
    });
  });
});

describe('a counsellor works a T4 case', () => {
  it('takes it, records a contact and a plan step, refers, closes it; the compliance query follows', async () => {
    await withHost(async (host) => {
      const [t4] = (await caseQueue(host, COUNSELLOR, { tier: 'T4' })).items.filter((c) => c.seeker_id === 'S-hard');
      expect(t4).toBeDefined();
      const before = (await compliance(host)).find((r) => r.office_code === '510104')!;
      expect(before.due).toBeGreaterThanOrEqual(3);

      const taken = await takeCase(host, COUNSELLOR, t4!.case_id);
      expect(taken.case).toMatchObject({ status: 'in_progress', assigned_to: 'cw-wang' });
      expect((await caseQueue(host, COUNSELLOR, { assigned: 'me' })).items.map((c) => c.case_id)).toEqual([t4!.case_id]);

      const contact = await recordCaseContact(host, COUNSELLOR, t4!.case_id, {
        date: TODAY,
        channel: 'phone',
        result: 'reached',
        nextDate: TODAY,
        // With an ID number in the note (issue 14, case 4): the follow-up and the case event keep it masked.
        note: '电话联系，本人愿意参加培训，证件 130502 19950505 4443',
        requestId: 'req-001',
      });
      expect(contact.recorded).toBe(true);
      const reader = await host.reader();
      try {
        const stored = await reader.runAndReadAll(
          "SELECT (SELECT note FROM follow_ups WHERE id = 'fu-case-req-001'), (SELECT detail->>'note' FROM case_events WHERE follow_up_id = 'fu-case-req-001')",
        );
        const [note, details] = stored.getRowsJson()[0] as [string, string];
        expect(note).toMatch(/^电话联系，本人愿意参加培训，证件 \[id:[0-9a-f]{12}\]$/);
        expect(details).toBe(note);
        expect(`${note} ${details}`.replace(/\D/g, '')).not.toContain('199505054443');
      } finally {
        reader.closeSync();
      }
      expect(contact.follow_up_id).toBe('fu-case-req-001');
      expect(contact.case).toMatchObject({ last_contact_date: TODAY, next_contact_date: TODAY });
      // The same request again (a retry) records nothing twice.
      const again = await recordCaseContact(host, COUNSELLOR, t4!.case_id, {
        date: TODAY,
        channel: 'phone',
        result: 'reached',
        requestId: 'req-001',
      });
      expect(again.recorded).toBe(false);

      const planned = await addPlanStep(host, COUNSELLOR, t4!.case_id, {
        kind: 'training',
        description: '报名数控车工初级技能培训（补贴性培训）',
        dueDate: '2026-08-31',
      });
      const step = planned.plan.find((s) => s.kind === 'training')!;
      expect(step).toMatchObject({ status: 'planned', due_date: '2026-08-31', kind_label: { zh: '职业技能培训', en: 'skills training' } });
      await updatePlanStep(host, COUNSELLOR, t4!.case_id, { stepId: step.step_id, status: 'in_progress' });

      const recs = await seekerRecommendations(host, COUNSELLOR, t4!.case_id);
      expect(recs.length).toBeGreaterThan(0);
      expect(recs.every((r) => /^[ABCD]$/.test(r.grade) && r.explanation.zh && r.explanation.en && Array.isArray(r.skills_gap))).toBe(true);
      const welfare = recs.find((r) => r.posting_id === 'P-welfare');
      expect(welfare?.posting.commitment_accepted).toBe(true);
      expect(welfare?.posting.commitment_notice?.zh).toContain('书面承诺');
      const target = recs.find((r) => r.posting.review_state === 'approved')!;
      const referred = await markReferral(host, COUNSELLOR, t4!.case_id, { postingId: target.posting_id });
      expect(referred.plan.find((s) => s.kind === 'referral')).toMatchObject({ posting_id: target.posting_id, run_id: target.run_id });
      expect((await seekerRecommendations(host, COUNSELLOR, t4!.case_id)).find((r) => r.posting_id === target.posting_id)!.referred).toBe(
        true,
      );
      await expect(markReferral(host, COUNSELLOR, t4!.case_id, { postingId: target.posting_id })).rejects.toMatchObject({
        code: 'ALREADY_REFERRED',
      });

      const after = (await compliance(host)).find((r) => r.office_code === '510104')!;
      expect(after.due).toBe(before.due);
      expect(after.contacted).toBe(before.contacted + 1);

      const closed = await closeCase(host, COUNSELLOR, t4!.case_id, { outcome: 'employed', note: '经推荐入职' });
      expect(closed.case).toMatchObject({ status: 'closed', outcome: 'employed', closed_by: 'cw-wang' });
      expect(closed.plan.every((s) => s.status === 'cancelled' || s.status === 'done')).toBe(true);
      expect(closed.events.map((e) => e.kind)).toEqual([
        'opened',
        'assigned',
        'contact',
        'plan_step_added',
        'plan_step_updated',
        'referral',
        'plan_step_updated',
        'plan_step_updated',
        'closed',
      ]);
      expect(closed.events.slice(1).every((e) => e.actor === 'cw-wang')).toBe(true);
      expect(closed.events.find((e) => e.kind === 'contact')!.follow_up_id).toBe('fu-case-req-001');
      await expect(
        recordCaseContact(host, COUNSELLOR, t4!.case_id, { date: TODAY, channel: 'sms', result: 'reached' }),
      ).rejects.toMatchObject({
        reason: 'conflict',
        code: 'CASE_CLOSED',
      });
      // Compliance counts the contact whatever happened to the case later.
      expect((await compliance(host)).find((r) => r.office_code === '510104')!.contacted).toBe(after.contacted);
    });
    // The ledger row went in through the record path: validated, versioned, with its batch.
    const ledger = await rows<{
      id: string;
      seeker_id: string;
      channel: string;
      result: string;
      caseworker_id: string;
      kind: string;
      source: string;
    }>(
      `SELECT f.id, f.seeker_id, f.channel, f.result, f.caseworker_id, b.kind, b.source
         FROM follow_ups f JOIN ingest_batches b ON b.batch_id = f.ingest_batch_id`,
    );
    expect(ledger).toEqual([
      {
        id: 'fu-case-req-001',
        seeker_id: 'S-hard',
        channel: 'phone',
        result: 'reached',
        caseworker_id: 'cw-wang',
        kind: 'console',
        source: 'console:cases',
      },
    ]);
  });

  it('a run after the close does not reopen the case within a month; other cases keep their one open row', async () => {
    // S-mid's profile changes (more failed referrals): the next run reassesses the open case, recorded as an event.
    const file = join(dir, 'mid-v2.ndjson');
    await writeFile(
      file,
      `${JSON.stringify({
        type: 'seeker',
        id: 'S-mid',
        version: 2,
        event_time: '2026-06-28T08:00:00+08:00',
        payload: seekerPayload({
          birth_year: 1975,
          education: 'junior_high',
          registration_date: '2025-04-01',
          key_groups: ['older_4050'],
          failed_referrals: 6,
        }),
      })}\n`,
    );
    await withStore({ path: db }, (store) => ingestFiles({ store, from: [file], progress: false }));
    const [before] = await rows<{ points: number }>("SELECT points FROM cases WHERE seeker_id = 'S-mid'");
    await match();
    const [after] = await rows<{ points: number; runs_flagged: number }>(
      "SELECT points, runs_flagged FROM cases WHERE seeker_id = 'S-mid'",
    );
    expect(after!.points).toBeGreaterThan(before!.points);
    expect(after!.runs_flagged).toBe(3);
    const reassessed = await rows<{ actor: string; detail: string }>(
      "SELECT actor, CAST(detail AS VARCHAR) AS detail FROM case_events WHERE seeker_id = 'S-mid' AND kind = 'reassessed'",
    );
    expect(reassessed).toHaveLength(1);
    expect(reassessed[0]!.actor).toBe('system');
    expect(JSON.parse(reassessed[0]!.detail)).toMatchObject({ points_from: before!.points, points_to: after!.points });
    const cases = await rows<{ seeker_id: string; status: string }>('SELECT seeker_id, status FROM cases ORDER BY seeker_id, case_id');
    expect(cases.filter((c) => c.seeker_id === 'S-hard')).toEqual([{ seeker_id: 'S-hard', status: 'closed' }]);
    const open = cases.filter((c) => c.status !== 'closed').map((c) => c.seeker_id);
    expect(new Set(open).size).toBe(open.length);
  });

  it('refuses bad input with every problem named, and actions on cases out of reach', async () => {
    await withHost(async (host) => {
      const [c] = (await caseQueue(host, COUNSELLOR)).items;
      const bad = await recordCaseContact(host, COUNSELLOR, c!.case_id, {
        date: '2026-13-01',
        channel: 'wechat',
        result: 'reached',
      } as never).catch((e) => e);
      expect(bad).toBeInstanceOf(RequestError);
      expect((bad as RequestError).issues.map((i) => i.path).sort()).toEqual(['channel', 'date']);
      await expect(
        addPlanStep(host, COUNSELLOR, c!.case_id, { kind: 'referral', description: '推荐', dueDate: '2026-08-01' }),
      ).rejects.toMatchObject({
        code: 'INPUT_INVALID',
      });
      await expect(assignCase(host, ELSEWHERE, c!.case_id, { assignee: 'cw-mianyang' })).rejects.toMatchObject({ reason: 'not_found' });
      await expect(closeCase(host, COUNSELLOR, c!.case_id, { outcome: 'other' })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
      expect((await getCase(host, COUNSELLOR, c!.case_id)).case.status).not.toBe('closed');
    });
  });
});
