import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chinaDate } from '../../src/cases/caseDesk.ts';
import { AS_OF, bearer, prepareTemplate, type RunningApi, startApi, tokenFor } from './apiFixture.ts';

vi.hoisted(() => {
  process.env.LABOURFLOW_SCRYPT_LOG2N = '14';
});

/**
 * The people-in-the-loop API over a real server on loopback: the review desk (reviewer) and the
 * caseworker console (caseworker), each cut to the signed-in user's region by the server.
 */
let dir: string;
let api: RunningApi;
const tokens: Record<string, string> = {};
const TODAY = chinaDate();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lf-desk-api-'));
  api = await startApi(await prepareTemplate(dir));
  for (const name of ['reviewer-xt', 'caseworker-xt', 'caseworker-yc', 'analyst-xt', 'root', 'hebei-admin'])
    tokens[name] = await tokenFor(api.base, name);
}, 120_000);
afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call<T = Record<string, unknown>>(
  user: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${api.base}${path}`, {
    method,
    headers: { ...bearer(tokens[user]!), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const rows = <T>(sql: string, params: Record<string, string> = {}) => api.host.read((s) => s.all<T>(sql, params));

interface QueueItem {
  posting_id: string;
  posting_version: number;
  submitted_at: string;
  blocking: boolean;
  findings: { label_zh: string; zh: string; severity: string }[];
  posting: { region_code: string };
}

describe('the review desk API', () => {
  it('shows the reviewer their region only, oldest first, with the flags explained in Chinese', async () => {
    const { status, body } = await call<{ total: number; items: QueueItem[] }>('reviewer-xt', 'GET', '/review/queue?limit=500');
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(20);
    expect(body.items.every((i) => i.posting.region_code.startsWith('1305'))).toBe(true);
    const times = body.items.map((i) => i.submitted_at);
    expect(times).toEqual([...times].sort());
    const flagged = body.items.filter((i) => i.findings.length > 0);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((i) => i.findings.every((f) => /[\u4e00-\u9fff]/.test(f.zh)))).toBe(true);
    const blocking = await call<{ items: QueueItem[] }>('reviewer-xt', 'GET', '/review/queue?blocking_only=true&limit=500');
    expect(blocking.body.items.every((i) => i.blocking)).toBe(true);
  });

  it('refuses other roles and other regions, and bad input, with the error shape', async () => {
    expect((await call('analyst-xt', 'GET', '/review/queue')).status).toBe(403);
    expect((await call('caseworker-xt', 'GET', '/review/queue')).status).toBe(403);
    const [outside] = await rows<{ id: string }>("SELECT id FROM postings WHERE region_code LIKE '42%' LIMIT 1");
    const other = await call<{ code: string }>('reviewer-xt', 'GET', `/review/postings/${outside!.id}`);
    expect(other).toMatchObject({ status: 404, body: { code: 'POSTING_NOT_FOUND' } });
    expect((await call('reviewer-xt', 'POST', `/review/postings/${outside!.id}/approve`, { version: 1 })).status).toBe(404);
    expect((await call('reviewer-xt', 'GET', '/review/queue?scope=420000')).status).toBe(400);
    expect((await call('reviewer-xt', 'GET', '/review/queue?states=pending,bogus')).status).toBe(400);
  });

  it('approves, rejects with a reason, returns for correction; stale versions and missing ' +
    'reasons are refused; only approved postings are matched', async () => {
    const candidates = await rows<{ id: string; version: number }>(
      `SELECT p.id, p.version FROM postings p JOIN posting_reviews r ON r.posting_id = p.id AND r.posting_version = p.version
       WHERE p.region_code = '130506' AND p.status = 'published' AND NOT r.blocking AND p.posted_date <= DATE '${AS_OF}'
         AND (p.expiry_date IS NULL OR p.expiry_date > DATE '${AS_OF}') ORDER BY p.id LIMIT 7`,
    );
    expect(candidates.length).toBe(7);
    const [rejected, returned, ...approved] = candidates.map((c) => ({ id: c.id, version: Number(c.version) }));

    const missing = await call<{ code: string; issues: { path: string }[] }>(
      'reviewer-xt',
      'POST',
      `/review/postings/${rejected!.id}/reject`,
      {
        version: rejected!.version,
      },
    );
    expect(missing).toMatchObject({ status: 400, body: { code: 'REVIEW_REASON_REQUIRED' } });
    const stale = await call<{ code: string }>('reviewer-xt', 'POST', `/review/postings/${rejected!.id}/approve`, {
      version: rejected!.version + 1,
    });
    expect(stale).toMatchObject({ status: 409, body: { code: 'REVIEW_VERSION_STALE' } });

    const no = await call<{ changed: boolean; review: { state: string; reason: string; decided_by: string } }>(
      'reviewer-xt',
      'POST',
      `/review/postings/${rejected!.id}/reject`,
      { version: rejected!.version, reason: '岗位描述含有性别限制' },
    );
    expect(no).toMatchObject({ status: 200, body: { changed: true, review: { state: 'rejected', decided_by: 'reviewer-xt' } } });
    const back = await call<{ review: { state: string } }>('reviewer-xt', 'POST', `/review/postings/${returned!.id}/return`, {
      version: returned!.version,
      reason: '请补充工作地点',
    });
    expect(back.body.review.state).toBe('returned');
    for (const p of approved) {
      const yes = await call<{ changed: boolean; review: { state: string } }>('reviewer-xt', 'POST', `/review/postings/${p.id}/approve`, {
        version: p.version,
      });
      expect(yes.body).toMatchObject({ changed: true, review: { state: 'approved' } });
    }
    const again = await call<{ changed: boolean }>('reviewer-xt', 'POST', `/review/postings/${approved[0]!.id}/approve`, {
      version: approved[0]!.version,
    });
    expect(again.body.changed).toBe(false);
    const history = await call<{ decisions: { action: string; actor: string; reason: string | null }[] }>(
      'reviewer-xt',
      'GET',
      `/review/postings/${rejected!.id}`,
    );
    expect(history.body.decisions).toEqual([
      expect.objectContaining({ action: 'reject', actor: 'reviewer-xt', reason: '岗位描述含有性别限制' }),
    ]);

    const run = await api.context.runMatch({ mode: 'full', asOf: AS_OF });
    const recommended = (
      await rows<{ posting_id: string }>('SELECT DISTINCT posting_id FROM recommendations WHERE run_id = $run', { run: run.run_id })
    ).map((r) => r.posting_id);
    expect(recommended.length).toBeGreaterThan(0);
    expect(recommended.every((id) => approved.some((p) => p.id === id))).toBe(true);
    expect(recommended).not.toContain(rejected!.id);
    expect(recommended).not.toContain(returned!.id);
  }, 60_000);
});

interface CaseSummary {
  case_id: string;
  tier: string;
  status: string;
  office_region: string | null;
  assigned_to: string | null;
  recommendations: number;
  seeker: { residence_region: string; employment_status: string };
}
interface CaseDetail {
  case: CaseSummary & { outcome: string | null; last_contact_date: string | null };
  plan: { step_id: string; kind: string; status: string; due_date: string; posting_id: string | null }[];
  events: { kind: string; actor: string }[];
}

describe('the caseworker console API', () => {
  let t4: CaseSummary;

  it('queues the office’s cases T4 first, longest waiting first, cut to the caseworker’s county', async () => {
    const { status, body } = await call<{ total: number; counts: { tier: string }[]; items: CaseSummary[] }>(
      'caseworker-xt',
      'GET',
      '/cases',
    );
    expect(status).toBe(200);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((c) => c.seeker.residence_region === '130506')).toBe(true);
    const tiers = body.items.map((c) => c.tier);
    expect(tiers).toEqual([...tiers].sort().reverse());
    expect(body.counts.length).toBeGreaterThan(0);
    t4 = body.items.find((c) => c.tier === 'T4' && c.seeker.employment_status === 'unemployed_registered')!;
    expect(t4).toBeDefined();
    const yc = await call<{ items: CaseSummary[] }>('caseworker-yc', 'GET', '/cases?status=all');
    expect(yc.body.items.every((c) => c.seeker.residence_region.startsWith('4205'))).toBe(true);
    expect((await call('caseworker-yc', 'GET', `/cases/${t4.case_id}`)).status).toBe(404);
    expect((await call('caseworker-yc', 'POST', `/cases/${t4.case_id}/take`)).status).toBe(404);
    expect((await call('reviewer-xt', 'GET', '/cases')).status).toBe(403);
  });

  it('assigns only to a caseworker of the seeker’s region', async () => {
    const wrong = await call<{ code: string }>('caseworker-xt', 'POST', `/cases/${t4.case_id}/assign`, { assignee: 'caseworker-yc' });
    expect(wrong).toMatchObject({ status: 400, body: { code: 'ASSIGNEE_INVALID' } });
    const reviewer = await call<{ code: string }>('caseworker-xt', 'POST', `/cases/${t4.case_id}/assign`, { assignee: 'reviewer-xt' });
    expect(reviewer.status).toBe(400);
    const ok = await call<CaseDetail>('caseworker-xt', 'POST', `/cases/${t4.case_id}/assign`, { assignee: 'caseworker-xt' });
    expect(ok.body.case).toMatchObject({ status: 'in_progress', assigned_to: 'caseworker-xt' });
    const mine = await call<{ items: CaseSummary[] }>('caseworker-xt', 'GET', '/cases?assigned=me');
    expect(mine.body.items.map((c) => c.case_id)).toEqual([t4.case_id]);
  });

  it('records a contact into the follow-up ledger, and the compliance query counts it', async () => {
    const office = t4.office_region ?? t4.seeker.residence_region;
    const compliance = async () => {
      const r = await call<{ columns: { name: string }[]; rows: unknown[][] }>(
        'analyst-xt',
        'GET',
        `/queries/follow-up-compliance?as_of=${TODAY}&days=30`,
      );
      const names = r.body.columns.map((c) => c.name);
      const row = r.body.rows.find((x) => x[names.indexOf('office_code')] === office);
      return row ? Number(row[names.indexOf('contacted')]) : 0;
    };
    const before = await compliance();
    const bad = await call<{ code: string; issues: { path: string }[] }>('caseworker-xt', 'POST', `/cases/${t4.case_id}/contacts`, {
      date: TODAY,
      channel: 'pigeon',
      result: 'reached',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i) => i.path)).toContain('body.channel');
    const contact = { date: TODAY, channel: 'phone', result: 'reached', note: '电话回访，本人有意参加培训', request_id: 'api-test-1' };
    const first = await call<CaseDetail & { follow_up_id: string; recorded: boolean }>(
      'caseworker-xt',
      'POST',
      `/cases/${t4.case_id}/contacts`,
      contact,
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ follow_up_id: 'fu-case-api-test-1', recorded: true });
    expect(first.body.case.last_contact_date).toBe(TODAY);
    const twice = await call<{ recorded: boolean }>('caseworker-xt', 'POST', `/cases/${t4.case_id}/contacts`, contact);
    expect(twice.body.recorded).toBe(false);
    expect(await compliance()).toBe(before + 1);
  });

  it('keeps an assistance plan, shows recommendations, marks a referral and closes the case', async () => {
    const due = '2027-01-15';
    const step = await call<CaseDetail>('caseworker-xt', 'POST', `/cases/${t4.case_id}/plan`, {
      kind: 'training',
      description: '参加叉车操作培训',
      due_date: due,
    });
    expect(step.status).toBe(200);
    const training = step.body.plan.find((s) => s.kind === 'training')!;
    expect(training).toMatchObject({ status: 'planned', due_date: due });
    const referralWithout = await call<{ code: string }>('caseworker-xt', 'POST', `/cases/${t4.case_id}/plan`, {
      kind: 'referral',
      description: '推荐岗位',
      due_date: due,
    });
    expect(referralWithout.status).toBe(400);
    const moved = await call<CaseDetail>('caseworker-xt', 'PATCH', `/cases/${t4.case_id}/plan/${training.step_id}`, {
      status: 'in_progress',
    });
    expect(moved.body.plan.find((s) => s.step_id === training.step_id)!.status).toBe('in_progress');

    const recs = await call<
      { posting_id: string; grade: string; explanation: { zh: string }; skills_gap: string[]; posting: { review_state: string } }[]
    >('caseworker-xt', 'GET', `/cases/${t4.case_id}/recommendations`);
    expect(recs.status).toBe(200);
    for (const r of recs.body) expect(r.posting.review_state).toBe('approved');
    const target = recs.body[0];
    if (target) {
      expect(target.grade).toMatch(/^[ABCD]$/);
      expect(target.explanation.zh).toMatch(/[\u4e00-\u9fff]/);
      const referred = await call<CaseDetail>('caseworker-xt', 'POST', `/cases/${t4.case_id}/referrals`, { posting_id: target.posting_id });
      expect(referred.body.plan.some((s) => s.kind === 'referral' && s.posting_id === target.posting_id)).toBe(true);
      const twice = await call<{ code: string }>('caseworker-xt', 'POST', `/cases/${t4.case_id}/referrals`, {
        posting_id: target.posting_id,
      });
      expect(twice).toMatchObject({ status: 409, body: { code: 'ALREADY_REFERRED' } });
    }
    const [pending] = await rows<{ posting_id: string }>(
      "SELECT posting_id FROM posting_reviews WHERE state = 'pending' AND region_code = '130506' LIMIT 1",
    );
    const notApproved = await call('caseworker-xt', 'POST', `/cases/${t4.case_id}/referrals`, { posting_id: pending!.posting_id });
    expect(notApproved.status).toBe(409);

    const otherWithoutNote = await call('caseworker-xt', 'POST', `/cases/${t4.case_id}/close`, { outcome: 'other' });
    expect(otherWithoutNote.status).toBe(400);
    const closed = await call<CaseDetail>('caseworker-xt', 'POST', `/cases/${t4.case_id}/close`, {
      outcome: 'training',
      note: '转入技能培训',
    });
    expect(closed.body.case).toMatchObject({ status: 'closed', outcome: 'training' });
    expect(closed.body.plan.every((s) => s.status === 'done' || s.status === 'cancelled')).toBe(true);
    expect(closed.body.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['assigned', 'contact', 'plan_step_added', 'closed']));
    expect(closed.body.events.filter((e) => e.kind !== 'opened' && e.kind !== 'reassessed').every((e) => e.actor === 'caseworker-xt')).toBe(
      true,
    );
    const again = await call<{ code: string }>('caseworker-xt', 'POST', `/cases/${t4.case_id}/take`);
    expect(again).toMatchObject({ status: 409, body: { code: 'CASE_CLOSED' } });
  });

  it('is in /openapi.json', async () => {
    const spec = (await (await fetch(`${api.base}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/review/queue',
      '/review/postings/{posting_id}/approve',
      '/review/postings/{posting_id}/reject',
      '/review/postings/{posting_id}/return',
      '/cases',
      '/cases/{case_id}/contacts',
      '/cases/{case_id}/plan',
      '/cases/{case_id}/plan/{step_id}',
      '/cases/{case_id}/recommendations',
      '/cases/{case_id}/referrals',
      '/cases/{case_id}/close',
    ])
      expect(spec.paths).toHaveProperty([path]);
  });
});
