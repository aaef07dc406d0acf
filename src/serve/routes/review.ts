import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../review/Actor.ts';
import { approvePosting, postingReview, rejectPosting, returnPosting, reviewQueue } from '../../review/reviewDesk.ts';
import { ErrorResponse, type RouteModule } from '../buildHttpServer.ts';
import { DecisionResultBody, PostingReviewBody, ReviewQueueBody } from './deskSchemas.ts';
import './fastifyTypes.ts';

const Errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const PostingId = z.object({ posting_id: z.string().min(1).max(64) }).strict();
const STATES = ['pending', 'returned', 'approved', 'rejected'] as const;
const StateList = z
  .string()
  .regex(new RegExp(`^(${STATES.join('|')})(,(${STATES.join('|')}))*$`), 'states, comma-separated: pending, returned, approved, rejected')
  .transform((s) => [...new Set(s.split(','))] as (typeof STATES)[number][]);

/** The acting user of a desk function: the signed-in principal's name and region, never anything the request says. */
export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal!;
  return { name: p.name, region: p.region };
}

/**
 * The posting review desk (policy: posting-review, commitment-acceptance): the reviewer's queue of their region, oldest first, with
 * the automatic findings explained in Chinese and English, and the three decisions. The
 * functions are src/review/reviewDesk.ts; a posting of another region answers 404.
 */
export const reviewRoutes: RouteModule = async (app, context) => {
  const store = context.host;

  app.get(
    '/review/queue',
    {
      config: { action: 'review' },
      schema: {
        description: "Posting versions of the caller's region awaiting a decision (default pending), oldest arrival first.",
        tags: ['review'],
        querystring: z
          .object({
            states: StateList.optional().describe('default pending'),
            blocking_only: z.enum(['true', 'false']).optional().describe('only versions with a block finding'),
            limit: z.coerce.number().int().min(1).max(1000).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          })
          .strict(),
        response: { 200: ReviewQueueBody, ...Errors },
      },
    },
    async (request) => {
      const q = request.query;
      return reviewQueue(store, actorOf(request), {
        ...(q.states ? { states: q.states } : {}),
        blockingOnly: q.blocking_only === 'true',
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  app.get(
    '/review/postings/:posting_id',
    {
      config: { action: 'review' },
      schema: {
        description: "A posting's current version under review and every decision on it.",
        tags: ['review'],
        params: PostingId,
        response: { 200: PostingReviewBody, ...Errors },
      },
    },
    async (request) => postingReview(store, actorOf(request), request.params.posting_id),
  );

  const Decision = z
    .object({
      version: z.number().int().min(0).describe('the version the reviewer saw; a newer one makes the decision stale (409)'),
      reason: z.string().max(2000).optional(),
    })
    .strict();
  const decisions = [
    ['approve', approvePosting, 'Approves the version for publication; over a block finding a reason is required.'],
    ['reject', rejectPosting, 'Rejects the version, with the reason the employer is told (required).'],
    ['return', returnPosting, 'Returns the version for correction, saying what to correct (required).'],
  ] as const;
  for (const [action, decide, description] of decisions) {
    app.post(
      `/review/postings/:posting_id/${action}`,
      {
        config: { action: 'review' },
        schema: { description, tags: ['review'], params: PostingId, body: Decision, response: { 200: DecisionResultBody, ...Errors } },
      },
      async (request) =>
        decide(store, actorOf(request), {
          postingId: request.params.posting_id,
          version: request.body.version,
          ...(request.body.reason?.trim() ? { reason: request.body.reason } : {}),
        }),
    );
  }
};
