import { z } from 'zod';
import {
  addPlanStep,
  assignCase,
  type CaseDetail,
  caseQueue,
  closeCase,
  getCase,
  markReferral,
  seekerRecommendations,
  takeCase,
  updatePlanStep,
} from '../../cases/caseDesk.ts';
import { CASE_OUTCOMES, PLAN_STEP_KINDS, PLAN_STEP_STATUSES } from '../../cases/caseVocabulary.ts';
import { recordCaseContact } from '../../cases/recordCaseContact.ts';
import { FOLLOW_UP_CHANNELS, FOLLOW_UP_RESULTS } from '../../records/fields.ts';
import { Regions } from '../../validation/Regions.ts';
import { HttpError } from '../HttpError.ts';
import { type Api, ErrorResponse, type RouteModule } from '../buildHttpServer.ts';
import type { StoreHost } from '../../store/StoreHost.ts';
import type { Actor } from '../../review/Actor.ts';
import type { UserRow } from '../../auth/UserStore.ts';
import { CaseDetailBody, CaseQueueBody, ContactResultBody, SeekerRecommendationBody } from './deskSchemas.ts';
import { actorOf } from './review.ts';
import './fastifyTypes.ts';

const Errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const CaseId = z.object({ case_id: z.string().min(1).max(64) }).strict();
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Note = z.string().max(2000).optional();

/**
 * The caseworker console (policy: employment-assistance, five-way-service, monthly-follow-up): the office's case queue by tier and
 * waiting time, assignment to a counsellor, contacts into the follow-up ledger, the individual
 * assistance plan, the seeker's recommendations and referrals, closing with an outcome. The
 * functions are src/cases/; a case whose seeker lives outside the caller's region answers 404.
 */
