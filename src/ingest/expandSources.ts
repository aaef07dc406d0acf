import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../core/PipelineError.ts';
import { detectFileKind } from './detectFileKind.ts';

const DATA_FILE = /\.(ndjson|jsonl)$/i;

/**
 * Turns --from arguments into files: a file as is, a directory as its *.ndjson / *.jsonl
 * files, and a glob whose wildcards (*, ?) sit in the last path segment. Sorted, so a run is
 * repeatable. A pattern matching nothing, and a spreadsheet (CSV or Excel, told by content) given
 * where NDJSON is expected, are bad arguments (ConfigError, exit 2) found before anything is
 * opened for writing: a spreadsheet read as NDJSON would only become one dead letter per line.
 */
export async function expandSources(patterns: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    const found = await expandOne(pattern);
    if (found.length === 0) {
      const plain = !/[*?]/.test(basename(pattern));
      const info = plain ? await stat(pattern).catch(() => null) : null;
      const why = !plain ? 'matched no files' : info ? 'is a directory with no .ndjson or .jsonl file' : 'does not exist';
      throw new ConfigError(`--from ${pattern} ${why}`, {
        code: 'SOURCE_NOT_FOUND',
        hint: 'pass an NDJSON file, a directory of .ndjson/.jsonl files, or a glob like "data/*.ndjson" (quoted)',
      });
    }
    files.push(...found);
  }
  const unique = [...new Set(files)];
  for (const file of unique) await refuseSpreadsheet(file);
  return unique;
}

const SPREADSHEETS: Record<string, string> = {
  csv: 'a CSV table, not NDJSON',
  xlsx: 'an Excel workbook (.xlsx), not NDJSON',
  xls: 'a legacy Excel workbook (.xls), not NDJSON',
  ods: 'an OpenDocument spreadsheet, not NDJSON',
};

async function refuseSpreadsheet(file: string): Promise<void> {
  const what = SPREADSHEETS[await detectFileKind(file)];
  if (!what) return;
  throw new ConfigError(`--from ${file} is ${what}; nothing was ingested`, {
    code: 'SOURCE_IS_SPREADSHEET',
    hint:
      `to load a job board's or a fair's postings from a spreadsheet use: labourflow import-postings ` +
      `--file ${file} --mapping jobboard|MAPPING.json (docs/csv-import.md)`,
  });
}

async function expandOne(pattern: string): Promise<string[]> {
  const name = basename(pattern);
  if (!/[*?]/.test(name)) {
    const info = await stat(pattern).catch(() => null);
    if (!info) return [];
    if (!info.isDirectory()) return [pattern];
    return (await readdir(pattern, { withFileTypes: true }))
      .filter((e) => !e.isDirectory() && DATA_FILE.test(e.name))
      .map((e) => e.name)
      .sort()
      .map((f) => join(pattern, f));
  }
  const dir = dirname(pattern);
  if (/[*?]/.test(dir)) {
    throw new ConfigError(`wildcards are supported in the file name only: ${pattern}`, {
      code: 'SOURCE_PATTERN_UNSUPPORTED',
      hint: 'use a pattern like "incoming/2026-*.ndjson" or list the directories',
    });
  }
  const regex = new RegExp(
    '^' +
      name
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.') +
      '$',
  );
  // Files only: a sub-directory matched by "*" holds no lines to read.
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => !e.isDirectory() && regex.test(e.name))
    .map((e) => e.name)
    .sort()
    .map((f) => join(dir, f));
}
