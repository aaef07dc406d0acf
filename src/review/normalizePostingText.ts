/**
 * Folds the ways one requirement is written into one spelling, so the detector's rules see
 * "35岁以下" whether the board wrote "３５岁以下", "三十五岁以下", "35歲以下" or "35岁一下":
 * NFKC (full-width letters, digits and punctuation), lower case (English), the traditional forms
 * of the characters the rules look at, Chinese numerals before 岁, and typing slips seen in real
 * postings (pinyin input picks the wrong homophone: 年令, 户藉, 女仕, 男姓, 已昏, 携带着).
 */
const TRADITIONAL: Record<string, string> = {
  齡: '龄',
  歲: '岁',
  戶: '户',
  殘: '残',
  漢: '汉',
  婦: '妇',
  擾: '扰',
  優: '优',
  歡: '欢',
  僅: '仅',
  維: '维',
  農: '农',
  業: '业',
  攜: '携',
  帶: '带',
  聾: '聋',
  啞: '哑',
  體: '体',
  東: '东',
  廣: '广',
  來: '来',
  別: '别',
  錄: '录',
  應: '应',
  請: '请',
  輕: '轻',
  紀: '纪',
  數: '数',
  與: '与',
  無: '无',
  際: '际',
  後: '后',
  內: '内',
  須: '须',
  將: '将',
  個: '个',
  們: '们',
  為: '为',
  這: '这',
  說: '说',
  話: '话',
  問: '问',
  題: '题',
  單: '单',
  離: '离',
  異: '异',
  產: '产',
  礙: '碍',
  聽: '听',
  視: '视',
  傷: '伤',
  愛: '爱',
  傳: '传',
  陽: '阳',
  陰: '阴',
  貫: '贯',
  縣: '县',
  區: '区',
  鄉: '乡',
  鎮: '镇',
  門: '门',
  龍: '龙',
  遼: '辽',
  陝: '陕',
  貴: '贵',
  灣: '湾',
  臺: '台',
  寧: '宁',
  衛: '卫',
  試: '试',
  驗: '验',
  經: '经',
  選: '选',
  員: '员',
  職: '职',
  於: '于',
  歷: '历',
  學: '学',
  專: '专',
  過: '过',
  滿: '满',
  齊: '齐',
  當: '当',
  鄰: '邻',
};

const TYPOS = /年令|户藉|(男|女)[仕姓]|(已|未)昏|携带着|岁一下/g;
const TYPOS_ANY = new RegExp(TYPOS.source);
const TYPO_FIX: Record<string, string> = {
  年令: '年龄',
  户藉: '户籍',
  携带着: '携带者',
  岁一下: '岁以下',
  仕: '士',
  姓: '性',
  昏: '婚',
};
/** Whole slips are in TYPO_FIX; for 男仕, 已昏 … the first character stays and the second is fixed. */
const fixTypo = (m: string) => TYPO_FIX[m] ?? m.slice(0, 1) + (TYPO_FIX[m.slice(1)] ?? m.slice(1));

const DIGIT: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 十八 → 18, 三十五 → 35, 四十 → 40; only before 岁/周岁, where a number is certainly an age. */
const CHINESE_AGE = /([一二三四五六七八九]?)十([一二三四五六七八九]?)(?=周?岁)/g;

/**
 * Anything but what NFKC leaves alone (printable ASCII, CJK unified ideographs, common Chinese
 * punctuation): a text without it, after full-width ASCII is folded, skips the costly NFKC pass.
 */
const NFKC_UNSTABLE = /[^\t\n\r -~\u00b7\u2014\u2018\u2019\u201c\u201d\u3001-\u3011\u4e00-\u9fff]/;

/** Per character code: the traditional forms to their simplified ones, dashes and tildes to "-". */
const FOLD = new Map<number, string>([
  ...Object.entries(TRADITIONAL).map(([t, simplified]) => [t.charCodeAt(0), simplified] as [number, string]),
  ...[...'‐‑‒–—―−〜～'].map((c) => [c.charCodeAt(0), '-'] as [number, string]),
]);

export function normalizePostingText(text: string): string {
  // One pass folds what postings need most: full-width ASCII (U+FF01–FF5E, e.g. "，" "：" "３５"),
  // the ideographic space, dashes and tildes (so "18－30", "18〜30" and "18—30" read alike),
  // ASCII case and the traditional forms; the costly NFKC runs only when something else is left.
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let to: string | undefined;
    if (code >= 0xff01 && code <= 0xff5e) to = String.fromCharCode(code - 0xfee0).toLowerCase();
    else if (code === 0x3000) to = ' ';
    else if (code >= 0x41 && code <= 0x5a) to = String.fromCharCode(code + 32);
    else if (code >= 0x2010) to = FOLD.get(code);
    if (to !== undefined) {
      out += text.slice(from, i) + to;
      from = i + 1;
    }
  }
  let s = from === 0 ? text : out + text.slice(from);
  if (NFKC_UNSTABLE.test(s))
    s = s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[‐‑‒–—―−〜～]/g, '-');
  if (TYPOS_ANY.test(s)) s = s.replace(TYPOS, fixTypo);
  if (s.includes('十'))
    s = s.replace(CHINESE_AGE, (_m, tens: string, ones: string) => String((tens ? DIGIT[tens]! : 1) * 10 + (ones ? DIGIT[ones]! : 0)));
  return s;
}
