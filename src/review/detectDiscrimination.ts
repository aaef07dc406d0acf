import { normalizePostingText } from './normalizePostingText.ts';

/**
 * Finds requirements in posting text that Chinese law forbids employers to state, for the
 * reviewer who approves postings before publication (policy: posting-review). Every category of the Employment Promotion Law arts. 26–31 is covered:
 * gender and marital/childbearing status (art. 27), ethnicity (art. 28), disability (art. 29),
 * carriers of infectious pathogens such as hepatitis B and HIV (art. 30), rural hukou and place
 * of origin (art. 31, and regional bias under arts. 3 and 26), religion (art. 3). Age limits are
 * not named by the law but are flagged for the reviewer.
 *
 * A keyword is not a requirement: "男女不限", "欢迎残疾人", "男装销售" and "年满18周岁" are
 * lawful. The detector therefore (1) normalises the text (normalizePostingText), (2) masks the
 * lawful phrasings listed in MASKS, each with the law that makes it lawful, and (3) looks for
 * the shapes a requirement takes: a restricting verb before a group (限男性, 不招孕妇), an
 * exclusion or preference after it (河南人勿扰, 汉族优先), a bare field value (性别：女, "司机，男，"),
 * a field with a cap (年龄不超过40). Rules that need the surrounding clause (ages of clients,
 * underground mine work) check it in `keep`.
 */
export type DiscriminationKind = 'gender' | 'marital' | 'ethnicity' | 'religion' | 'origin' | 'health' | 'disability' | 'age';

export const DISCRIMINATION_KINDS: readonly DiscriminationKind[] = [
  'gender',
  'marital',
  'ethnicity',
  'religion',
  'origin',
  'health',
  'disability',
  'age',
];

export interface DiscriminationFlag {
  kind: DiscriminationKind;
  /** The text that states the requirement, as normalised (full-width folded, lower case). */
  match: string;
  /** Short label, Chinese and English (stored as posting_flags.label_zh / label_en). */
  zh: string;
  en: string;
  /** What the reviewer should know: the rule broken and the law that states it. */
  explanation_zh: string;
  explanation_en: string;
}

const LABELS: Record<DiscriminationKind, { zh: string; en: string; explanation_zh: string; explanation_en: string }> = {
  gender: {
    zh: '性别限制',
    en: 'gender requirement',
    explanation_zh:
      '用人单位招用人员，除国家规定的不适合妇女的工种或者岗位外，' +
      '不得以性别为由拒绝录用妇女或者提高对妇女的录用标准（《就业促进法》第二十七条' +
      '；《妇女权益保障法》第四十三条不得限定为男性或者规定男性优先）。',
    explanation_en:
      'Apart from jobs the state rules unsuitable for women, an employer may not refuse women or raise the bar for them ' +
      'because of sex (Employment Promotion Law art. 27; Women’s Rights Protection Law art. 43 forbids "men only" or ' +
      '"men preferred").',
  },
  marital: {
    zh: '婚育限制',
    en: 'marital or childbearing requirement',
    explanation_zh:
      '不得将限制结婚、生育或者婚姻、生育状况作为录用条件，' +
      '不得以怀孕为由拒绝录用（《就业促进法》第二十七条；' +
      '《妇女权益保障法》第四十三条）。',
    explanation_en:
      'Marriage, childbearing, pregnancy or a promise not to marry or have children may not be a hiring condition ' +
      '(Employment Promotion Law art. 27; Women’s Rights Protection Law art. 43).',
  },
  ethnicity: {
    zh: '民族限制',
    en: 'ethnicity requirement',
    explanation_zh:
      '各民族劳动者享有平等的劳动权利，' +
      '用人单位招用人员应当依法对少数民族劳动者给予适当照顾，' +
      '不得以民族为由设限（《就业促进法》第三条、第二十八条）。',
    explanation_en:
      'Workers of every ethnic group have equal rights; employers should give minorities appropriate consideration and ' +
      'may not restrict by ethnicity (Employment Promotion Law arts. 3 and 28).',
  },
  religion: {
    zh: '宗教信仰限制',
    en: 'religion requirement',
    explanation_zh: '劳动者就业，不因民族、种族、性别、宗教信仰等不同而受歧视（《就业促进法》第三条）。',
    explanation_en: 'No worker may be discriminated against in employment for religious belief (Employment Promotion Law art. 3).',
  },
  origin: {
    zh: '户籍/地域限制',
    en: 'hukou or place-of-origin requirement',
    explanation_zh:
      '农村劳动者进城就业享有与城镇劳动者平等的劳动权利，' +
      '不得对农村劳动者进城就业设置歧视性限制（《就业促进法》第三十一条）；以户籍、' +
      '籍贯或地域设限属于不平等的招聘条件（《就业促进法》第三条、第二十六条）。',
    explanation_en:
      'Rural workers have the same rights as urban workers (Employment Promotion Law art. 31); hukou, native-place or ' +
      'regional conditions are unequal hiring conditions (arts. 3 and 26).',
  },
  health: {
    zh: '传染病病原携带者限制',
    en: 'infectious-pathogen carrier exclusion (hepatitis B, HIV)',
    explanation_zh:
      '用人单位招用人员，不得以是传染病病原携带者（如乙肝、' +
      '艾滋病病毒）为由拒绝录用（《就业促进法》第三十条）；' +
      '入职体检不得检测乙肝项目（人社部、教育部、' +
      '卫生部2010年《关于进一步规范入学和就业体检项目维护乙肝表面抗原携带者入学和就' +
      '业权利的通知》）。',
    explanation_en:
      'Carriers of infectious pathogens (hepatitis B, HIV) may not be refused for that alone (Employment Promotion Law ' +
      'art. 30); hiring medicals may not test for hepatitis B (MOHRSS/MOE/MOH notice of 2010).',
  },
  disability: {
    zh: '残疾限制',
    en: 'disability exclusion',
    explanation_zh: '用人单位招用人员，不得歧视残疾人（《就业促进法》第二十九条；《残疾人保障法》第三十八条）。',
    explanation_en:
      'Employers may not discriminate against disabled people in hiring (Employment Promotion Law art. 29; Law on the Protection of Disabled Persons art. 38).',
  },
  age: {
    zh: '年龄限制',
    en: 'age limit',
    explanation_zh:
      '年龄上限或高于法定最低就业年龄的下限：法律未明确列举年龄，' +
      '但属于就业条件限制，请审核人员确认其是否有正当理由（法定最低就业年龄16周岁、' +
      '60周岁及以上的退休年龄界限不提示）。',
    explanation_en:
      'An age cap, or a floor above the minimum working age: the law does not name age, so the reviewer confirms whether ' +
      'it is justified (the minimum working age of 16 and limits at 60 or above, the retirement side, are not flagged).',
  },
};