export const casesRoutes: RouteModule = async (app, context) => {
  const store = context.host;

  app.get(
    '/cases',
    {
      config: { action: 'cases' },
      schema: {
        description: "The office's cases (seekers living in the caller's region): T4 before T3, longest waiting first, with counts.",
        tags: ['cases'],
        querystring: z
          .object({
            status: z.enum(['open', 'in_progress', 'closed', 'active', 'all']).default('active').describe('active = open and in progress'),
            tier: z.enum(['T3', 'T4']).optional(),
            assigned: z.string().min(1).max(64).optional().describe("a user name, 'me' or 'unassigned'"),
            limit: z.coerce.number().int().min(1).max(1000).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          })
          .strict(),
        response: { 200: CaseQueueBody, ...Errors },
      },
    },
    async (request) => {
      const q = request.query;
      const statuses =
        q.status === 'active'
          ? (['open', 'in_progress'] as const)
          : q.status === 'all'
            ? (['open', 'in_progress', 'closed'] as const)
            : ([q.status] as const);
      return caseQueue(store, actorOf(request), {
        statuses: [...statuses],
        ...(q.tier ? { tier: q.tier } : {}),
        ...(q.assigned ? { assigned: q.assigned } : {}),
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  app.get(
    '/cases/:case_id',
    {
      config: { action: 'cases' },
      schema: {
        description: 'One case with its plan and every change (who and when).',
        tags: ['cases'],
        params: CaseId,
        response: { 200: CaseDetailBody, ...Errors },
      },
    },
    async (request) => getCase(store, actorOf(request), request.params.case_id),
  );

  app.post(
    '/cases/:case_id/assign',
    {
      config: { action: 'cases' },
      schema: {
        description: 'Assigns the case to a counsellor: an enabled caseworker whose region covers the seeker (001 §7).',
        tags: ['cases'],
        params: CaseId,
        body: z.object({ assignee: z.string().min(1).max(64) }).strict(),
        response: { 200: CaseDetailBody, ...Errors },
      },
    },
    async (request) => assignToCaseworker(app, store, actorOf(request), request.params.case_id, request.body.assignee),
  );

  app.post(
    '/cases/:case_id/take',
    {
      config: { action: 'cases' },
      schema: {
        description: 'The caller takes the case; an open case becomes in progress.',
        tags: ['cases'],
        params: CaseId,
        response: { 200: CaseDetailBody, ...Errors },
      },
    },
    async (request) => takeCase(store, actorOf(request), request.params.case_id),
  );

  app.post(
    '/cases/:case_id/contacts',
    {
      config: { action: 'cases' },
      schema: {
        description:
          'Records a contact with the seeker into the follow-up ledger (a follow_up record, so the ' +
          'follow-up-compliance query counts it; 003 §22). The next contact defaults to 30 days on. The ' +
          'same request_id sent again records nothing twice.',
        tags: ['cases'],
        params: CaseId,
        body: z
          .object({
            date: Day,
            channel: z.enum(FOLLOW_UP_CHANNELS),
            result: z.enum(FOLLOW_UP_RESULTS),
            next_date: Day.optional(),
            note: Note,
            request_id: z
              .string()
              .regex(/^[\w.:-]{1,48}$/)
              .optional(),
          })
          .strict(),
        response: { 200: ContactResultBody, ...Errors },
      },
    },
    async (request) => {
      const b = request.body;
      return recordCaseContact(
        store,
        actorOf(request),
        request.params.case_id,
        {
          date: b.date,
          channel: b.channel,
          result: b.result,
          ...(b.next_date ? { nextDate: b.next_date } : {}),
          ...(b.note ? { note: b.note } : {}),
          ...(b.request_id ? { requestId: b.request_id } : {}),
        },
        context.recordWriter ? { recordWriter: context.recordWriter } : {},
      );
    },
  );

  app.post(
    '/cases/:case_id/plan',
    {
      config: { action: 'cases' },
      schema: {
        description:
          'Adds a step to the individual assistance plan (001 §7; 003 §16): training, a public-welfare post, a ' +
          'referral (names its posting) or a subsidy application, with its due date.',
        tags: ['cases'],
        params: CaseId,
        body: z
          .object({
            kind: z.enum(PLAN_STEP_KINDS),
            description: z.string().min(1).max(2000),
            due_date: Day,
            posting_id: z.string().min(1).max(64).optional(),
            note: Note,
          })
          .strict(),
        response: { 200: CaseDetailBody, ...Errors },
      },
    },
    async (request) => {
      const b = request.body;
      return addPlanStep(store, actorOf(request), request.params.case_id, {
        kind: b.kind,
        description: b.description,
        dueDate: b.due_date,
        ...(b.posting_id ? { postingId: b.posting_id } : {}),
        ...(b.note ? { note: b.note } : {}),
      });
    },
  );

  app.patch(
    '/cases/:case_id/plan/:step_id',
    {
      config: { action: 'cases' },
      schema: {
        description:
          'Moves a plan step on (planned → in_progress → done, or cancelled) or changes its due date or note; done and cancelled are final.',
        tags: ['cases'],
        params: z.object({ case_id: z.string().min(1).max(64), step_id: z.string().min(1).max(64) }).strict(),
        body: z.object({ status: z.enum(PLAN_STEP_STATUSES).optional(), due_date: Day.optional(), note: Note }).strict(),
        response: { 200: CaseDetailBody, ...Errors },
      },
    },
    async (request) => {
      const b = request.body;
      return updatePlanStep(store, actorOf(request), request.params.case_id, {
        stepId: request.params.step_id,
        ...(b.status ? { status: b.status } : {}),
        ...(b.due_date ? { dueDate: b.due_date } : {}),
        ...(b.note !== undefined ? { note: b.note } : {}),
      });
    },
  );

  app.get(
    '/cases/:case_id/recommendations',
    {
      config: { action: 'cases' },
      schema: {
        description:
          "The seeker's recommendations of the days up to their latest run (latest per posting): grade, explanation, " +
          "skills gap, policy hints, the posting's review state and commitment mark, and whether it is referred.",
        tags: ['cases'],
        params: CaseId,
        querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }).strict(),
        response: { 200: z.array(SeekerRecommendationBody), ...Errors },
      },
    },
    async (request) => seekerRecommendations(store, actorOf(request), request.params.case_id, { days: request.query.days }),
  );

  app.post(
    '/cases/:case_id/referrals',
    {
      config: { action: 'cases' },
      schema: {
        description: 'Refers the seeker to an approved posting: a referral step in progress; a posting already referred is refused (409).',
        tags: ['cases'],
        params: CaseId,
        body: z.object({ posting_id: z.string().min(1).max(64), due_date: Day.optional(), note: Note }).strict(),
        response: { 200: CaseDetailBody, ...Errors },
      },
    },
    async (request) => {
      const b = request.body;
      return markReferral(store, actorOf(request), request.params.case_id, {
        postingId: b.posting_id,
        ...(b.due_date ? { dueDate: b.due_date } : {}),
        ...(b.note ? { note: b.note } : {}),
      });
    },
  );

  app.post(
    '/cases/:case_id/close',
    {
      config: { action: 'cases' },
      schema: {
        description: 'Closes the case with its outcome (other needs a note); open plan steps are cancelled.',
        tags: ['cases'],
        params: CaseId,
        body: z.object({ outcome: z.enum(CASE_OUTCOMES), note: Note }).strict(),
        response: { 200: CaseDetailBody, ...Errors },
      },
    },
    async (request) =>
      closeCase(store, actorOf(request), request.params.case_id, {
        outcome: request.body.outcome,
        ...(request.body.note?.trim() ? { note: request.body.note } : {}),
      }),
  );
};

/** Who may be given a case of a seeker living in `residence`: an enabled caseworker (or admin) whose region includes it. */
function canCounsel(user: UserRow | null, residence: string): user is UserRow {
  return (
    user !== null &&
    !user.disabled &&
    (user.role === 'caseworker' || user.role === 'admin') &&
    (user.region === null || Regions.get().within(residence, user.region))
  );
}

/** The counsellors a case can be assigned to (the console's choice list), caseworkers first, by name. */
export async function eligibleCounsellors(app: Api, residence: string): Promise<string[]> {
  const users = await app.auth.readUsers((u) => u.list());
  return users
    .filter((u) => canCounsel(u, residence))
    .sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'caseworker' ? -1 : 1))
    .map((u) => u.name);
}

/**
 * Assigns a case to a named counsellor (policy: employment-assistance): an enabled caseworker (or admin) whose region
 * covers where the seeker lives, so the counsellor can see the case they are given.
 */
export async function assignToCaseworker(app: Api, store: StoreHost, actor: Actor, caseId: string, assignee: string): Promise<CaseDetail> {
  const { case: c } = await getCase(store, actor, caseId);
  const user = await app.auth.readUsers((users) => users.get(assignee));
  if (!canCounsel(user, c.seeker.residence_region)) {
    throw new HttpError(400, `${assignee} cannot take this case`, {
      code: 'ASSIGNEE_INVALID',
      issues: [{ code: 'custom', path: 'body.assignee', message: 'not an enabled caseworker of the seeker’s region' }],
      hint: 'assign to a caseworker whose region includes where the seeker lives',
    });
  }
  return assignCase(store, actor, caseId, { assignee });
}
