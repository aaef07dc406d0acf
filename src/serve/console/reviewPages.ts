import { z } from 'zod';
import { approvePosting, postingReview, REVIEW_STATE_LABELS, rejectPosting, returnPosting, reviewQueue } from '../../review/reviewDesk.ts';
import type { Api } from '../buildHttpServer.ts';
import { actorOf } from '../routes/review.ts';
import type { ServiceContext } from '../ServiceContext.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { messages, pick } from './messages.ts';
import { columnHeads, flashOf, Offset, options, PAGE_SIZE, pageContext, pager, sendPage } from './pageKit.ts';

const STATES = ['pending', 'returned', 'approved', 'rejected'] as const;
const Msg = z.string().max(40).optional();

/** The review desk's pages (reviewer): the queue oldest first with the flags explained, one posting, the three decisions. */
export async function reviewPages(app: Api, context: ServiceContext): Promise<void> {
  const store = context.host;

  app.get(
    '/console/review',
    {
      config: { action: 'review' },
      schema: {
        hide: true,
        querystring: z
          .object({ state: z.enum(STATES).default('pending'), blocking: z.enum(['1']).optional(), offset: Offset, msg: Msg })
          .strict(),
      },
    },
    async (request, reply) => {
      const ctx = pageContext(request);
      const m = messages(ctx.lang);
      const q = request.query;
      const queue = await reviewQueue(store, actorOf(request), {
        states: [q.state],
        blockingOnly: q.blocking === '1',
        limit: PAGE_SIZE,
        offset: q.offset,
      });
      const body = html`<p>${m.reviewIntro}</p>
      <form method="get" action="/console/review" class="panel">
        <label for="f-state">${m.state}</label>
        <select id="f-state" name="state">${options(STATES, (s) => pick(REVIEW_STATE_LABELS[s], ctx.lang), q.state)}</select>
        <input type="checkbox" id="f-blocking" name="blocking" value="1"${q.blocking ? html` checked` : ''}> <label for="f-blocking">${m.blocking}</label>
        <button type="submit">${m.filter}</button>
      </form>
      <p>${m.total} ${queue.total} ${m.items}</p>
      ${
        queue.items.length === 0
          ? html`<p>${m.none}</p>`
          : html`<table id="review-queue">
        <thead><tr>${columnHeads(m.submitted, m.waiting, m.posting, m.employer, m.region, m.findings, m.state)}</tr></thead>
        <tbody>${queue.items.map(
          (i) => html`<tr data-region="${i.posting.region_code}" data-posting="${i.posting_id}">
          <td>${i.submitted_at.slice(0, 16).replace('T', ' ')}</td>
          <td class="num">${i.waiting_hours} ${m.hours}</td>
          <td><a href="/console/review/${encodeURIComponent(i.posting_id)}">${i.posting.title}</a>${
            i.commitment_accepted ? html` <strong>[${m.commitment}]</strong>` : ''
          }</td>
          <td>${i.posting.employer_name ?? ''}</td>
          <td>${i.posting.region_name ?? ''} ${i.posting.region_code}</td>
          <td>${
            i.findings.length === 0
              ? m.noFindings
              : html`<ul>${i.findings.map(
                  (f) =>
                    html`<li${f.severity === 'block' ? html` class="block"` : ''}>${ctx.lang === 'zh' ? f.label_zh : f.label_en}${
                      ctx.lang === 'zh' ? '：' : ': '
                    }${ctx.lang === 'zh' ? f.zh : f.en}</li>`,
                )}</ul>`
          }</td>
          <td>${pick(i.state_label, ctx.lang)}</td>
        </tr>`,
        )}</tbody></table>`
      }
      ${pager(m, '/console/review', { state: q.state, ...(q.blocking ? { blocking: q.blocking } : {}) }, q.offset, queue.total)}`;
      return sendPage(reply, page(ctx, m.reviewTitle, body, { flash: flashOf(m, q.msg) }));
    },
  );

  app.get(
    '/console/review/:posting_id',
    {
      config: { action: 'review' },
      schema: {
        hide: true,
        params: z.object({ posting_id: z.string().min(1).max(64) }).strict(),
        querystring: z.object({ msg: Msg }).strict(),
      },
    },
    async (request, reply) => {
      const ctx = pageContext(request);
      const m = messages(ctx.lang);
      const { review: r, decisions } = await postingReview(store, actorOf(request), request.params.posting_id);
      const p = r.posting;
      const body = html`<section class="panel" data-region="${p.region_code}">
        <h2>${p.title}</h2>
        <dl>
          <dt>${m.employer}</dt><dd>${p.employer_name ?? ''}</dd>
          <dt>${m.creditCode}</dt><dd>${p.employer_credit_code}</dd>
          <dt>${m.region}</dt><dd>${p.region_name ?? ''} ${p.region_code}</dd>
          <dt>${m.salary}</dt><dd>${p.salary_min}${p.salary_max !== null ? html`–${p.salary_max}` : ''}</dd>
          <dt>${m.headcount}</dt><dd>${p.headcount}</dd>
          <dt>${m.state}</dt><dd>${pick(r.state_label, ctx.lang)} (v${r.posting_version})</dd>
          <dt>${m.submitted}</dt><dd>${r.submitted_at}</dd>
          ${r.commitment_notice ? html`<dt>${m.commitment}</dt><dd>${pick(r.commitment_notice, ctx.lang)}</dd>` : ''}
        </dl>
        <h3>${m.description}</h3>
        <p>${p.description}</p>
      </section>
      <section class="panel" aria-labelledby="findings-h">
        <h2 id="findings-h">${m.findings}</h2>
        ${
          r.findings.length === 0
            ? html`<p>${m.noFindings}</p>`
            : html`<ul id="findings">${r.findings.map(
                (f) => html`<li${f.severity === 'block' ? html` class="block"` : ''}>
                <strong>${ctx.lang === 'zh' ? f.label_zh : f.label_en}</strong>${f.severity === 'block' ? html` (${m.blocking})` : ''}${
                  ctx.lang === 'zh' ? '：' : ': '
                }${ctx.lang === 'zh' ? f.zh : f.en}
                <br><span class="hint">${m.evidence}: ${f.evidence}</span></li>`,
              )}</ul>`
        }
      </section>
      <form method="post" action="/console/review/${encodeURIComponent(r.posting_id)}" class="panel" aria-labelledby="decide-h">
        <h2 id="decide-h">${m.decide}</h2>
        <input type="hidden" name="version" value="${r.posting_version}">
        <p><label for="reason">${m.reason}</label><br>
        <textarea id="reason" name="reason" rows="3" aria-describedby="reason-hint"></textarea><br>
        <span id="reason-hint" class="hint">${m.reasonHint}</span></p>
        <p>
          <button type="submit" name="decision" value="approve">${m.approve}</button>
          <button type="submit" name="decision" value="reject">${m.reject}</button>
          <button type="submit" name="decision" value="return">${m.returnForCorrection}</button>
        </p>
      </form>
      <h2>${m.history}</h2>
      ${
        decisions.length === 0
          ? html`<p>${m.none}</p>`
          : html`<table><thead><tr>${columnHeads(m.decidedAt, m.action, m.decidedBy, m.reason)}</tr></thead>
          <tbody>${decisions.map(
            (d) =>
              html`<tr><td>${d.decided_at}</td><td>${pick(REVIEW_STATE_LABELS[d.state_after], ctx.lang)} (v${d.posting_version})</td><td>${
                d.actor
              }</td><td>${d.reason ?? ''}</td></tr>`,
          )}</tbody></table>`
      }
      <p><a href="/console/review">${m.back}</a></p>`;
      return sendPage(reply, page(ctx, `${m.navReview}: ${p.title}`, body, { flash: flashOf(m, request.query.msg) }));
    },
  );

  app.post(
    '/console/review/:posting_id',
    {
      config: { action: 'review' },
      schema: {
        hide: true,
        params: z.object({ posting_id: z.string().min(1).max(64) }).strict(),
        body: z.object({
          version: z.coerce.number().int().min(0),
          decision: z.enum(['approve', 'reject', 'return']),
          reason: z.string().max(2000).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { version, decision, reason } = request.body;
      const input = { postingId: request.params.posting_id, version, ...(reason?.trim() ? { reason } : {}) };
      const decide = { approve: approvePosting, reject: rejectPosting, return: returnPosting }[decision];
      const result = await decide(store, actorOf(request), input);
      const msg = !result.changed ? 'msgUnchanged' : { approve: 'msgApproved', reject: 'msgRejected', return: 'msgReturned' }[decision];
      return reply.redirect(`/console/review?msg=${msg}`, 303);
    },
  );
}