export function discriminationLabel(kind: DiscriminationKind): { zh: string; en: string; explanation_zh: string; explanation_en: string } {
  return LABELS[kind];
}

// ---------------------------------------------------------------------------------------------
// Shared fragments. A clause ends at these separators; rules never match across them.
const SEP = '，,。；;！!？?\\n';
const N = `[^${SEP}]`;
/** A token boundary for bare field values: "收银员 女 18-30岁", "（男）", "性别/男". */
const B = `[\\s(（\\[【)）\\]】:：、/|${SEP}]`;
/** Another group listed before the exclusion: "穆斯林和少数民族勿扰", "乙肝携带者和残疾人勿扰". */
const ALSO = `(?:\\s*[、和及与/或]\\s*${N}{1,8}?)?`;
const EXCL =
  '(?:勿扰|免谈|不要(?!求)|不招|不收|不予录用|不录用|恕不录用|不予考虑|不考虑|除外|别来|' +
  '就别来|莫扰|谢绝|请绕行|绕行|勿投|请勿投递|请勿|不予接受|恕不接待|不行|滚)';
const REFUSE = '(?:不招|不要(?!求)|不收|不录用|不予录用|不接受|谢绝|拒绝|拒收|不考虑|不聘)';
/** A restricting verb; "不限男性", "不要求已婚", "无须…" negate it. */
const REQ = '(?<![不无免])(?:限|仅限|只限|只招|仅招|只要|只收|仅收|限招|要求|只聘|仅聘|必须是|须为|需为|最好是|最好)';
/** "不要求本地户籍", "无需本地户口": the clause says the condition is not required. */
const NOT_REQUIRED = /不要求|无需|无须|不需|不必|不用|不限|不论|不问/;
const PREF = '(?:优先录用|优先录取|优先考虑|优先|为主|即可)';
const PLACE =
  '(?:北京|天津|上海|重庆|河北|山西|内蒙古|内蒙|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|' +
  '江西|山东|河南|湖北|湖南|广东|广西|海南|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|' +
  '新疆|台湾|香港|澳门|东北|西北|潮汕|温州|苏北|皖北|江浙|两广)';
const ABBR = '[京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀黔滇陕甘陇青宁港澳台深穗杭蓉]';
const MINORITIES =
  '蒙古族|回族|藏族|维吾尔族|苗族|彝族|壮族|布依族|朝鲜族|满族|侗族|瑶族|白族|土家族|' +
  '哈尼族|哈萨克族|傣族|黎族|傈僳族|佤族|畲族|高山族|拉祜族|水族|东乡族|纳西族|景颇族|' +
  '柯尔克孜族|土族|达斡尔族|仫佬族|羌族|布朗族|撒拉族|毛南族|仡佬族|锡伯族|阿昌族|' +
  '普米族|塔吉克族|怒族|乌孜别克族|俄罗斯族|鄂温克族|德昂族|保安族|裕固族|京族|' +
  '塔塔尔族|独龙族|鄂伦春族|赫哲族|门巴族|珞巴族|基诺族|维族|回民|藏民|蒙族';
const MIN = `(?:少数民族|非汉族|${MINORITIES})`;
const ETH_ANY = `(?:汉族|${MINORITIES})`;
const AGE_WORD = /年龄|年纪|岁数|\bage[ds]?\b/;
/** Ages in these clauses describe the people served or the team, not the applicant. */
const CLIENT_CONTEXT = new RegExp(
  '客户|顾客|客群|消费者|用户|服务对象|学员|儿童|幼儿|婴幼儿|少儿|小朋友|宝宝|老人|' +
    '老年|长者|青少年|患者|病人|护理对象|受众|会员|平均年龄|团队|成员|同事|氛围|成立|' +
    '开业|clients?|customers?|children|kids',
);
/**
 * "Posts the state rules unsuitable for women" (Employment Promotion Law art. 27): the Special
 * Rules on the Labour Protection of Female Employees (2012), annex item 1, bars women from work
 * underground in mines, so a posting for it may say 男.
 */
const UNDERGROUND_MINE = /井下|矿井|坑下|坑道/;

// ---------------------------------------------------------------------------------------------
/**
 * Lawful phrasings, masked before the rules run (replaced by ○, length kept) so that no rule
 * can read a requirement into them.
 */
