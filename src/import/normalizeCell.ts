/**
 * Cell clean-up shared by the field parsers. Boards type the same thing many ways: full-width
 * digits and letters (９Ｋ), several dashes and tildes, a label repeated inside the cell
 * ("薪资: 8千-1.2万"), stray spaces. NFKC folds the full-width forms; the rest is explicit.
 */
const DASHES = /[‐-―−－﹣~～〜]/g;
const LABEL = /^[\p{Script=Han}A-Za-z_ ]{1,10}[:：]\s*/u;

export function normalizeCell(value: string, { stripLabel = true }: { stripLabel?: boolean } = {}): string {
  let s = value.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (stripLabel) s = s.replace(LABEL, '');
  return s.replace(DASHES, '-').trim();
}

/** Lower-case, no spaces: the form synonym tables are keyed by. */
export function synonymKey(value: string): string {
  return normalizeCell(value, { stripLabel: false }).toLowerCase().replace(/\s+/g, '');
}

/** A synonym table with its keys folded the same way as the cells looked up in it. */
export function foldTable<V>(table: Record<string, V>): Map<string, V> {
  return new Map(Object.entries(table).map(([k, v]) => [synonymKey(k), v]));
}

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Replaces small Chinese numerals (一 … 九十九, 半) by digits: "三年以上" → "3年以上". */
export function chineseNumeralsToDigits(s: string): string {
  return s
    .replace(/([一二两三四五六七八九]?)十([一二三四五六七八九]?)/g, (_m, tens: string, ones: string) =>
      String((tens ? CHINESE_DIGITS[tens]! : 1) * 10 + (ones ? CHINESE_DIGITS[ones]! : 0)),
    )
    .replace(/[零〇一二两三四五六七八九]/g, (d) => String(CHINESE_DIGITS[d]))
    .replace(/(\d)个?半/g, '$1.5')
    .replace(/半年/g, '0.5年');
}
