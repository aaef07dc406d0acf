import { writeFile } from 'node:fs/promises';
import { ConfigError, SinkError } from '../core/PipelineError.ts';
import type { QueryResult } from './AnalyticsSession.ts';
import { toArrowIpc } from './arrowExport.ts';
import { formatCsv } from './formatCsv.ts';
import { writeParquet } from './writeParquet.ts';
import { formatTable } from './formatTable.ts';

export const FORMATS = ['table', 'csv', 'json', 'parquet', 'arrow'] as const;
export type Format = (typeof FORMATS)[number];

export function parseFormat(value: string | undefined, out: string | undefined): Format {
  const format = (value ?? (out ? guessFromExtension(out) : 'table')) as Format;
  if (!FORMATS.includes(format)) {
    throw new ConfigError(`unknown --format "${value}"`, { code: 'FORMAT_UNKNOWN', hint: `use one of ${FORMATS.join(', ')}` });
  }
  if ((format === 'parquet' || format === 'arrow') && !out) {
    throw new ConfigError(`--format ${format} is binary and needs --out FILE`, {
      code: 'OUT_REQUIRED',
      hint: `e.g. --out result.${format === 'arrow' ? 'arrow' : 'parquet'}`,
    });
  }
  return format;
}

function guessFromExtension(out: string): Format {
  if (/\.parquet$/i.test(out)) return 'parquet';
  if (/\.(arrow|feather|ipc)$/i.test(out)) return 'arrow';
  if (/\.csv$/i.test(out)) return 'csv';
  if (/\.json$/i.test(out)) return 'json';
  return 'table';
}

/** Rows as JSON objects, one array; dates and 64-bit integers as the session rendered them. */
export function formatJson(result: QueryResult): string {
  const objects = result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i] ?? null])));
  return `${JSON.stringify(objects, null, 2)}\n`;
}

/** Writes the result in `format` to `out`, or to stdout for the text formats. Returns where it went. */
export async function exportResult(
  result: QueryResult,
  format: Format,
  out?: string,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<string> {
  if (format === 'parquet') {
    await writeParquet(result, out!);
    return out!;
  }
  const data =
    format === 'arrow'
      ? toArrowIpc(result)
      : format === 'csv'
        ? formatCsv(result)
        : format === 'json'
          ? formatJson(result)
          : formatTable(result);
  if (!out) {
    stdout.write(data as string);
    return 'stdout';
  }
  try {
    await writeFile(out, data);
  } catch (error) {
    throw new SinkError(`cannot write ${out}: ${(error as Error).message}`, {
      code: 'EXPORT_FAILED',
      cause: error,
      hint: 'check that the directory exists and is writable',
    });
  }
  return out;
}