const MASKS: RegExp[] = [
  // Both sexes named together is never a restriction: 男女不限, 招男女普工, 男女宿舍, 男女同工同酬.
  /男\s*[/、和或及与]?\s*女|女\s*[/、和或及与]\s*男/g,
  new RegExp(
    '\\b(?:male\\s*(?:or|\\/|and|&)\\s*female|female\\s*(?:or|\\/|and|&)\\s*male|men\\s*(?:and|or|&)\\s*women|' +
      'women\\s*(?:and|or|&)\\s*men|all\\s+genders?|any\\s+gender|both\\s+genders|regardless\\s+of\\s+gender)\\b',
    'g',
  ),
  // Negated fields: 性别不限, 不限年龄, 户籍、民族不限, 婚否：不限, 年龄无要求, 已婚未婚均可 …
  new RegExp(
    '(?:(?:性别|年龄|年纪|户籍|户口|籍贯|民族|宗教信仰|宗教|信仰|婚否|婚育|婚姻状况|婚姻|' +
      '学历|经验|身高)\\s*[、，,和及与/]?\\s*){1,6}[:：]?\\s*' +
      '(?:不限|无要求|无限制|均可|都可|皆可|不是问题|没有要求)',
    'g',
  ),
  new RegExp(
    '(?:不限|不论|不分|不问|不看)\\s*(?:(?:性别|年龄|户籍|户口|籍贯|地域|民族|宗教信仰|宗教|' +
      '信仰|婚否|婚姻状况|婚育|男女老少)\\s*[、，,和及与/]?\\s*){1,6}',
    'g',
  ),
  /(?:已婚|未婚|已育|未育|有无子女|有无孩子)\s*[、/和及与或]?\s*(?:未婚|已婚|未育|已育)?\s*(?:均可|都可|皆可|不限)/g,
  /\b(?:no\s+age\s+(?:limit|restriction|requirement)s?|(?:of\s+)?all\s+ages|any\s+age)\b/g,
  // Products, shops, departments and teams named for a sex (男装销售, 女性用品, 男科医院, 女排陪练):
  // the job is not restricted to that sex.
  new RegExp(
    '(?:男|女)(?:性|士|子|生|童)?(?:装|鞋|包|表|款|裤|衣|内衣|衬衫|西装|西服|用品|护理|护肤|' +
      '健康|心理|理发|美容|皮具|饰品|宿舍|厕所|卫生间|浴室|更衣室|学院|学校|中学|健身|会所|' +
      '监狱|医院|科|篮|排|足|产品|服饰|服装|香水|化妆品|专柜|市场|消费者|客户|用户|顾客|' +
      '频道)',
    'g',
  ),
  /\b(?:men|women|ladies|girls|boys)['’]?s\b/g,
  // 女职工: the Special Rules on the Labour Protection of Female Employees use it for the
  // protections an employer owes (产假, 哺乳时间, 孕期不安排夜班), not for a hiring condition.
  /(?:孕期|哺乳期|经期)?女职工/g,
  // Benefits and businesses: 婚假, 生育保险, 单身宿舍, 孕婴店, 母婴室.
  /婚假|产假|陪产假|哺乳假|产检假|生育保险|生育津贴|单身宿舍|单身公寓|孕妇装|孕婴|孕产|母婴/g,
  // Autonomous areas are place names (宁夏回族自治区, 延边朝鲜族自治州).
  new RegExp(`${ETH_ANY}(?=自治)`, 'g'),
  // The hukou booklet as an ID document, moving a hukou in, settling (落户), foreign nationals'
  // work permits (Rules for the Administration of Employment of Foreigners in China).
  /户口本|户口簿|户口迁移|户口迁入|户籍迁移|落户|外籍(?:人士|员工)?/g,
];

// ---------------------------------------------------------------------------------------------
interface Hit {
  kind: DiscriminationKind;
  start: number;
  end: number;
}

interface RuleContext {
  m: RegExpExecArray;
  /** The clause (between separators) holding the match, from the normalised text. */
  clause: string;
  /** Offset of the match inside the clause. */
  at: number;
  text: string;
}

interface Rule {
  kind: DiscriminationKind;
  re: RegExp;
  keep?: (c: RuleContext) => boolean;
}

const rule = (kind: DiscriminationKind, source: string, keep?: Rule['keep']): Rule => ({ kind, re: new RegExp(source, 'g'), keep });

const isMale = (s: string) => /男|\bmales?\b|\bm[ae]n\b|\bguys?\b|\bboys?\b/.test(s);
const EXCL_RE = new RegExp(EXCL);
const notUnderground = (c: RuleContext) =>
  // Employment Promotion Law art. 27: posts the state rules unsuitable for women (underground mine work) may be for men.
  !(UNDERGROUND_MINE.test(c.text) && (isMale(c.m[0]) || EXCL_RE.test(c.m[0])));
const notClient = (c: RuleContext) => !CLIENT_CONTEXT.test(c.clause);
/** Pregnancy exclusions ("孕期女性不予录用") are a marital-status rule; do not count them twice as gender. */
const notPregnancy = (c: RuleContext) => !/(?:孕期|怀孕|哺乳期|孕)$/.test(c.clause.slice(0, c.at));

const GENDER_WORD = '(?:男|女)(?![女男])(?:性|士|生|的|孩|人)?';

// Alternations of the marital, religion and age rules below, named so those rules fit on a line.
/** "不得怀孕", "不能生二胎": what a posting forbids. */
const FORBIDDEN_PLANS = '(?:怀孕|生育|生孩子|要孩子|生小孩|要小孩|生二胎|要二胎|生二孩|结婚)';
/** "无生育计划", "没有结婚打算": plans a posting asks the applicant not to have. */
const NO_PLANS = '(?:生育|怀孕|要孩子|生孩子|生小孩|要小孩|结婚|生二胎|二胎)';
const FAITHS = '(?:基督教?|天主教?|佛教|伊斯兰教?|道教|信佛|基督徒|天主教徒|佛教徒|穆斯林|信基督)';
/** "1990年以后出生": born after or before a year. */
const BEFORE_AFTER = '(?:以后|之后|后|以前|之前|前)';

const RULES: Rule[] = [
  // --- gender (Employment Promotion Law art. 27) ---
  rule('gender', `(?:${REQ}|(?:仅|只)面向|(?:优先|只|仅)(?:录用|招用|考虑|录取))\\s*(?:招收?|面向|是)?\\s*${GENDER_WORD}`, notUnderground),
  rule(
    'gender',
    `(?:男|女)(?:性|士|生|的|孩|人|工)?\\s*(?:员工|人员|求职者|应聘者|候选人)?\\s*(?:${PREF}|${EXCL})`,
    (c) => notUnderground(c) && notPregnancy(c),
  ),
  rule('gender', `性别\\s*[:：]?\\s*(?:要求|限|为|仅限|只限)?\\s*[:：]?\\s*(?:男|女)`, notUnderground),
  rule('gender', `${REFUSE}\\s*(?:收)?\\s*${GENDER_WORD}`, notUnderground),
  rule('gender', `(?<=^|${B})(?:男|女)(?:性|士|生)?(?=$|${B})`, notUnderground),
  rule(
    'gender',
    `(?:招聘|诚聘|急聘|聘请|聘用|诚招|急招|招募|招收|招|聘)\\s*(?:\\d+\\s*名)?\\s*(?:男|女)` +
      `(?![女男])(?:性|士|生)?(?=[\\u4e00-\\u9fff])`,
    notUnderground,
  ),
  rule(
    'gender',
    `(?:招聘|诚聘|急聘|诚招|急招|招募|招收|招|聘|${REQ})\\s*(?:\\d+\\s*名|若干)?\\s*` +
      `(?:美女|帅哥|小姐姐|小哥哥|妹子|小妹|靓女|女孩|男孩|姑娘|小伙子?)`,
  ),
  rule('gender', `(?:美女|帅哥|小姐姐|小哥哥|妹子|靓女|女孩|男孩|姑娘|小伙子?)\\s*${PREF}`),
  rule(
    'gender',
    `(?:年轻|漂亮|美丽|帅气|靓丽|已婚|未婚|已育|单身|\\d{2}\\s*周?岁)\\s*(?:的)?\\s*(?:男|女)(?:性|士|生|孩|孩子)?(?=$|${B})`,
    (c) => notClient(c) && notUnderground(c),
  ),
  rule(
    'gender',
    `\\b(?:males?|females?|men|women|man|woman|lad(?:y|ies)|girls?|boys?|guys?)\\b${N}{0,12}?\\b(?:only|preferred|wanted|need not apply|not accepted)\\b`,
    notUnderground,
  ),
  rule('gender', '\\bonly\\s+(?:hire\\s+|hiring\\s+|accept\\s+|recruit\\s+)?(?:males?|females?|men|women)\\b', notUnderground),
  rule(
    'gender',
    '\\b(?:hire|hiring|recruit|recruiting|seeking|looking\\s+for)\\s+(?:only\\s+)?(?:an?\\s+)?(?:young\\s+|pretty\\s+)?' +
      '(?:males?|females?|men|women|man|woman|lad(?:y|ies)|girls?|guys?)\\b',
    notUnderground,
  ),
  rule('gender', `(?<=^|${B})(?:male|female)(?=$|${B})`, notUnderground),

  // --- marital and childbearing status, pregnancy (art. 27; Women's Rights Protection Law art. 43) ---
  rule('marital', '(?:已婚|未婚)\\s*(?:已育|未育|已孕|未孕)'),
  rule('marital', `${REQ}\\s*(?:已婚已育|已婚未育|未婚未育|已婚|未婚|已育|未育|离异|单身)`),
  rule('marital', `(?:已婚|未婚|已育|未育|离异|单身)\\s*(?:者|的|人士|人员|男士|女士|男性|女性)?\\s*(?:${PREF}|${EXCL})`),
  rule('marital', '(?:婚否|婚育状况|婚育情况|婚姻状况|婚姻情况|婚育)\\s*[:：]\\s*(?:已婚|未婚|已育|未育|离异|单身)'),
  rule('marital', `(?<=^|${B})(?:已婚已育|已婚|未婚|已育|单身|离异)(?=$|${B})`),
  rule('marital', `(?:已婚|未婚|已育|离异|单身)\\s*(?:的)?\\s*(?:男|女)(?:性|士|生|孩|孩子)?(?=$|${B})`),
  rule('marital', `${REFUSE}\\s*(?:孕妇|怀孕|孕期|哺乳期)`),
  rule('marital', `(?:孕妇|怀孕|孕期|哺乳期)\\s*(?:的|者|女性|妇女|人员)?\\s*${N}{0,4}?${EXCL}`),
  rule('marital', `(?:不得|不能|不准|不许|不可|禁止|不允许|不可以|不会)\\s*${FORBIDDEN_PLANS}`),
  rule('marital', `(?:无|没有|暂无)\\s*(?:近期|短期)?\\s*${NO_PLANS}\\s*(?:计划|打算|意愿|安排)`),
  rule('marital', `有\\s*(?:生育|怀孕|要孩子|生孩子|生小孩|要小孩|二胎)\\s*(?:计划|打算|意愿)\\s*(?:的|者)?\\s*${N}{0,3}?${EXCL}`),
  rule('marital', '(?:二胎|二孩)\\s*(?:已生|生完|已育)|(?:已生|生完)\\s*(?:二胎|二孩)'),
  rule('marital', `(?:宝妈|有孩子|带孩子|有小孩|单亲妈妈|单亲)\\s*(?:的)?\\s*${N}{0,2}?${EXCL}`),
  rule('marital', '\\b(?:must\\s+be|only|preferably)\\s+(?:single|unmarried|married)\\b'),
  rule('marital', '\\b(?:single|unmarried|married)(?:\\s+with\\s+(?:children|kids))?\\s+(?:only|preferred)\\b'),
  rule('marital', '\\bno\\s+pregnant\\b|\\bnot\\s+pregnant\\b|\\bpregnant\\s+(?:women|applicants)\\s+(?:need not apply|not accepted)\\b'),
  rule('marital', `(?<=^|${B})(?:single|unmarried)(?=$|${B})`),

  // --- ethnicity (arts. 3 and 28) ---
  // Employment Promotion Law art. 28 asks employers to give minorities appropriate consideration,
  // so 少数民族优先 is positive action and no rule reads a preference for a minority as a flag.
  rule('ethnicity', '汉族|汉人(?!民)'),
  rule('ethnicity', '民族\\s*[:：]?\\s*(?:要求|限|仅|只|为)?\\s*[:：]?\\s*汉(?!服)'),
  rule('ethnicity', `${MIN}(?:\\s*[、和及与/]\\s*${MIN})*\\s*(?:的|人|人员|员工|同胞|者)?${ALSO}\\s*${EXCL}`),
  rule('ethnicity', `${REFUSE}\\s*(?:收)?\\s*${MIN}`),
  rule('ethnicity', `${REQ}\\s*${ETH_ANY}`),
  rule('ethnicity', `\\bhan\\b${N}{0,20}?\\bonly\\b|\\bonly\\s+han\\b`),
  rule(
    'ethnicity',
    '\\bno\\s+(?:ethnic\\s+)?minorit(?:y|ies)\\b|\\bethnic\\s+minorit(?:y|ies)\\s+(?:need not apply|not accepted)\\b|\\bno\\s+(?:uy?i?ghurs?|tibetans?)\\b',
  ),

  // --- religion (art. 3) ---
  rule('religion', '无\\s*宗教信仰(?!\\s*(?:要求|限制))|不信教|不信仰宗教|无神论者'),
  rule('religion', '(?:宗教信仰|信仰)\\s*[:：]\\s*无'),
  rule('religion', '(?:不得|不能|不可|不准|不允许|不许)\\s*(?:有)?\\s*(?:宗教信仰|信教|信仰宗教)'),
  rule(
    'religion',
    `(?:有宗教信仰|宗教信仰|信仰宗教|信教|信仰伊斯兰教|伊斯兰教|伊斯兰|穆斯林|` +
      `基督教徒|基督徒|信基督|基督教|天主教徒|天主教|佛教徒|信佛|教徒|信徒|戴头巾|头巾|` +
      `宗教人士)\\s*(?:的|者|人员|人士)?${ALSO}\\s*${N}{0,3}?${EXCL}`,
  ),
  rule('religion', `${REFUSE}\\s*(?:信|有)?\\s*(?:教|宗教|穆斯林|基督|天主|佛教|伊斯兰)`),
  rule('religion', `${REQ}\\s*(?:信仰|信)?\\s*${FAITHS}`),
  rule('religion', `(?:基督徒|佛教徒|天主教徒|穆斯林|信徒|教徒|信佛的?|信基督的?|信教的?)\\s*${PREF}`),
  rule(
    'religion',
    '\\b(?:christians?|muslims?|buddhists?|catholics?|atheists?)\\s+(?:only|preferred)\\b|\\bonly\\s+' +
      '(?:christians?|muslims?|buddhists?|catholics?|atheists?)\\b|\\bno\\s+' +
      '(?:muslims?|christians?|buddhists?|catholics?|religious|hijabs?)\\b|\\breligious\\s+(?:believers|people|applicants)' +
      '\\s+(?:need not apply|not accepted)\\b',
  ),

  // --- hukou and place of origin (art. 31; regional bias, arts. 3 and 26) ---
  rule(
    'origin',
    `(?:${REQ}|(?<![不无免])(?:需|须|需要|必须|持|持有|有))\\s*(?:收)?\\s*` +
      `(?:本地|本市|本省|本县|本区|本镇|当地|城镇|城市|非农业?|农业|农村|${PLACE}|` +
      `[\\u4e00-\\u9fff]{1,4}?(?:省|市|县|区))?\\s*(?:户口|户籍|籍)(?!本|簿|迁|证明|所在地证明)`,
  ),
  rule(
    'origin',
    '(?:本地|本市|本省|本县|本区|本镇|本乡|当地|城镇|城市|非农业?|农业|农村|外地|外省|' +
      '外市|非本地|非本市|非本省|非本县|非本区)\\s*(?:户口|户籍)',
    // 外地户籍员工享受同等待遇 states equal treatment, not a condition.
    (c) => !/同等|同样|一视同仁|欢迎|享受|提供|办理/.test(c.clause) && !NOT_REQUIRED.test(c.clause.slice(0, c.at)),
  ),
  rule(
    'origin',
    `(?:户口|户籍|籍贯)\\s*(?:所在地)?\\s*[:：]?\\s*(?:须|需|必须|要求)?\\s*(?:为|是|在|限)?\\s*` +
      `(?:本地|本市|本省|本县|本区|当地|城镇|城市|${PLACE})`,
  ),
  rule(
    'origin',
    '本地人(?!文|气|口)|当地人|本市人|本省人|本县人|本地户口的|本地籍',
    (c) => !/均可|都可|皆可|同等|一视同仁|外地/.test(c.clause) && !NOT_REQUIRED.test(c.clause.slice(0, c.at)),
  ),
  rule('origin', `(?:本地|本市|本省|当地)的?\\s*${PREF}`),
  rule(
    'origin',
    `(?:(?:${PLACE}|外地|外省)\\s*[、和及与/]\\s*)*` +
      `(?:外地人?|外省人?|外市人?|非本地人?|非本市人?|非本省人?|农村人|农村来的|乡下人|` +
      `乡下来的|农村的|${PLACE}(?:人|籍|的|来的)|老表|${ABBR}籍)\\s*(?:人员|求职者|员工|的)?\\s*` +
      `${N}{0,3}?${EXCL}`,
  ),
  rule('origin', `${REFUSE}\\s*(?:收)?\\s*(?:外地|外省|农村|非本地|非本市|(?:${PLACE})(?:人|籍|的|户口|户籍|来的))`),
  rule('origin', `(?:${PLACE}(?:人|籍)|老表|${ABBR}(?:籍|户))\\s*${PREF}`),
  rule(
    'origin',
    '\\blocals?\\s+only\\b|\\bonly\\s+locals?\\b|\\blocal\\s+(?:hukou|household\\s+registration|residents?\\s+only)\\b|' +
      '\\bhukou\\s+(?:required|only)\\b|\\bno\\s+(?:migrants?|outsiders|non-locals?)\\b',
  ),

  // --- carriers of infectious pathogens: hepatitis B, HIV (art. 30) ---
  // Food Safety Law art. 45 bars people with diseases that endanger food safety from work that
  // touches food, and art. 30 excepts work the health rules bar carriers from: 需持健康证 and
  // "患有…消化道传染病者不得从事接触直接入口食品的工作" are lawful and no rule reads them.
  rule('health', `${REFUSE}\\s*(?:收|录用)?\\s*(?:乙肝|乙型肝炎|艾滋|hiv|hbv|梅毒|性病|传染病病原|病原携带|病毒携带)`),
  rule(
    'health',
    '(?:无|非|没有|不能有|不得有|不可有|未感染|未携带)\\s*' +
      '(?:乙肝|乙型肝炎|hbv|艾滋病?|hiv|梅毒|性病|大三阳|小三阳|大小三阳|传染病病原)',
  ),
  rule(
    'health',
    `(?:乙肝|乙型肝炎|hbv|hbsag|澳抗|艾滋病?|hiv|梅毒|性病|大三阳|小三阳|大小三阳|` +
      `传染病病原|病原携带|病毒携带|携带者|感染者)\\s*(?:病毒)?\\s*` +
      `(?:携带者|感染者|患者|病人|的|者|人员)?\\s*(?:及|和|与|或|、)?\\s*(?:携带者|感染者|患者)?` +
      `\\s*${N}{0,4}?(?:${EXCL}|阳性|阴性|不合格|合格)`,
  ),
  rule(
    'health',
    '乙肝五项|两对半|乙肝表面抗原|表面抗原|hbsag|澳抗',
    (c) => !/不查|不检|不含|不包括|不做|无需|不需|免查|不要求/.test(c.clause.slice(0, c.at)),
  ),
  rule(
    'health',
    '(?:查|检查|检测|筛查|化验|含|包括|包含)\\s*(?:乙肝|乙型肝炎|hbv|艾滋|hiv)',
    (c) => !/(?:不|无需|不需|免|不用)$/.test(c.clause.slice(0, c.at)),
  ),
  rule(
    'health',
    `\\bno\\s+(?:hiv|hbv|hepatitis\\s*b)\\b|\\b(?:hiv|hbv|hepatitis\\s*b)(?:\\s*(?:positive|carriers?))*${N}{0,30}?\\b` +
      `(?:not accepted|need not apply|will not be considered|not considered|rejected|excluded)\\b|\\b(?:hiv|hbv|hbsag)` +
      `[- ]negative\\b`,
  ),

  // --- disability (art. 29) ---
  // Positive action (残疾人优先, 欢迎残疾人) and the employment quota (按比例安排残疾人就业,
  // Regulations on the Employment of Persons with Disabilities art. 8) are lawful: no rule reads
  // a preference or a welcome as a flag.
  rule(
    'disability',
    `(?:残疾人?|残障人?|伤残|肢残|聋哑人?|聋人|哑巴|盲人|听障|视障|失明|持残疾证|残疾证|` +
      `有残疾|身体残疾|肢体残疾|视力残疾|听力残疾|智力残疾|精神残疾|智障)\\s*` +
      `(?:人|人士|者|人员|的)?${ALSO}\\s*${N}{0,3}?${EXCL}`,
  ),
  rule('disability', `${REFUSE}\\s*(?:收|录用|招收)?\\s*(?:残疾|残障|聋哑|盲人|肢残|伤残|智障)`),
  rule('disability', '(?:无|非|没有|不能有)\\s*(?:肢体|身体|视力|听力)?\\s*(?:残疾|残障|伤残)'),
  rule('disability', '(?:四肢|肢体|身体|身心|五官)\\s*健全'),
  rule(
    'disability',
    '\\bno\\s+(?:disabled|disabilities|handicapped)\\b|\\b(?:disabled|handicapped)\\s+(?:persons?|people|applicants?)?' +
      '\\s*(?:need not apply|not accepted|not considered|excluded)\\b|\\bable[- ]bodied\\b',
  ),

  // --- age (not named by the law; flagged for the reviewer) ---
  rule('age', `(?<![\\d.]|\\d:)(\\d{2})\\s*(?:周岁|岁)?\\s*(?:-|~|至|到)\\s*(\\d{2})(?![\\d.:%])\\s*(?:周岁|岁)?`, keepAgeRange),
  rule(
    'age',
    '(?<![\\d.])(\\d{2})\\s*(?:周岁|岁)\\s*(?:\\(含\\)|含)?\\s*(?:以下|以内|之内|以前|之前|内|前)',
    (c) => notClient(c) && isCap(Number(c.m[1])),
  ),
  rule(
    'age',
    '(?<![\\d.])(\\d{2})\\s*(?:周岁|岁)\\s*(?:\\(含\\)|含)?\\s*(?:以上|及以上|或以上|起)',
    (c) => notClient(c) && isFloor(Number(c.m[1])),
  ),
  rule('age', '(?:年满|超过|大于|高于|过了)\\s*(\\d{2})\\s*周?岁', (c) => notClient(c) && isFloor(Number(c.m[1]))),
  rule(
    'age',
    '(?<![\\d.])(\\d{2})\\s*\\+',
    (c) => isFloor(Number(c.m[1])) && (EXCL_RE.test(c.clause) || /超龄/.test(c.clause) || AGE_WORD.test(c.clause)),
  ),
  rule(
    'age',
    '(?<![\\d:])(?:60|65|70|75|80|85|90|95|00|05)\\s*后(?!台|端|期|续|勤|备|果)',
    (c) => !/团队|成员|同事|氛围|员工多|平均/.test(c.clause),
  ),
  rule('age', `(?:19|20)\\d{2}\\s*年\\s*${BEFORE_AFTER}\\s*出生|出生于?\\s*(?:19|20)\\d{2}\\s*年\\s*${BEFORE_AFTER}`),
  rule('age', `超龄|大龄\\s*${N}{0,3}?${EXCL}|(?:年纪|年龄|岁数)\\s*(?:太|偏)?大\\s*(?:的|者)?\\s*${N}{0,3}?${EXCL}`),
  rule(
    'age',
    `年轻(?:人|女性|男性|女孩|男孩|姑娘|小伙子?|的)?\\s*${PREF}|${REQ}\\s*年轻|年轻` +
      `(?:女性|男性|女孩|男孩|姑娘|小伙子?|女子|男子)(?=$|${B})`,
  ),
  rule(
    'age',
    '\\b(?:under|below)\\s+(\\d{2})\\b(?!\\s*(?:minutes?|mins?|hours?|hrs?|kg|km|%|people|persons|yuan|rmb|k\\b|years?\\s+of))',
    (c) => isCap(Number(c.m[1])),
  ),
];

/** A cap on the applicant's age: from 16 (the minimum working age) up to, not including, 60 (the retirement side). */
function isCap(v: number): boolean {
  return v >= 16 && v < 60;
}

/** A floor above 18 ("年满18周岁" is the statutory minimum working age side, lawful). */
function isFloor(v: number): boolean {
  return v > 18 && v < 60;
}

/**
 * "收银员 女 18-30" or "female 25-32": a range with no unit in a clause that also describes the
 * person wanted (sex, marital status) is an age range; salaries, headcounts and hours carry units.
 */
function unitlessBesidePerson(c: RuleContext): boolean {
  const tail = c.clause.slice(c.at + c.m[0].length);
  if (/^\s*(?:[\u4e00-\u9fffa-z%$¥]|\d)/.test(tail)) return false;
  return /男|女|\bmale\b|\bfemale\b|已婚|未婚/.test(c.clause);
}

function keepAgeRange(c: RuleContext): boolean {
  const lo = Number(c.m[1]);
  const hi = Number(c.m[2]);
  if (hi <= lo) return false;
  // A range starting below the minimum working age (16, Labour Law art. 15) describes children, not the applicant.
  if (lo < 16) return false;
  if (!/岁/.test(c.m[0]) && !AGE_WORD.test(c.clause.slice(0, c.at)) && !unitlessBesidePerson(c)) return false;
  if (!notClient(c)) return false;
  return !(lo <= 18 && hi >= 60);
}

/**
 * Clauses with an age field ("年龄：30岁以下", "年龄卡在35岁", "age limit 40"): each two-digit
 * number after the field word is a bound, read as a floor when the text says so (以上, 年满, ≥,
 * "or above") and as a cap otherwise.
 */
function ageFieldHits(masked: string, clauses: readonly [number, number][], hits: Hit[]): void {
  for (const [start, end] of clauses) {
    const clause = masked.slice(start, end);
    const word = AGE_WORD.exec(clause);
    if (!word || CLIENT_CONTEXT.test(clause)) continue;
    const after = word.index + word[0].length;
    const numbers = /(?<![\d.:])(\d{2})(?![\d.:%])/g;
    numbers.lastIndex = after;
    for (let n = numbers.exec(clause); n; n = numbers.exec(clause)) {
      const v = Number(n[1]);
      const tail = clause.slice(n.index + 2, n.index + 18);
      const head = clause.slice(Math.max(after, n.index - 6), n.index);
      if (/^\s*(?:年(?!龄)|个月|元|k\b|cm|公斤|kg|米|小时|人|天|分|届|级|号|%)/.test(tail)) continue;
      // Ranges are the range rule's.
      if (/(?:-|~|至|到)\s*$/.test(head) || /^\s*(?:周岁|岁)?\s*(?:-|~|至|到)\s*\d{2}/.test(tail)) continue;
      const floor =
        /^\s*(?:周岁|岁)?\s*(?:\(含\)|含)?\s*(?:以上|及以上|或以上|起|\+|or\s+(?:above|older|over)|and\s+(?:above|over))/.test(tail) ||
        /(?:年满|满|≥|>=|大于|超过|over|above|at\s+least)\s*$/.test(head);
      if (!(floor ? isFloor(v) : isCap(v))) continue;
      const unit = /^\s*(?:周岁|岁)?\s*(?:\(含\)|含)?\s*(?:以下|以内|之内|以上)?/.exec(tail)?.[0].length ?? 0;
      hits.push({ kind: 'age', start: start + word.index, end: start + n.index + 2 + unit });
    }
  }
}

// ---------------------------------------------------------------------------------------------
/**
 * What every rule of a kind needs in its match (a character or word that is a literal in each of
 * the kind's rules, outside their free windows). A kind runs only on the clauses that hold its
 * anchor; with no anchor anywhere it does not run at all. This is why the detector is fast on long
 * descriptions, and it cannot cause a miss as long as each anchor is right: the test "the
 * prefilter never changes the result" runs every labelled phrase, and mutations of them, with and
 * without it. Add to the anchor when a rule gains a word that has none of these.
 */
const ANCHORS: Record<DiscriminationKind, RegExp> = {
  gender: /[男女姐哥妹姑伙]|male|m[ae]n\b|lad(?:y|ies)|girl|boy|guy/g,
  marital: /[婚育孕怀生身异妈孩乳胎]|单亲|single|married|pregnan/g,
  ethnicity: /[族汉民]|\bhan\b|minorit|ghur|tibetan/g,
  religion: /[宗信教佛督穆斯兰巾神]|christian|muslim|buddhist|catholic|atheist|religio|hijab/g,
  origin: new RegExp(`[户籍本当外农乡表]|${PLACE}|local|hukou|migrant|outsider`, 'g'),
  health: /[乙肝澳艾梅性阳传病携感抗]|两对半|hbv|hbsag|hiv|hepatitis/g,
  disability: /[残障聋哑盲听视明全智]|disab|handicap|able/g,
  age: /[\d龄纪岁轻]|age|under|below/g,
};

const MASK = new RegExp(MASKS.map((m) => m.source).join('|'), 'g');
const RULES_BY_KIND = new Map(DISCRIMINATION_KINDS.map((k) => [k, RULES.filter((r) => r.kind === k)]));
/** Joins the clauses a kind runs on; a separator, so no rule matches across two of them. */
const JOIN = '。';

export interface DetectOptions {
  /** Run each kind only on the clauses holding its anchor (default). Off runs every rule on every clause; the result is the same. */
  prefilter?: boolean;
}

export function detectDiscrimination(text: string, options: DetectOptions = {}): DiscriminationFlag[] {
  if (!text) return [];
  const prefilter = options.prefilter ?? true;
  const normalised = normalizePostingText(text);
  const masked = normalised.replace(MASK, (m) => '○'.repeat(m.length));
  const clauses = clauseSpans(masked);
  const hits: Hit[] = [];
  for (const kind of DISCRIMINATION_KINDS) {
    const chosen = prefilter ? clausesWithAnchor(masked, clauses, ANCHORS[kind]) : clauses;
    if (chosen.length === 0) continue;
    // The chosen clauses joined by a separator; `offsets[i]` is where clause i starts in `window`.
    const offsets: number[] = [];
    let window = '';
    for (const [start, end] of chosen) {
      if (window) window += JOIN;
      offsets.push(window.length);
      window += masked.slice(start, end);
    }
    for (const r of RULES_BY_KIND.get(kind)!) {
      r.re.lastIndex = 0;
      for (let m = r.re.exec(window); m; m = r.re.exec(window)) {
        if (m[0].length === 0) {
          r.re.lastIndex++;
          continue;
        }
        const i = clauseAt(offsets, m.index);
        const [start, end] = chosen[i]!;
        const at = m.index - offsets[i]!;
        if (r.keep && !r.keep({ m, clause: masked.slice(start, end), at, text: masked })) continue;
        hits.push({ kind, start: start + at, end: start + at + m[0].length });
      }
    }
    if (kind === 'age') ageFieldHits(masked, chosen, hits);
  }
  return toFlags(hits, normalised);
}

const SEPARATOR = /[，,。；;！!？?\n]/g;

function clauseSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let start = 0;
  SEPARATOR.lastIndex = 0;
  for (let m = SEPARATOR.exec(text); m; m = SEPARATOR.exec(text)) {
    if (m.index > start) spans.push([start, m.index]);
    start = m.index + 1;
  }
  if (text.length > start) spans.push([start, text.length]);
  return spans;
}

