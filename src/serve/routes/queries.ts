import { z } from 'zod';
import { SEEKER_LEVEL_TABLES } from '../../auth/AccessLog.ts';
import type { ParamSpec, QueryDefinition } from '../../query/parseQueryFile.ts';
import { QueryPack } from '../../query/QueryPack.ts';
import { bindParams } from '../../query/bindParams.ts';
import { ErrorResponse, type RouteModule } from '../buildHttpServer.ts';
import { FormatParams, ResultBody, leaseSession, sendStatement } from './results.ts';
import './fastifyTypes.ts';

const QueryListing = z.array(
  z.object({
    name: z.string(),
    title_zh: z.string(),
    title_en: z.string(),
    description: z.string(),
    requires: z.array(z.string()),
    params: z.array(
      z.object({
        name: z.string(),
        type: z.string(),
        choices: z.array(z.string()).optional(),
        default: z.string(),
        description: z.string(),
      }),
    ),
    path: z.string(),
  }),
);

const Errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

/**
 * The analysts' query pack: a listing, and one route per query whose query-string schema is
 * built from the query's header (types, choices, defaults), so /openapi.json documents each
 * parameter and an unknown one is refused. The session is scoped to the caller's region; no
 * parameter can name another scope.
 */
export const queryRoutes: RouteModule = async (app, context) => {
  const pack = await QueryPack.load();

  app.get(
    '/queries',
    {
      config: { action: 'queries' },
      schema: {
        description: "The query pack: names, titles, parameters (from each query's header).",
        tags: ['queries'],
        response: { 200: QueryListing, ...Errors },
      },
    },
    async () =>
      pack.list().map((d) => ({
        name: d.name,
        title_zh: d.titleZh,
        title_en: d.titleEn,
        description: d.description,
        requires: d.requires,
        params: d.params.map((p) => ({
          name: p.name,
          type: p.type,
          ...(p.choices ? { choices: p.choices } : {}),
          default: p.default,
          description: p.description,
        })),
        path: `/queries/${d.name}`,
      })),
  );

  for (const def of pack.list()) {
    const seekerLevel = def.requires.some((t) => SEEKER_LEVEL_TABLES.has(t));
    app.get(
      `/queries/${def.name}`,
      {
        config: { action: 'queries' },
        schema: {
          summary: `${def.titleZh} / ${def.titleEn}`,
          description: def.description,
          tags: ['queries'],
          querystring: querySchema(def),
          response: { 200: ResultBody, ...Errors },
        },
      },
      async (request, reply) => {
        const { format, bom, ...given } = request.query as Record<string, string | undefined> & { format: 'json'; bom?: string };
        const params = bindParams(def, Object.fromEntries(Object.entries(given).filter((e): e is [string, string] => e[1] !== undefined)));
        const lease = await leaseSession(context, request);
        const missing = def.requires.filter((t) => !lease.session.available.has(t));
        return sendStatement(context, request, reply, lease, def.sql, params, {
          format,
          bom: bom === 'true',
          trailer: { query: def.name, params, missing_tables: missing },
          accessWhat: seekerLevel ? `query ${def.name} ${JSON.stringify(params)}` : null,
          kind: 'query',
        });
      },
    );
  }
};

/** The query string a query accepts: its declared parameters (as text, checked by type) and the format; nothing else. */
export function querySchema(def: QueryDefinition) {
  const shape: Record<string, z.ZodType> = {};
  for (const p of def.params) shape[p.name] = paramSchema(p).optional();
  return z.object({ ...shape, ...FormatParams }).strict();
}

function paramSchema(p: ParamSpec): z.ZodType {
  const d = `${p.description} (default ${p.default || 'empty'})`;
  switch (p.type) {
    case 'enum':
      return z.enum(p.choices as [string, ...string[]]).describe(d);
    case 'int':
      return z
        .string()
        .regex(/^-?\d{1,9}$/, 'a whole number')
        .describe(d);
    case 'number':
      return z
        .string()
        .regex(/^-?\d+(\.\d+)?$/, 'a number')
        .describe(d);
    case 'date':
      return z
        .string()
        .regex(/^(latest|\d{4}-\d{2}-\d{2})$/, 'YYYY-MM-DD or latest')
        .describe(d);
    case 'month':
      return z
        .string()
        .regex(/^(latest|\d{4}-(0[1-9]|1[0-2]))$/, 'YYYY-MM or latest')
        .describe(d);
    case 'quarter':
      return z
        .string()
        .regex(/^(latest|\d{4}-Q[1-4])$/, 'YYYY-Qn or latest')
        .describe(d);
    case 'region':
      return z
        .string()
        .regex(/^(\d{6})?$/, 'a six-digit region code')
        .describe(d);
    case 'string':
      return z.string().max(200).describe(d);
  }
}
