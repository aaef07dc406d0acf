import type { EducationRequirement } from '../records/fields.ts';
import { fail, ok, type FieldResult } from './FieldResult.ts';
import { normalizeCell, synonymKey } from './normalizeCell.ts';

/** Highest first, so "硕士研究生" is not read as a lower level it also mentions. */
const KEYWORDS: [RegExp, EducationRequirement][] = [
  [/博士/, 'doctorate'],
  [/硕士|研究生|mba/, 'master'],
  [/本科|学士/, 'bachelor'],
  [/大专|专科|高职/, 'associate'],
  [/中专|中技|中职|技校|职高|职校|技工/, 'secondary_vocational'],
  [/高中/, 'senior_high'],
  [/初中/, 'junior_high'],
  [/小学/, 'primary'],
];

/**
 * Education asked for → the closed requirement enum. The table (mapping synonyms over the
 * built-ins) is tried first, then the level words: "本科及以上" → bachelor, "统招大专以上" →
 * associate. "X及以下" / "X以下" caps the level, so no minimum is required: any.
 * A cell naming two levels ("大专/本科") asks for the lower one, the minimum accepted.
 */
export function parseEducation(
  cell: string,
  table: ReadonlyMap<string, EducationRequirement>,
  stripLabel: boolean,
): FieldResult<EducationRequirement> {
  const original = cell.trim();
  const key = synonymKey(normalizeCell(original, { stripLabel }));
  const exact = table.get(key);
  if (exact) return ok(exact);
  const stripped = key.replace(/学历|要求|及以上|以上|统招|全日制|或同等学力|毕业/g, '');
  const again = table.get(stripped);
  if (again) return ok(again);
  if (/不限/.test(key)) return ok('any');
  if (/及以下|以下/.test(key)) return ok('any');
  const found = KEYWORDS.filter(([re]) => re.test(stripped)).map(([, level]) => level);
  if (found.length > 0) return ok(found[found.length - 1]!);
  return fail('education_unparsed', `education "${original}" is not a known level (add it to synonyms.education)`);
}
