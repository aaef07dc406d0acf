import { isErrorCode } from '../../core/errorCodes.ts';
import ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { QueryDefinition } from '../../query/parseQueryFile.ts';
import { QueryPack } from '../../query/QueryPack.ts';
import { HttpError } from '../HttpError.ts';
import type { Api, ErrorResponse } from '../buildHttpServer.ts';
import type { ServiceContext } from '../ServiceContext.ts';
import { type Html, html, jsonIsland } from './html.ts';
import { page } from './layout.ts';
import { LEVEL_LABELS, type Messages, messages, pick } from './messages.ts';
import { columnHeads, options, pageContext, sendPage } from './pageKit.ts';

interface ResultJson {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  row_count: number;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
/** Columns that hold a GB/T 2260 code: rows carry it so a reader (and the tests) can see whose rows they are. */
const REGION_COLUMNS = new Set(['region_code', 'office_code', 'residence_region', 'office_region', 'county_code']);
const QueryName = z.object({ name: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict();
const Params = z.record(z.string(), z.string().max(200));

/**
 * Calls one of the API's result routes in-process with the caller's own credentials, so the
 * console runs exactly what the API runs: the same role check, region scope, parameter
 * validation and access trail. A refusal comes back as the API's error.
 */
async function viaApi(root: Api, request: FastifyRequest, url: string): Promise<ResultJson> {
  const headers: Record<string, string> = {};
  if (request.headers.cookie) headers.cookie = request.headers.cookie;
  if (request.headers.authorization) headers.authorization = request.headers.authorization;
  const response = await root.inject({ method: 'GET', url, headers, remoteAddress: request.ip });
  const body = response.json() as ResultJson & ErrorResponse;
  if (response.statusCode !== 200) {
    throw new HttpError(response.statusCode, body.message, {
      code: isErrorCode(body.code) ? body.code : 'REQUEST_INVALID',
      issues: body.issues,
      ...(body.hint ? { hint: body.hint } : {}),
    });
  }
  return body;
}

/** The query's own parameters from the request (anything else is dropped), as the API's query string. */
function queryString(def: QueryDefinition, given: Record<string, string>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const p of def.params) if (given[p.name] !== undefined && given[p.name] !== '') params.set(p.name, given[p.name]!);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function resultTable(result: ResultJson, id: string): Html {
  const regionIndex = result.columns.findIndex((c) => REGION_COLUMNS.has(c.name));
  return html`<table id="${id}"><thead><tr>${result.columns.map((c) => html`<th scope="col">${c.name}</th>`)}</tr></thead>
  <tbody>${result.rows.map(
    (row) =>
      html`<tr${regionIndex >= 0 && row[regionIndex] ? html` data-region="${cellText(row[regionIndex])}"` : ''}>${row.map(
        (v, i) => html`<td${NUMERIC.test(result.columns[i]!.type) ? html` class="num"` : ''}>${cellText(v)}</td>`,
      )}</tr>`,
  )}</tbody></table>`;
}

/** A bar chart of the first text column against the first numeric one (the table holds every figure). */
function chartOf(result: ResultJson, m: Messages): Html {
  // A name column reads better on the axis than a code; else the first text column.
  const named = result.columns.findIndex(
    (c, i) => c.type === 'VARCHAR' && c.name.endsWith('_name') && result.rows.some((r) => r[i] !== null),
  );
  const label = named >= 0 ? named : result.columns.findIndex((c) => c.type === 'VARCHAR');
  const value = result.columns.findIndex((c) => NUMERIC.test(c.type));
  if (label < 0 || value < 0 || result.rows.length === 0) return html``;
  const rows = result.rows.slice(0, 40);
  return html`<h2>${m.chart}</h2>
  <div class="chart"><canvas id="chart" role="img" aria-label="${m.chart}: ${result.columns[value]!.name}"></canvas></div>
  ${jsonIsland('chart-data', {
    label: result.columns[value]!.name,
    labels: rows.map((r) => cellText(r[label])),
    values: rows.map((r) => Number(r[value])),
  })}`;
}

/** The analysts' pages: the query pack with a form per query, the table and a chart and downloads; the report; layoff alerts. */
export async function analystPages(app: Api, _context: ServiceContext, root: Api): Promise<void> {
  const pack = await QueryPack.load();

  app.get('/console/queries', { config: { action: 'queries' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request);
    const m = messages(ctx.lang);
    const body = html`<ul id="query-list">${pack
      .list()
      .map(
        (d) =>
          html`<li><a href="/console/queries/${d.name}">${ctx.lang === 'zh' ? d.titleZh : d.titleEn}</a> <span class="hint">(${d.name})</span></li>`,
      )}</ul>`;
    return sendPage(reply, page(ctx, m.queriesTitle, body));
  });

  app.get(
    '/console/queries/:name',
    { config: { action: 'queries' }, schema: { hide: true, params: QueryName, querystring: Params } },
    async (request, reply) => {
      const ctx = pageContext(request);
      const m = messages(ctx.lang);
      const def = pack.list().find((d) => d.name === request.params.name);
      if (!def) throw HttpError.notFound(`query ${request.params.name}`);
      const given = request.query;
      const run = given.run === '1';
      const result = run ? await viaApi(root, request, `/queries/${def.name}?${queryString(def, given)}`) : null;
      const qs = queryString(def, given);
      const form = html`<form method="get" action="/console/queries/${def.name}" class="panel" id="query-form">
        <input type="hidden" name="run" value="1">
        ${def.params.map((p) => {
          const id = `p-${p.name}`;
          const value = given[p.name] ?? p.default;
          const control =
            p.type === 'enum'
              ? html`<select id="${id}" name="${p.name}">${options(p.choices ?? [], (c) => c, value)}</select>`
              : html`<input id="${id}" name="${p.name}" value="${value}" aria-describedby="${id}-d">`;
          return html`<p><label for="${id}">${p.name}</label> ${control} <span id="${id}-d" class="hint">${p.description}</span></p>`;
        })}
        <button type="submit">${m.run}</button>
      </form>`;
      const output = result
        ? html`<p id="row-count">${result.row_count} ${m.rows}</p>
        <p>${m.download}:
          <a href="/queries/${def.name}?${qs}${qs ? '&' : ''}format=csv&amp;bom=true" download="${def.name}.csv" id="download-csv">CSV</a> ·
          <a href="/console/queries/${def.name}/xlsx?${qs}" download="${def.name}.xlsx" id="download-xlsx">XLSX</a> ·
          <a href="/queries/${def.name}?${qs}${qs ? '&' : ''}format=parquet" download="${def.name}.parquet" id="download-parquet">Parquet</a></p>
        ${chartOf(result, m)}
        ${resultTable(result, 'result')}`
        : '';
      const title = ctx.lang === 'zh' ? def.titleZh : def.titleEn;
      return sendPage(
        reply,
        page(ctx, title, html`<p class="hint">${def.description}</p>${form}${output}`, {
          scripts: result ? ['/console/assets/chart.umd.min.js', '/console/assets/console.js'] : [],
        }),
      );
    },
  );

  app.get(
    '/console/queries/:name/xlsx',
    { config: { action: 'queries' }, schema: { hide: true, params: QueryName, querystring: Params } },
    async (request, reply) => {
      const def = pack.list().find((d) => d.name === request.params.name);
      if (!def) throw HttpError.notFound(`query ${request.params.name}`);
      const result = await viaApi(root, request, `/queries/${def.name}?${queryString(def, request.query)}`);
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet(def.name.slice(0, 31));
      sheet.addRow([def.titleZh]);
      sheet.addRow(result.columns.map((c) => c.name));
      for (const row of result.rows) {
        sheet.addRow(row.map((v, i) => (NUMERIC.test(result.columns[i]!.type) && v !== null ? Number(v) : cellText(v))));
      }
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
      // The file name is the query's own (checked against the pack), never text from the request.
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${def.name}.xlsx"`)
        .send(bytes);
    },
  );

  app.get('/console/report', { config: { action: 'report' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request);
    const m = messages(ctx.lang);
    const body = html`<p>${m.reportIntro}</p>
    <form method="get" action="/report" class="panel" id="report-form">
      <label for="period">${m.period}</label>
      <input id="period" name="period" value="latest" pattern="latest|\\d{4}-Q[1-4]|\\d{4}-(0[1-9]|1[0-2])" required>
      <button type="submit">${m.openReport}</button>
    </form>`;
    return sendPage(reply, page(ctx, m.reportTitle, body));
  });

  app.get(
    '/console/alerts',
    {
      config: { action: 'alerts' },
      schema: {
        hide: true,
        querystring: z
          .object({
            period: z.union([z.literal(''), z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)]).default(''),
            min_level: z.enum(['none', 'blue', 'yellow', 'orange', 'red']).default('blue'),
          })
          .strict(),
      },
    },
    async (request, reply) => {
      const ctx = pageContext(request);
      const m = messages(ctx.lang);
      const q = request.query;
      const params = new URLSearchParams({ min_level: q.min_level, ...(q.period ? { period: q.period } : {}), limit: '2000' });
      const result = await viaApi(root, request, `/alerts?${params}`);
      const col = (name: string) => result.columns.findIndex((c) => c.name === name);
      const [kind, level, region, regionName, industry, employer, period, explanation, firstSeen] = [
        'scope_kind',
        'level',
        'region_code',
        'region_name',
        'industry_code',
        'employer_name',
        'period',
        ctx.lang === 'zh' ? 'explanation_zh' : 'explanation_en',
        'first_seen',
      ].map(col) as number[];
      const section = (scope: string, title: string) => {
        const rows = result.rows.filter((r) => r[kind!] === scope);
        return html`<h2>${title}</h2>${
          rows.length === 0
            ? html`<p>${m.none}</p>`
            : html`<table id="alerts-${scope}"><thead><tr>${columnHeads(
                m.period,
                m.level,
                m.region,
                scope !== 'region' ? m.industry : null,
                scope === 'enterprise' ? m.employer : null,
                m.explanation,
                m.firstSeen,
              )}</tr></thead>
        <tbody>${rows.map(
          (
            r,
          ) => html`<tr data-region="${cellText(r[region!])}"><td>${cellText(r[period!])}</td><td>${pick(LEVEL_LABELS[cellText(r[level!])], ctx.lang)}</td>
          <td>${cellText(r[regionName!])} ${cellText(r[region!])}</td>${
            scope !== 'region' ? html`<td>${cellText(r[industry!])}</td>` : ''
          }${scope === 'enterprise' ? html`<td>${cellText(r[employer!])}</td>` : ''}
          <td>${cellText(r[explanation!])}</td><td>${cellText(r[firstSeen!])}</td></tr>`,
        )}</tbody></table>`
        }`;
      };
      const body = html`<form method="get" action="/console/alerts" class="panel">
        <label for="f-period">${m.period}</label> <input id="f-period" name="period" value="${q.period}" placeholder="2026-06" pattern="\\d{4}-(0[1-9]|1[0-2])">
        <label for="f-level">${m.minLevel}</label> <select id="f-level" name="min_level">${options(
          Object.keys(LEVEL_LABELS),
          (l) => pick(LEVEL_LABELS[l], ctx.lang),
          q.min_level,
        )}</select>
        <button type="submit">${m.filter}</button>
      </form>
      ${section('region', m.byRegion)}${section('region_industry', m.byRegionIndustry)}${section('enterprise', m.byEnterprise)}`;
      return sendPage(reply, page(ctx, m.alertsTitle, body));
    },
  );
}
