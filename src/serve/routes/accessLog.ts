import { z } from 'zod';
import { sqlFile } from '../../store/sqlFile.ts';
import { ErrorResponse, type RouteModule } from '../buildHttpServer.ts';
import './fastifyTypes.ts';

const Entry = z.object({
  read_at: z.string(),
  user_name: z.string(),
  role: z.string(),
  region: z.string().nullable(),
  method: z.string(),
  endpoint: z.string(),
  what: z.string(),
  rows: z.number(),
  outcome: z.string(),
  address: z.string().nullable(),
});

/** The access trail, for admins: a regional admin sees the reads made under its region only. */
export const accessLogRoutes: RouteModule = async (app, context) => {
  const sql = await sqlFile('auth/access_list');
  app.get(
    '/access-log',
    {
      config: { action: 'access_log.read' },
      schema: {
        description: "Reads of seekers' personal data (who, when, what, how many rows), newest first.",
        tags: ['users'],
        querystring: z
          .object({ user: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(10_000).default(100) })
          .strict(),
        response: { 200: z.array(Entry), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => {
      const region = request.principal!.region;
      const prefix = region === null ? '' : region.replace(/(00)+$/, '');
      return context.host.withReader(async (connection) => {
        const reader = await connection.runAndReadAll(sql, {
          user_name: request.query.user ?? '',
          region_prefix: prefix,
          limit: request.query.limit,
        } as never);
        return reader.getRowObjectsJson().map((r) => ({ ...r, rows: Number(r.rows) })) as z.infer<typeof Entry>[];
      });
    },
  );
};
