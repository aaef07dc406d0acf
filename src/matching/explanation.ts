import { FACTOR_NAMES, type FactorName, type MatchingConfig } from './MatchingConfig.ts';
import type { FactorContribution, Grade } from './matchTypes.ts';
import type { PostingFeatures, SeekerFeatures, Vocabulary } from './features.ts';

export const FACTOR_LABELS: Record<FactorName, { zh: string; en: string }> = {
  skills: { zh: '技能匹配', en: 'skills match' },
  title: { zh: '职位名称相近', en: 'similar job title' },
  occupation: { zh: '职业相近', en: 'occupation proximity' },
  industry: { zh: '意向行业', en: 'desired industry' },
  salary: { zh: '薪酬符合期望', en: 'salary meets expectation' },
  education: { zh: '学历符合', en: 'education fits' },
  experience: { zh: '经验符合', en: 'experience fits' },
  location: { zh: '地点便利', en: 'location fits' },
  freshness: { zh: '新发布岗位', en: 'recently posted' },
};

export function gradeOf(score: number, grades: MatchingConfig['grades']): Grade {
  if (score >= grades.A) return 'A';
  if (score >= grades.B) return 'B';
  if (score >= grades.C) return 'C';
  return 'D';
}

/** Rounded factor values and their contributions (normalised weight × value), in FACTOR_NAMES order. */
export function contributions(values: Float64Array, weights: MatchingConfig['weights']): { values: number[]; contributions: number[] } {
  let total = 0;
  for (const f of FACTOR_NAMES) total += weights[f];
  const v: number[] = new Array(FACTOR_NAMES.length);
  const c: number[] = new Array(FACTOR_NAMES.length);
  for (let i = 0; i < FACTOR_NAMES.length; i++) {
    v[i] = round(values[i]!);
    c[i] = round((weights[FACTOR_NAMES[i]!] * values[i]!) / total);
  }
  return { values: v, contributions: c };
}

/** Named view of a recommendation's factors, as stored in `recommendations.factors`. */
export function factorTable(values: readonly number[], contribs: readonly number[]): FactorContribution[] {
  return FACTOR_NAMES.map((factor, i) => ({ factor, value: values[i]!, contribution: contribs[i]!, ...FACTOR_LABELS[factor] }));
}

/** The three factors that contributed most, e.g. "技能匹配 0.83、职业相近 1.00、地点便利 1.00". */
export function explain(
  values: readonly number[],
  contribs: readonly number[],
  grade: Grade,
  score: number,
  gap: string[],
): { zh: string; en: string; top: FactorName[] } {
  const top: number[] = [];
  for (let i = 0; i < contribs.length; i++) {
    if (contribs[i]! <= 0) continue;
    let j = top.length;
    while (j > 0 && contribs[top[j - 1]!]! < contribs[i]!) j--;
    if (j < 3) {
      top.splice(j, 0, i);
      if (top.length > 3) top.pop();
    }
  }
  const zhGap = gap.length ? `；欠缺技能：${gap.join('、')}` : '';
  const enGap = gap.length ? `; missing skills: ${gap.join(', ')}` : '';
  const label = (i: number, lang: 'zh' | 'en') => `${FACTOR_LABELS[FACTOR_NAMES[i]!][lang]} ${values[i]!.toFixed(2)}`;
  return {
    zh: `${grade}级匹配（${score.toFixed(2)}）：${top.map((i) => label(i, 'zh')).join('、')}${zhGap}`,
    en: `grade ${grade} (${score.toFixed(2)}): ${top.map((i) => label(i, 'en')).join(', ')}${enGap}`,
    top: top.map((i) => FACTOR_NAMES[i]!),
  };
}

/** Skills the posting asks for (as the employer wrote them) that the seeker does not list; feeds training advice. */
export function skillsGap(seeker: SeekerFeatures, posting: PostingFeatures, vocab: Vocabulary): string[] {
  return posting.record.skills.filter((skill) => {
    const ids = vocab.idsOfOne(skill);
    return ids.length > 0 && ids.some((id) => !hasSorted(seeker.skills, id));
  });
}

function hasSorted(a: Int32Array, x: number): boolean {
  let lo = 0,
    hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export const round = (x: number): number => Math.round(x * 10_000) / 10_000;
