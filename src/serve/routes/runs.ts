import { z } from 'zod';
import type { WatchSummary } from '../../risk/watchLayoffs.ts';
import { Regions } from '../../validation/Regions.ts';
import { ErrorResponse, type RouteModule } from '../buildHttpServer.ts';
import { HttpError } from '../HttpError.ts';
import type { ServiceContext } from '../ServiceContext.ts';
import { serveSql } from './serveSql.ts';
import './fastifyTypes.ts';

const Errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

const Level = z.enum(['none', 'blue', 'yellow', 'orange', 'red']);

const MatchSummary = z.object({
  run_id: z.string(),
  mode: z.enum(['full', 'incremental']),
  since: z.string().nullable(),
  stats: z.object({
    seekers: z.number(),
    seekers_scored: z.number(),
    postings: z.number(),
    postings_active: z.number(),
    postings_flagged: z.number(),
    pairs_scored: z.number(),
    recommendations: z.number(),
    queued_seekers: z.number(),
    by_grade: z.record(z.string(), z.number()),
    by_tier: z.record(z.string(), z.number()),
    by_channel: z.record(z.string(), z.number()),
    phase_ms: z.object({ prepare: z.number(), score: z.number(), allocate: z.number(), explain: z.number() }),
  }),
  pushed: z.number(),
  sink: z.string(),
  wall_s: z.number(),
});

const WatchSummaryBody = z.object({
  period: z.string(),
  enterprises_flagged: z.number(),
  levels: z.record(
    z.enum(['enterprise', 'region_industry', 'region']),
    z.record(z.enum(['none', 'blue', 'yellow', 'orange', 'red']), z.number()),
  ),
  written: z.number(),
  pushed: z.number(),
  pushed_to: z.string().nullable(),
  compliance: z.object({ art41_plan_not_filed: z.number(), refund_ineligible: z.number() }),
  watch_list: z.array(z.object({ code: z.string(), name: z.string().nullable(), level: Level })),
  top: z.array(
    z.object({
      scope_kind: z.enum(['enterprise', 'region_industry', 'region']),
      scope_key: z.string(),
      level: Level,
      status: z.enum(['new', 'escalated', 'continuing', 'de_escalated', 'watch']),
      explanation_zh: z.string(),
      explanation_en: z.string(),
    }),
  ),
  timings_ms: z.record(z.string(), z.number()),
});

/**
 * Runs on demand (service and admin): a match run over the seekers of the caller's region
 * (a narrower region may be asked for, never a wider one), and a watch-layoffs run, whose
 * named alerts and watch-list entries are cut to the caller's region in the answer.
 */
export const runRoutes: RouteModule = async (app, context) => {
  app.post(
    '/runs/match',
    {
      config: { action: 'match.run' },
      schema: {
        description: 'Starts a match run and answers with its summary when it is done (the same as `labourflow match --json`).',
        tags: ['runs'],
        body: z
          .object({
            mode: z.enum(['full', 'incremental']).default('full'),
            top: z.number().int().min(1).max(100).optional(),
            as_of: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
              .optional(),
            dry_run: z.boolean().optional(),
            scope: z
              .string()
              .regex(/^\d{6}$/)
              .optional()
              .describe('only seekers of this region; must lie within the caller’s own'),
          })
          .strict(),
        response: { 200: MatchSummary, ...Errors },
      },
    },
    async (request) => {
      const p = request.principal!;
      const b = request.body;
      let scope = p.region;
      if (b.scope !== undefined) {
        if (!Regions.get().has(b.scope) || (p.region !== null && !Regions.get().within(b.scope, p.region))) {
          throw new HttpError(403, `scope ${b.scope} is outside your region ${p.region}`, {
            code: 'OUT_OF_SCOPE',
            issues: [{ code: 'out_of_scope', path: 'body.scope', message: `not within ${p.region}` }],
          });
        }
        scope = b.scope;
      }
      return context.runMatch({ mode: b.mode, top: b.top, asOf: b.as_of, dryRun: b.dry_run, scope });
    },
  );

  app.post(
    '/runs/watch-layoffs',
    {
      config: { action: 'watch.run' },
      schema: {
        description:
          'Assesses layoff risk for a period (default: the latest with reports), or each period up to `through`; answers with one summary per period.',
        tags: ['runs'],
        body: z.object({ period: Month.optional(), through: Month.optional() }).strict(),
        response: { 200: z.object({ summaries: z.array(WatchSummaryBody) }), ...Errors },
      },
    },
    async (request) => {
      const summaries = await context.runWatchLayoffs({ period: request.body.period, through: request.body.through });
      const region = request.principal!.region;
      return { summaries: region === null ? summaries : await Promise.all(summaries.map((s) => withinRegion(context, s, region))) };
    },
  );
};

/** A summary with only the alerts and watch-list entries of `region` named (counts stay store-wide). */
async function withinRegion(context: ServiceContext, summary: WatchSummary, region: string): Promise<WatchSummary> {
  const ids = [
    ...summary.top.map((t) => `${summary.period}:${t.scope_kind}:${t.scope_key}`),
    ...summary.watch_list.map((w) => `${summary.period}:enterprise:${w.code}`),
  ];
  const regionOf = new Map<string, string>();
  if (ids.length) {
    const sql = await serveSql('alert_region');
    await context.host.withReader(async (connection) => {
      for (const id of new Set(ids)) {
        const row = (await connection.runAndReadAll(sql, { alert_id: id } as never)).getRowsJson()[0];
        if (row) regionOf.set(id, String(row[0]));
      }
    });
  }
  const inRegion = (id: string) => {
    const code = regionOf.get(id);
    return code !== undefined && Regions.get().within(code, region);
  };
  return {
    ...summary,
    top: summary.top.filter((t) => inRegion(`${summary.period}:${t.scope_kind}:${t.scope_key}`)),
    watch_list: summary.watch_list.filter((w) => inRegion(`${summary.period}:enterprise:${w.code}`)),
  };
}
