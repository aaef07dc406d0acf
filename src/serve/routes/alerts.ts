import { z } from 'zod';
import { ErrorResponse, type RouteModule } from '../buildHttpServer.ts';
import { HttpError } from '../HttpError.ts';
import { FormatParams, leaseSession, ResultBody, sendStatement, withSession } from './results.ts';
import { serveSql } from './serveSql.ts';
import './fastifyTypes.ts';

const LEVEL_RANK = { none: 0, blue: 1, yellow: 2, orange: 3, red: 4 } as const;
const Errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

const Alert = z.object({
  alert_id: z.string(),
  period: z.string(),
  scope_kind: z.string(),
  scope_key: z.string(),
  level: z.string(),
  level_rank: z.number(),
  region_code: z.string(),
  region_name: z.string().nullable(),
  industry_code: z.string().nullable(),
  employer_credit_code: z.string().nullable(),
  employer_name: z.string().nullable(),
  on_watch_list: z.boolean(),
  compliance_flags: z.array(z.string()),
  explanation_zh: z.string(),
  explanation_en: z.string(),
  status: z.string(),
  first_seen: z.string(),
});

/** Layoff-risk alerts (watch-layoffs) of the caller's region. */
export const alertRoutes: RouteModule = async (app, context) => {
  app.get(
    '/alerts',
    {
      config: { action: 'alerts' },
      schema: {
        description: "Layoff-risk alerts in the caller's region, newest period and highest level first.",
        tags: ['alerts'],
        querystring: z
          .object({
            period: z
              .string()
              .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
              .optional(),
            min_level: z.enum(['none', 'blue', 'yellow', 'orange', 'red']).default('none'),
            scope_kind: z.enum(['enterprise', 'region_industry', 'region']).optional(),
            limit: z.coerce.number().int().min(1).max(100_000).default(1000),
            ...FormatParams,
          })
          .strict(),
        response: { 200: ResultBody, ...Errors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const lease = await leaseSession(context, request);
      return sendStatement(
        context,
        request,
        reply,
        lease,
        await serveSql('alerts'),
        { period: q.period ?? '', scope_kind: q.scope_kind ?? '', min_rank: LEVEL_RANK[q.min_level], limit: q.limit },
        { format: q.format, bom: q.bom === 'true', accessWhat: null, kind: 'export' },
      );
    },
  );

  app.get(
    '/alerts/:alert_id',
    {
      config: { action: 'alerts' },
      schema: {
        description: 'One alert; 404 when it does not exist or lies outside the caller’s region.',
        tags: ['alerts'],
        params: z.object({ alert_id: z.string().min(1).max(200) }).strict(),
        response: { 200: Alert, ...Errors },
      },
    },
    async (request) => {
      const sql = await serveSql('alert');
      const row = await withSession(context, request, async ({ connection }) => {
        const reader = await connection.runAndReadAll(sql, { alert_id: request.params.alert_id } as never);
        return reader.getRowObjectsJson()[0];
      });
      if (!row) throw HttpError.notFound(`alert ${request.params.alert_id}`);
      return row as z.infer<typeof Alert>;
    },
  );
};
