import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  addPlanStep,
  caseQueue,
  chinaDate,
  closeCase,
  getCase,
  markReferral,
  seekerRecommendations,
  takeCase,
  updatePlanStep,
} from '../../cases/caseDesk.ts';
import {
  CASE_OUTCOME_LABELS,
  CASE_OUTCOMES,
  CASE_STATUS_LABELS,
  PLAN_STEP_KINDS,
  PLAN_STEP_LABELS,
  PLAN_STEP_STATUS_LABELS,
  PLAN_STEP_STATUSES,
} from '../../cases/caseVocabulary.ts';
import { recordCaseContact } from '../../cases/recordCaseContact.ts';
import { FOLLOW_UP_CHANNELS, FOLLOW_UP_RESULTS } from '../../records/fields.ts';
import type { Api } from '../buildHttpServer.ts';
import { assignToCaseworker, eligibleCounsellors } from '../routes/cases.ts';
import { actorOf } from '../routes/review.ts';
import type { ServiceContext } from '../ServiceContext.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { CHANNEL_LABELS, messages, pick, RESULT_LABELS } from './messages.ts';
import { columnHeads, flashOf, Offset, options, PAGE_SIZE, pageContext, pager, sendPage } from './pageKit.ts';

const Msg = z.string().max(40).optional();
const CaseParams = z.object({ case_id: z.string().min(1).max(64) }).strict();
/** A form field left empty is "not given". */
const opt = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
const STATUS_FILTERS = ['active', 'open', 'in_progress', 'closed', 'all'] as const;

