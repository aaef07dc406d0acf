import { FACTOR_NAMES, type FactorName, type MatchingConfig } from './MatchingConfig.ts';
import type { FactorContribution, Grade } from './MatchTypes.ts';
import type { PostingFeatures, SeekerFeatures, Vocabulary } from './Features.ts';

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

export function contributions(values: Float64Array, weights: MatchingConfig['weights']): FactorContribution[] {
  const total = FACTOR_NAMES.reduce((sum, f) => sum + weights[f], 0);
  const out: FactorContribution[] = [];
  for (let i = 0; i < FACTOR_NAMES.length; i++) {
    const factor = FACTOR_NAMES[i]!;
    const label = FACTOR_LABELS[factor];
    out.push({ factor, value: round(values[i]!), contribution: round((weights[factor] * values[i]!) / total), zh: label.zh, en: label.en });
  }
  return out;
}

/** The three factors that contributed most, e.g. "技能匹配 0.83、职业相近 1.00、地点便利 1.00". */
export function explain(factors: FactorContribution[], grade: Grade, score: number, gap: string[]): { zh: string; en: string; top: FactorName[] } {
  const top: FactorContribution[] = [];
  for (const f of factors) {
    if (f.contribution <= 0) continue;
    let j = top.length;
    while (j > 0 && top[j - 1]!.contribution < f.contribution) j--;
    if (j < 3) {
      top.splice(j, 0, f);
      if (top.length > 3) top.pop();
    }
  }
  const zhGap = gap.length ? `；欠缺技能：${gap.join('、')}` : '';
  const enGap = gap.length ? `; missing skills: ${gap.join(', ')}` : '';
  return {
    zh: `${grade}级匹配（${score.toFixed(2)}）：${top.map((f) => `${f.zh} ${f.value.toFixed(2)}`).join('、')}${zhGap}`,
    en: `grade ${grade} (${score.toFixed(2)}): ${top.map((f) => `${f.en} ${f.value.toFixed(2)}`).join(', ')}${enGap}`,
    top: top.map((f) => f.factor),
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
  let lo = 0, hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}

export const round = (x: number): number => Math.round(x * 10_000) / 10_000;
