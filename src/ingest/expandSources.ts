import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SourceError } from '../core/PipelineError.ts';

const DATA_FILE = /\.(ndjson|jsonl)$/i;

/**
 * Turns --from arguments into files: a file as is, a directory as its *.ndjson / *.jsonl
 * files, and a glob whose wildcards (*, ?) sit in the last path segment. Sorted, so a run is
 * repeatable; a pattern matching nothing is an error rather than a silent no-op.
 */
export async function expandSources(patterns: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    const found = await expandOne(pattern);
    if (found.length === 0) {
      throw new SourceError(`--from ${pattern} matched no files`, {
        code: 'SOURCE_NOT_FOUND',
        hint: 'pass an NDJSON file, a directory of .ndjson/.jsonl files, or a glob like "data/*.ndjson" (quoted)',
      });
    }
    files.push(...found);
  }
  return [...new Set(files)];
}

async function expandOne(pattern: string): Promise<string[]> {
  const name = basename(pattern);
  if (!/[*?]/.test(name)) {
    const info = await stat(pattern).catch(() => null);
    if (!info) return [];
    if (!info.isDirectory()) return [pattern];
    return (await readdir(pattern))
      .filter((f) => DATA_FILE.test(f))
      .sort()
      .map((f) => join(pattern, f));
  }
  const dir = dirname(pattern);
  if (/[*?]/.test(dir)) {
    throw new SourceError(`wildcards are supported in the file name only: ${pattern}`, {
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
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries
    .filter((f) => regex.test(f))
    .sort()
    .map((f) => join(dir, f));
}
