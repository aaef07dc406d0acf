import { fail, ok, type FieldResult } from './FieldResult.ts';
import type { ExperienceRange } from './MappingSpec.ts';
import { chineseNumeralsToDigits, normalizeCell, synonymKey } from './normalizeCell.ts';

/**
 * Experience asked for, in years: "3-5年" → 3..5, "1年以内" → 0..1, "10年以上" → 10..open,
 * "三年以上" → 3..open, "6个月以上" → 0.5..open, and table words ("经验不限", "应届生").
 * A bare "3年" means at least three years.
 */
export function parseExperience(
  cell: string,
  table: ReadonlyMap<string, ExperienceRange>,
  stripLabel: boolean,
): FieldResult<ExperienceRange> {
  const original = cell.trim();
  const s0 = normalizeCell(original, { stripLabel });
  const exact = table.get(synonymKey(s0));
  if (exact) return ok(exact);
  let s = chineseNumeralsToDigits(synonymKey(s0))
    .replace(/工作经验|经验|工作|要求|相关/g, '')
    .replace(/至|到/g, '-');
  const again = table.get(s);
  if (again) return ok(again);

  let scale = 1;
  if (/个?月/.test(s) && !/年/.test(s)) {
    scale = 1 / 12;
    s = s.replace(/个?月/g, '');
  } else {
    s = s.replace(/年/g, '');
  }
  const years = (v: string) => Math.round(Number(v) * scale * 100) / 100;
  let m: RegExpExecArray | null;
  if ((m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(s))) {
    const min = years(m[1]!);
    const max = years(m[2]!);
    if (max < min) return fail('experience_unparsed', `experience "${original}": the upper bound is below the lower bound`);
    return inRange(original, { min, max });
  }
  if ((m = /^(\d+(?:\.\d+)?)(?:及以上|以上|\+|起)?$/.exec(s))) return inRange(original, { min: years(m[1]!), max: null });
  if ((m = /^(\d+(?:\.\d+)?)(?:以内|以下|及以下|内)$/.exec(s))) return inRange(original, { min: 0, max: years(m[1]!) });
  if ((m = /^(?:不超过|少于|低于)(\d+(?:\.\d+)?)$/.exec(s))) return inRange(original, { min: 0, max: years(m[1]!) });
  return fail(
    'experience_unparsed',
    `experience "${original}" is not a number of years or a known wording (add it to synonyms.experience)`,
  );
}

function inRange(original: string, r: ExperienceRange): FieldResult<ExperienceRange> {
  if (r.min > 40 || (r.max !== null && r.max > 50))
    return fail('experience_implausible', `experience "${original}" asks for more than 40 years`);
  return ok(r);
}
