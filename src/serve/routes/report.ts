import { z } from 'zod';
import { QueryPack } from '../../query/QueryPack.ts';
import { loadChartLibrary } from '../../report/loadChartLibrary.ts';
import { gatherReportData } from '../../report/ReportData.ts';
import { renderReportHtml } from '../../report/renderReportHtml.ts';
import { ErrorResponse, type RouteModule } from '../buildHttpServer.ts';
import { addressOf } from './auth.ts';
import { withSession } from './results.ts';
import './fastifyTypes.ts';

/** Header with what the report covers, as URI-encoded JSON {scope_code, scope_name, quarter, month}. */
export const REPORT_HEADER = 'x-labourflow-report';

/** The HTML report of `labourflow report`, for the caller's region. */
export const reportRoutes: RouteModule = async (app, context) => {
  const pack = await QueryPack.load();
  app.get(
    '/report',
    {
      config: { action: 'report' },
      schema: {
        description: `One self-contained HTML page (charts inline, no network) for the caller's region. What it covers is in the ${REPORT_HEADER} header.`,
        tags: ['report'],
        querystring: z
          .object({
            period: z
              .string()
              .regex(/^(latest|\d{4}-Q[1-4]|\d{4}-(0[1-9]|1[0-2]))$/, 'YYYY-Qn, YYYY-MM or latest')
              .optional(),
          })
          .strict(),
        response: { 200: z.string().describe('text/html'), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const started = performance.now();
      const data = await withSession(context, request, ({ session }) => gatherReportData(session, pack, { period: request.query.period }));
      const html = renderReportHtml(data, await loadChartLibrary());
      context.observeQuery('report', (performance.now() - started) / 1000);
      const p = request.principal!;
      // The report's figures are drawn from seekers, follow-ups and outcomes.
      await app.accessLog.record({
        user_name: p.name,
        role: p.role,
        region: p.region,
        method: request.method,
        endpoint: '/report',
        what: `report ${data.quarter} ${data.month}`,
        rows: 0,
        outcome: 'ok',
        address: addressOf(request),
      });
      void reply.header(
        REPORT_HEADER,
        encodeURIComponent(
          JSON.stringify({ scope_code: data.scope.code, scope_name: data.scope.name, quarter: data.quarter, month: data.month }),
        ),
      );
      void reply.type('text/html; charset=utf-8');
      return reply.send(html);
    },
  );
};