function clausesWithAnchor(text: string, clauses: [number, number][], anchor: RegExp): [number, number][] {
  const chosen: [number, number][] = [];
  anchor.lastIndex = 0;
  let c = 0;
  for (let m = anchor.exec(text); m && c < clauses.length; m = anchor.exec(text)) {
    while (c < clauses.length && clauses[c]![1] <= m.index) c++;
    if (c === clauses.length) break;
    if (clauses[c]![0] <= m.index) {
      chosen.push(clauses[c]!);
      anchor.lastIndex = clauses[c]![1]; // one hit is enough for this clause
      c++;
    }
  }
  return chosen;
}

function clauseAt(offsets: number[], index: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** One flag per kind and stretch of text: overlapping hits of one kind merge into the widest. */
function toFlags(hits: Hit[], normalised: string): DiscriminationFlag[] {
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const flags: DiscriminationFlag[] = [];
  const lastEnd = new Map<DiscriminationKind, { flag: DiscriminationFlag; start: number; end: number }>();
  for (const h of hits) {
    const prev = lastEnd.get(h.kind);
    if (prev && h.start < prev.end) {
      if (h.end > prev.end) {
        prev.end = h.end;
        prev.flag.match = normalised.slice(prev.start, prev.end).trim();
      }
      continue;
    }
    const flag: DiscriminationFlag = { kind: h.kind, match: normalised.slice(h.start, h.end).trim(), ...LABELS[h.kind] };
    flags.push(flag);
    lastEnd.set(h.kind, { flag, start: h.start, end: h.end });
  }
  return flags;
}
