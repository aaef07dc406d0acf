/**
 * Finds requirements in posting text that Chinese law forbids employers to state: gender
 * (Employment Promotion Law art. 27, Women's Rights Law), ethnicity (art. 28), place of origin /
 * household registration (art. 31 for rural workers), age caps, marital or childbearing status,
 * and hepatitis-B carrier status (art. 30). A flagged posting is kept for review and never pushed.
 * Minimum working age (年满16/18周岁) is lawful and is not flagged.
 */
export type DiscriminationKind = 'gender' | 'age' | 'ethnicity' | 'origin' | 'marital' | 'health';

export interface DiscriminationFlag {
  kind: DiscriminationKind;
  /** The text that matched, as written. */
  match: string;
  zh: string;
  en: string;
}

const LABELS: Record<DiscriminationKind, { zh: string; en: string }> = {
  gender: { zh: '性别限制', en: 'gender requirement' },
  age: { zh: '年龄上限', en: 'age limit' },
  ethnicity: { zh: '民族限制', en: 'ethnicity requirement' },
  origin: { zh: '户籍/地域限制', en: 'place-of-origin requirement' },
  marital: { zh: '婚育状况限制', en: 'marital or childbearing requirement' },
  health: { zh: '乙肝携带者限制', en: 'hepatitis-B carrier exclusion' },
};

const PATTERNS: { kind: DiscriminationKind; re: RegExp }[] = [
  {
    kind: 'gender',
    re: /(?:限|仅限|只限|只招|只要|仅招|要求)\s*(?:男|女)(?:性|士|生)?|(?:男|女)(?:性|士|生)?\s*(?:优先|为主|即可|勿扰|免谈)|性别\s*[:：]?\s*(?:限|要求)?\s*(?:男|女)(?!女)|不招(?:男|女)|\b(?:male|female)s?\s+only\b|\bonly\s+(?:male|female)s?\b/giu,
  },
  {
    kind: 'age',
    re: /\d{2}\s*(?:周)?岁\s*(?:以下|以内|之内|以前|前)|\d{2}\s*(?:-|—|－|~|～|至|到)\s*\d{2}\s*(?:周)?岁|(?:年龄|年纪)\s*(?:要求|限|在|为)?\s*[:：]?\s*\d{2}\s*(?:周岁|岁)?\s*(?:-|—|－|~|～|至|到)\s*\d{2}\s*(?:周)?岁?|(?:年龄|年纪)\s*(?:不超过|不大于|不高于|小于|低于|不得超过|限)\s*\d{2}|\bunder\s+\d{2}\b|\baged?\s+\d{2}\s*(?:-|to)\s*\d{2}\b/giu,
  },
  {
    kind: 'ethnicity',
    re: /(?:限|仅限|只招|要求)\s*汉族|汉族(?:优先|即可)?|(?:少数民族|回族|藏族|维吾尔族|维族)\s*(?:勿扰|免谈|除外|不要|不招)|民族\s*[:：]?\s*(?:要求|限)/giu,
  },
  {
    kind: 'origin',
    re: /本地(?:户口|户籍|人)|(?:限|仅限|只招|要求)\s*[\p{Script=Han}]{0,4}(?:户口|户籍|籍)|户籍要求|(?:外地|外省|农村)(?:人|户口|户籍)?\s*(?:勿扰|免谈|不要|不招)|籍贯\s*[:：]?\s*(?:要求|限)|(?:河南|东北|新疆)人\s*(?:勿扰|免谈|不要|不招)/giu,
  },
  {
    kind: 'marital',
    re: /已婚已育|已婚未育|未婚未育|(?:限|要求|仅限)\s*(?:未婚|已婚)|(?:未婚|已婚|已育)\s*(?:优先|即可)|(?:三|3)\s*年内\s*(?:不|无)\s*(?:生育|要孩子)|婚育(?:情况)?\s*(?:要求|限)/giu,
  },
  {
    kind: 'health',
    re: /乙肝(?:携带者|病毒携带)?\s*(?:勿扰|免谈|不要|不招|除外)|(?:无|非)\s*乙肝|乙肝五项|HBV\s*(?:carriers?)?\s*(?:not|no)\b/giu,
  },
];

/** Every pattern needs one of these; most postings have none, so the full patterns rarely run. */
const TRIGGER = /[男女岁族户籍婚育乙]|male|female|under|aged?\s|hbv/i;

export function detectDiscrimination(text: string): DiscriminationFlag[] {
  if (!TRIGGER.test(text)) return [];
  const flags: DiscriminationFlag[] = [];
  const seen = new Set<string>();
  const normalised = text.normalize('NFKC');
  for (const { kind, re } of PATTERNS) {
    re.lastIndex = 0;
    for (const m of normalised.matchAll(re)) {
      if (kind === 'age' && !statesAnUpperLimit(m[0])) continue;
      const key = `${kind}\u0000${m[0]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      flags.push({ kind, match: m[0].trim(), ...LABELS[kind] });
    }
  }
  return flags;
}

/** "18-35岁" states a cap (35), "年满18周岁" does not; caps at or above 60 are the statutory retirement side and ignored. */
function statesAnUpperLimit(text: string): boolean {
  const numbers = [...text.matchAll(/\d{2}/g)].map((m) => Number(m[0]));
  const cap = numbers.at(-1);
  return cap !== undefined && cap < 60;
}

export function discriminationLabel(kind: DiscriminationKind): { zh: string; en: string } {
  return LABELS[kind];
}
