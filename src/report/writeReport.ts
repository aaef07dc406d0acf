import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SinkError } from '../core/PipelineError.ts';
import { withSession } from '../query/AnalyticsSession.ts';
import { QueryPack } from '../query/QueryPack.ts';
import { loadChartLibrary } from './loadChartLibrary.ts';
import { gatherReportData, type ReportData } from './ReportData.ts';
import { renderReportHtml } from './renderReportHtml.ts';

export interface ReportOptions {
  db: string;
  out: string;
  scope?: string | null;
  period?: string;
  taxonomyDir?: string | null;
}

/** Gathers the figures in a (scoped) session, renders them, writes one HTML file. */
export async function writeReport(options: ReportOptions): Promise<{ out: string; bytes: number; data: ReportData }> {
  const pack = await QueryPack.load();
  const data = await withSession({ db: options.db, scope: options.scope, taxonomyDir: options.taxonomyDir }, (session) =>
    gatherReportData(session, pack, { period: options.period }),
  );
  const html = renderReportHtml(data, await loadChartLibrary());
  try {
    await mkdir(dirname(options.out), { recursive: true });
    await writeFile(options.out, html, 'utf8');
  } catch (error) {
    throw new SinkError(`cannot write report ${options.out}: ${(error as Error).message}`, {
      code: 'REPORT_WRITE_FAILED',
      cause: error,
      hint: 'check --out',
    });
  }
  return { out: options.out, bytes: Buffer.byteLength(html), data };
}