/** The caseworker console's pages (caseworker): the office's queue, one case with its forms. */
export async function casePages(app: Api, context: ServiceContext): Promise<void> {
  const store = context.host;

  app.get(
    '/console/cases',
    {
      config: { action: 'cases' },
      schema: {
        hide: true,
        querystring: z
          .object({
            status: z.enum(STATUS_FILTERS).default('active'),
            tier: z.enum(['', 'T3', 'T4']).default(''),
            assigned: z.enum(['', 'me', 'unassigned']).default(''),
            offset: Offset,
            msg: Msg,
          })
          .strict(),
      },
    },
    async (request, reply) => {
      const ctx = pageContext(request);
      const m = messages(ctx.lang);
      const q = request.query;
      const statuses =
        q.status === 'active' ? ['open', 'in_progress'] : q.status === 'all' ? ['open', 'in_progress', 'closed'] : [q.status];
      const queue = await caseQueue(store, actorOf(request), {
        statuses: statuses as ('open' | 'in_progress' | 'closed')[],
        ...(q.tier ? { tier: q.tier } : {}),
        ...(q.assigned ? { assigned: q.assigned } : {}),
        limit: PAGE_SIZE,
        offset: q.offset,
      });
      const statusLabel = (s: (typeof STATUS_FILTERS)[number]) =>
        s === 'active' ? m.active : s === 'all' ? m.all : pick(CASE_STATUS_LABELS[s], ctx.lang);
      const body = html`<p>${m.casesIntro}</p>
      <form method="get" action="/console/cases" class="panel">
        <label for="f-status">${m.state}</label> <select id="f-status" name="status">${options(STATUS_FILTERS, (s) => statusLabel(s), q.status)}</select>
        <label for="f-tier">${m.tier}</label> <select id="f-tier" name="tier">${options(['', 'T4', 'T3'], (t) => t || m.all, q.tier)}</select>
        <label for="f-assigned">${m.assignedTo}</label> <select id="f-assigned" name="assigned">${[
          ['', m.all],
          ['me', m.mine],
          ['unassigned', m.unassigned],
        ].map(([v, l]) => html`<option value="${v}"${v === q.assigned ? html` selected` : ''}>${l}</option>`)}</select>
        <button type="submit">${m.filter}</button>
      </form>
      <table id="case-counts"><thead><tr>${columnHeads(m.tier, m.state, m.total, m.unassigned)}<th scope="col">${m.waitingDays} (max)</th></tr></thead>
      <tbody>${queue.counts.map(
        (c) =>
          html`<tr><td>${c.tier}</td><td>${pick(CASE_STATUS_LABELS[c.status], ctx.lang)}</td><td class="num">${c.cases}</td><td class="num">${
            c.unassigned
          }</td><td class="num">${c.longest_wait_days}</td></tr>`,
      )}</tbody></table>
      ${
        queue.items.length === 0
          ? html`<p>${m.none}</p>`
          : html`<table id="case-queue"><thead><tr>${columnHeads(
              m.caseTitle,
              m.tier,
              m.points,
              m.residence,
              m.waitingDays,
              m.assignedTo,
              m.lastContact,
              m.contactDue,
              m.state,
            )}</tr></thead>
      <tbody>${queue.items.map(
        (c) => html`<tr data-region="${c.seeker.residence_region}" data-case="${c.case_id}" data-tier="${c.tier}">
        <td><a href="/console/cases/${encodeURIComponent(c.case_id)}">${c.seeker_id}</a></td>
        <td>${c.tier} ${pick(c.stage, ctx.lang)}</td><td class="num">${c.points}</td>
        <td>${c.seeker.residence_name ?? ''} ${c.seeker.residence_region}</td>
        <td class="num">${c.waiting_days}</td><td>${c.assigned_to ?? m.unassigned}</td>
        <td>${c.last_contact_date ?? ''}</td><td>${c.contact_due ? '●' : ''}</td><td>${pick(c.status_label, ctx.lang)}</td></tr>`,
      )}</tbody></table>`
      }
      ${pager(m, '/console/cases', { status: q.status, tier: q.tier, assigned: q.assigned }, q.offset, queue.total)}`;
      return sendPage(reply, page(ctx, m.casesTitle, body, { flash: flashOf(m, q.msg) }));
    },
  );

  app.get(
    '/console/cases/:case_id',
    { config: { action: 'cases' }, schema: { hide: true, params: CaseParams, querystring: z.object({ msg: Msg }).strict() } },
    async (request, reply) => {
      const ctx = pageContext(request);
      const m = messages(ctx.lang);
      const actor = actorOf(request);
      const detail = await getCase(store, actor, request.params.case_id);
      const recs = await seekerRecommendations(store, actor, request.params.case_id);
      const c = detail.case;
      const counsellors = c.status === 'closed' ? [] : await eligibleCounsellors(app, c.seeker.residence_region);
      const open = c.status !== 'closed';
      const base = `/console/cases/${encodeURIComponent(c.case_id)}`;
      const today = chinaDate();
      const l = (label: { zh: string; en: string } | null | undefined) => pick(label, ctx.lang);
      const body = html`<section class="panel" data-region="${c.seeker.residence_region}" id="case-summary">
        <dl>
          <dt>${m.seeker}</dt><dd>${c.seeker_id}</dd>
          <dt>${m.residence}</dt><dd>${c.seeker.residence_name ?? ''} ${c.seeker.residence_region}</dd>
          <dt>${m.tier}</dt><dd>${c.tier} ${l(c.stage)} · ${m.points} ${c.points}</dd>
          <dt>${m.reasons}</dt><dd>${l(c.reasons)}</dd>
          <dt>${m.state}</dt><dd id="case-status">${l(c.status_label)}${c.outcome_label ? html` · ${l(c.outcome_label)}` : ''}</dd>
          <dt>${m.assignedTo}</dt><dd>${c.assigned_to ?? m.unassigned}</dd>
          <dt>${m.lastContact}</dt><dd>${c.last_contact_date ?? ''}</dd>
          <dt>${m.nextContact}</dt><dd>${c.next_contact_date ?? ''}${c.contact_due ? html` (${m.contactDue})` : ''}</dd>
        </dl>
      </section>
      ${
        open
          ? html`<div class="panel">
        <form method="post" action="${base}/take" class="inline"><button type="submit">${m.take}</button></form>
        <form method="post" action="${base}/assign" class="inline">
          <label for="assignee">${m.assign}</label> <select id="assignee" name="assignee" required>${options(counsellors, (n) => n, c.assigned_to)}</select>
          <button type="submit">${m.assign}</button>
        </form>
      </div>
      <form method="post" action="${base}/contact" class="panel" aria-labelledby="contact-h">
        <h2 id="contact-h">${m.contact}</h2>
        <input type="hidden" name="request_id" value="console-${randomUUID()}">
        <label for="contact-date">${m.contactDate}</label> <input id="contact-date" type="date" name="date" value="${today}" max="${today}" required>
        <label for="contact-channel">${m.channel}</label> <select id="contact-channel" name="channel">${options(FOLLOW_UP_CHANNELS, (ch) =>
          l(CHANNEL_LABELS[ch]),
        )}</select>
        <label for="contact-result">${m.result}</label> <select id="contact-result" name="result">${options(FOLLOW_UP_RESULTS, (r) =>
          l(RESULT_LABELS[r]),
        )}</select>
        <label for="contact-next">${m.nextDate}</label> <input id="contact-next" type="date" name="next_date">
        <p><label for="contact-note">${m.note}</label><br><textarea id="contact-note" name="note" rows="2"></textarea></p>
        <button type="submit">${m.record}</button>
      </form>`
          : ''
      }
      <section class="panel" aria-labelledby="plan-h">
        <h2 id="plan-h">${m.plan}</h2>
        ${
          detail.plan.length === 0
            ? html`<p>${m.none}</p>`
            : html`<table id="plan"><thead><tr>${columnHeads(m.kind, m.description, m.dueDate, m.stepStatus, open ? m.update : null)}</tr></thead>
          <tbody>${detail.plan.map(
            (s) => html`<tr data-step="${s.step_id}"><td>${l(s.kind_label)}</td><td>${s.description}</td><td>${s.due_date}${
              s.overdue ? html` <strong>${m.overdue}</strong>` : ''
            }</td><td>${l(s.status_label)}</td>
            ${
              open
                ? html`<td>${
                    s.status === 'done' || s.status === 'cancelled'
                      ? ''
                      : html`<form method="post" action="${base}/step" class="inline">
                <input type="hidden" name="step_id" value="${s.step_id}">
                <label for="st-${s.step_id}">${m.stepStatus}</label> <select id="st-${s.step_id}" name="status">${options(
                  PLAN_STEP_STATUSES,
                  (st) => l(PLAN_STEP_STATUS_LABELS[st]),
                  s.status,
                )}</select>
                <label for="due-${s.step_id}">${m.dueDate}</label> <input id="due-${s.step_id}" type="date" name="due_date" value="${s.due_date}">
                <button type="submit">${m.update}</button></form>`
                  }</td>`
                : ''
            }</tr>`,
          )}</tbody></table>`
        }
        ${
          open
            ? html`<form method="post" action="${base}/plan" aria-labelledby="step-h">
          <h3 id="step-h">${m.addStep}</h3>
          <label for="step-kind">${m.kind}</label> <select id="step-kind" name="kind">${options(PLAN_STEP_KINDS, (k) => l(PLAN_STEP_LABELS[k]))}</select>
          <label for="step-due">${m.dueDate}</label> <input id="step-due" type="date" name="due_date" required>
          <label for="step-posting">${m.posting} ID</label> <input id="step-posting" name="posting_id" maxlength="64">
          <p><label for="step-desc">${m.description}</label><br><textarea id="step-desc" name="description" rows="2" required></textarea></p>
          <button type="submit">${m.addStep}</button>
        </form>`
            : ''
        }
      </section>
      <section class="panel" aria-labelledby="recs-h">
        <h2 id="recs-h">${m.recommendations}</h2>
        ${
          recs.length === 0
            ? html`<p>${m.none}</p>`
            : html`<table id="recommendations"><thead><tr>${columnHeads(m.grade, m.posting, m.explanation, m.skillsGap, m.policyHints, m.refer)}</tr></thead>
          <tbody>${recs.map(
            (r) => html`<tr data-posting="${r.posting_id}">
            <td>${r.grade}</td>
            <td>${r.posting.title ?? r.posting_id} · ${r.posting.employer_name ?? ''} · ${r.posting.region_name ?? ''}${
              r.posting.commitment_notice ? html`<br><strong>${l(r.posting.commitment_notice)}</strong>` : ''
            }</td>
            <td>${l(r.explanation)}</td><td>${r.skills_gap.join('、')}</td>
            <td>${r.policy_hints.map((h) => html`${ctx.lang === 'zh' ? h.zh : h.en}<br>`)}</td>
            <td>${
              r.referred
                ? m.referred
                : open && r.posting.review_state === 'approved'
                  ? html`<form method="post" action="${base}/refer" class="inline"><input type="hidden" name="posting_id" value="${
                      r.posting_id
                    }"><button type="submit">${m.refer}</button></form>`
                  : ''
            }</td></tr>`,
          )}</tbody></table>`
        }
      </section>
      ${
        open
          ? html`<form method="post" action="${base}/close" class="panel" aria-labelledby="close-h">
        <h2 id="close-h">${m.close}</h2>
        <label for="close-outcome">${m.outcome}</label> <select id="close-outcome" name="outcome">${options(CASE_OUTCOMES, (o) =>
          l(CASE_OUTCOME_LABELS[o]),
        )}</select>
        <p><label for="close-note">${m.note}</label><br><textarea id="close-note" name="note" rows="2"></textarea></p>
        <button type="submit">${m.close}</button>
      </form>`
          : ''
      }
      <h2>${m.events}</h2>
      <table id="events"><thead><tr>${columnHeads(m.when, m.who, m.what)}</tr></thead>
      <tbody>${detail.events.map(
        (e) =>
          html`<tr><td>${e.happened_at.slice(0, 19).replace('T', ' ')}</td><td>${e.actor}</td><td>${e.kind} <span class="hint">${JSON.stringify(
            e.detail,
          )}</span></td></tr>`,
      )}</tbody></table>
      <p><a href="/console/cases">${m.back}</a></p>`;
      return sendPage(reply, page(ctx, `${m.caseTitle} ${c.seeker_id} · ${c.tier}`, body, { flash: flashOf(m, request.query.msg) }));
    },
  );

  const back = (caseId: string, msg: string) => `/console/cases/${encodeURIComponent(caseId)}?msg=${msg}`;
  const post = <S extends z.ZodType>(
    action: string,
    body: S,
    handle: (request: { caseId: string; body: z.infer<S>; actor: ReturnType<typeof actorOf> }) => Promise<string>,
  ) =>
    app.post(
      `/console/cases/:case_id/${action}`,
      { config: { action: 'cases' }, schema: { hide: true, params: CaseParams, body } },
      async (request, reply) => {
        const caseId = (request.params as { case_id: string }).case_id;
        const msg = await handle({ caseId, body: request.body as z.infer<S>, actor: actorOf(request) });
        return reply.redirect(back(caseId, msg), 303);
      },
    );

  post('take', z.object({}).optional(), async ({ caseId, actor }) => {
    await takeCase(store, actor, caseId);
    return 'msgTaken';
  });
  post('assign', z.object({ assignee: z.string().min(1).max(64) }), async ({ caseId, actor, body }) => {
    await assignToCaseworker(app, store, actor, caseId, body.assignee.trim());
    return 'msgAssigned';
  });
  post(
    'contact',
    z.object({
      date: z.string(),
      channel: z.enum(FOLLOW_UP_CHANNELS),
      result: z.enum(FOLLOW_UP_RESULTS),
      next_date: z.string().optional(),
      note: z.string().max(2000).optional(),
      request_id: z.string().max(60).optional(),
    }),
    async ({ caseId, actor, body }) => {
      const nextDate = opt(body.next_date);
      const note = opt(body.note);
      const requestId = opt(body.request_id);
      await recordCaseContact(
        store,
        actor,
        caseId,
        {
          date: body.date,
          channel: body.channel,
          result: body.result,
          ...(nextDate ? { nextDate } : {}),
          ...(note ? { note } : {}),
          ...(requestId ? { requestId } : {}),
        },
        context.recordWriter ? { recordWriter: context.recordWriter } : {},
      );
      return 'msgContact';
    },
  );
  post(
    'plan',
    z.object({
      kind: z.enum(PLAN_STEP_KINDS),
      description: z.string().max(2000),
      due_date: z.string(),
      posting_id: z.string().max(64).optional(),
    }),
    async ({ caseId, actor, body }) => {
      const postingId = opt(body.posting_id);
      await addPlanStep(store, actor, caseId, {
        kind: body.kind,
        description: body.description,
        dueDate: body.due_date,
        ...(postingId ? { postingId } : {}),
      });
      return 'msgStep';
    },
  );
  post(
    'step',
    z.object({ step_id: z.string().min(1).max(64), status: z.enum(PLAN_STEP_STATUSES), due_date: z.string().optional() }),
    async ({ caseId, actor, body }) => {
      const dueDate = opt(body.due_date);
      await updatePlanStep(store, actor, caseId, { stepId: body.step_id, status: body.status, ...(dueDate ? { dueDate } : {}) });
      return 'msgStep';
    },
  );
  post('refer', z.object({ posting_id: z.string().min(1).max(64) }), async ({ caseId, actor, body }) => {
    await markReferral(store, actor, caseId, { postingId: body.posting_id });
    return 'msgReferred';
  });
  post('close', z.object({ outcome: z.enum(CASE_OUTCOMES), note: z.string().max(2000).optional() }), async ({ caseId, actor, body }) => {
    const note = opt(body.note);
    await closeCase(store, actor, caseId, { outcome: body.outcome, ...(note ? { note } : {}) });
    return 'msgClosed';
  });
}
