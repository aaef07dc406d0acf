import { z } from 'zod';
import { ErrorResponse, type RouteModule } from '../buildHttpServer.ts';
import { HttpError } from '../HttpError.ts';
import { FormatParams, leaseSession, ResultBody, sendStatement } from './results.ts';
import { serveSql } from './serveSql.ts';
import './fastifyTypes.ts';

const Errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const SeekerId = z.string().min(1).max(100);
const RunId = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/);
const Limit = z.coerce.number().int().min(1).max(100_000).default(1000);

/**
 * Caseworkers' reads: recommendations and the caseworker queue of their region. Seekers of
 * other regions do not exist for them (404), and every read is in the access trail.
 */
export const caseworkRoutes: RouteModule = async (app, context) => {
  app.get(
    '/recommendations',
    {
      config: { action: 'recommendations' },
      schema: {
        description: "Recommendations of seekers in the caller's region: of one run, or each seeker's latest run (default).",
        tags: ['casework'],
        querystring: z
          .object({
            seeker_id: SeekerId.optional(),
            run_id: RunId.optional(),
            grade: z.enum(['A', 'B', 'C', 'D']).optional(),
            limit: Limit,
            ...FormatParams,
          })
          .strict(),
        response: { 200: ResultBody, ...Errors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const lease = await leaseSession(context, request);
      const params = { seeker_id: q.seeker_id ?? '', run_id: q.run_id ?? '', grade: q.grade ?? '', limit: q.limit };
      return sendStatement(context, request, reply, lease, await serveSql('recommendations'), params, {
        format: q.format,
        bom: q.bom === 'true',
        accessWhat: `recommendations ${JSON.stringify(params)}`,
        kind: 'export',
      });
    },
  );

  app.get(
    '/seekers/:seeker_id/recommendations',
    {
      config: { action: 'recommendations' },
      schema: {
        description: 'One seeker’s latest recommendations (or of run_id); 404 when the seeker is not in the caller’s region.',
        tags: ['casework'],
        params: z.object({ seeker_id: SeekerId }).strict(),
        querystring: z.object({ run_id: RunId.optional(), ...FormatParams }).strict(),
        response: { 200: ResultBody, ...Errors },
      },
    },
    async (request, reply) => {
      const { seeker_id } = request.params;
      const lease = await leaseSession(context, request);
      let visible: boolean;
      try {
        const reader = await lease.connection.runAndReadAll(await serveSql('seeker_visible'), { seeker_id } as never);
        visible = Number(reader.getRows()[0]![0]) > 0;
      } catch (error) {
        lease.release(false);
        throw error;
      }
      if (!visible) {
        lease.release(true);
        throw HttpError.notFound(`seeker ${seeker_id}`);
      }
      const params = { seeker_id, run_id: request.query.run_id ?? '', grade: '', limit: 1000 };
      return sendStatement(context, request, reply, lease, await serveSql('recommendations'), params, {
        format: request.query.format,
        bom: request.query.bom === 'true',
        accessWhat: `recommendations of seeker ${seeker_id}`,
        kind: 'export',
      });
    },
  );

  app.get(
    '/queue',
    {
      config: { action: 'queue' },
      schema: {
        description: "The caseworker queue of the caller's region: each seeker's latest entry, T4 and most points first.",
        tags: ['casework'],
        querystring: z
          .object({
            tier: z.enum(['T3', 'T4']).optional(),
            status: z.enum(['open', 'in_progress', 'closed']).optional(),
            limit: Limit,
            ...FormatParams,
          })
          .strict(),
        response: { 200: ResultBody, ...Errors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const lease = await leaseSession(context, request);
      const params = { tier: q.tier ?? '', status: q.status ?? '', limit: q.limit };
      return sendStatement(context, request, reply, lease, await serveSql('queue'), params, {
        format: q.format,
        bom: q.bom === 'true',
        accessWhat: `caseworker queue ${JSON.stringify(params)}`,
        kind: 'export',
      });
    },
  );
};
