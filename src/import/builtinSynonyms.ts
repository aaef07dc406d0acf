import type { EducationRequirement } from '../schemas/common.ts';
import type { EMPLOYMENT_TYPES } from '../schemas/common.ts';
import type { ExperienceRange, RegionTarget } from './MappingSpec.ts';

/**
 * Wordings seen across Chinese job boards and job-fair sheets. A mapping's own `synonyms`
 * tables are consulted first and override these; keys are matched after NFKC folding,
 * lower-casing and removing spaces. Anything not listed here still goes through the pattern
 * parsers (e.g. "3-5年", "本科及以上").
 */
export const BUILTIN_EDUCATION: Record<string, EducationRequirement> = {
  学历不限: 'any', 不限: 'any', 无要求: 'any', 无学历要求: 'any', 不限学历: 'any',
  // "X及以下" caps the level asked for; the lowest acceptable level is none, i.e. no requirement.
  初中及以下: 'any', 小学及以下: 'any', 初中以下: 'any',
  小学: 'primary', 初中: 'junior_high',
  高中: 'senior_high', 普高: 'senior_high', '高中/中专': 'senior_high', '高中/中技': 'senior_high', '中专/高中': 'senior_high',
  中专: 'secondary_vocational', 中技: 'secondary_vocational', '中专/中技': 'secondary_vocational', 中职: 'secondary_vocational',
  技校: 'secondary_vocational', 职高: 'secondary_vocational', 职校: 'secondary_vocational', 中等职业教育: 'secondary_vocational',
  大专: 'associate', 专科: 'associate', 高职: 'associate', 高职高专: 'associate', 大学专科: 'associate',
  本科: 'bachelor', 大学本科: 'bachelor', 学士: 'bachelor', 统招本科: 'bachelor',
  硕士: 'master', 研究生: 'master', 硕士研究生: 'master', mba: 'master', emba: 'master',
  博士: 'doctorate', 博士研究生: 'doctorate', 博士后: 'doctorate',
};

/**
 * 应届生 (this year's graduates) and 在校 (students) have no work experience to ask for; the
 * upper bound of 1 year lets last year's graduates still qualify.
 */
export const BUILTIN_EXPERIENCE: Record<string, ExperienceRange> = {
  经验不限: { min: 0, max: null }, 不限: { min: 0, max: null }, 无经验要求: { min: 0, max: null },
  无需经验: { min: 0, max: null }, 不限经验: { min: 0, max: null }, 无经验: { min: 0, max: null },
  接受无经验: { min: 0, max: null }, 无经验可: { min: 0, max: null },
  应届生: { min: 0, max: 1 }, 应届: { min: 0, max: 1 }, 应届毕业生: { min: 0, max: 1 }, 毕业生: { min: 0, max: 1 },
  在校: { min: 0, max: 1 }, 在校生: { min: 0, max: 1 }, '在校/应届': { min: 0, max: 1 }, '应届/在校': { min: 0, max: 1 },
  '应届/实习': { min: 0, max: 1 }, 实习生: { min: 0, max: 1 },
};

const OVERSEAS = 'overseas place: no GB/T 2260 region code; postings abroad are out of scope for a PES';
const NOT_ONE_PLACE = 'not a single place: a posting needs the region where the work is done';

export const BUILTIN_REGIONS: Record<string, RegionTarget> = {
  // GB/T 2260 gives Hong Kong, Macau and Taiwan province-level codes only; their cities roll up to them.
  香港: '810000', 香港特别行政区: '810000', 香港特區: '810000', hk: '810000', hongkong: '810000', 九龙: '810000', 新界: '810000',
  澳门: '820000', 澳門: '820000', 澳门特别行政区: '820000', macau: '820000', macao: '820000',
  台湾: '710000', 台灣: '710000', 台湾省: '710000', taiwan: '710000', 台北: '710000', 臺北: '710000', 新北: '710000',
  高雄: '710000', 台中: '710000', 臺中: '710000', 台南: '710000', 桃园: '710000', 新竹: '710000',
  海外: { reject: OVERSEAS }, 国外: { reject: OVERSEAS }, 境外: { reject: OVERSEAS }, 新加坡: { reject: OVERSEAS },
  马来西亚: { reject: OVERSEAS }, 吉隆坡: { reject: OVERSEAS }, 泰国: { reject: OVERSEAS }, 曼谷: { reject: OVERSEAS },
  越南: { reject: OVERSEAS }, 印度尼西亚: { reject: OVERSEAS }, 印尼: { reject: OVERSEAS }, 菲律宾: { reject: OVERSEAS },
  日本: { reject: OVERSEAS }, 东京: { reject: OVERSEAS }, 韩国: { reject: OVERSEAS }, 首尔: { reject: OVERSEAS },
  美国: { reject: OVERSEAS }, 英国: { reject: OVERSEAS }, 伦敦: { reject: OVERSEAS }, 德国: { reject: OVERSEAS },
  法国: { reject: OVERSEAS }, 加拿大: { reject: OVERSEAS }, 澳大利亚: { reject: OVERSEAS }, 迪拜: { reject: OVERSEAS },
  阿联酋: { reject: OVERSEAS }, 沙特: { reject: OVERSEAS }, 俄罗斯: { reject: OVERSEAS }, 非洲: { reject: OVERSEAS },
  singapore: { reject: OVERSEAS }, overseas: { reject: OVERSEAS },
  远程: { reject: NOT_ONE_PLACE }, 远程办公: { reject: NOT_ONE_PLACE }, 居家办公: { reject: NOT_ONE_PLACE },
  在家办公: { reject: NOT_ONE_PLACE }, remote: { reject: NOT_ONE_PLACE }, 全国: { reject: NOT_ONE_PLACE },
  不限: { reject: NOT_ONE_PLACE }, 地点不限: { reject: NOT_ONE_PLACE }, 多地: { reject: NOT_ONE_PLACE },
};

export const BUILTIN_EMPLOYMENT_TYPES: Record<string, (typeof EMPLOYMENT_TYPES)[number]> = {
  全职: 'full_time', 全日制: 'full_time', 'full-time': 'full_time', fulltime: 'full_time', 正式工: 'full_time',
  兼职: 'part_time', 小时工: 'part_time', 钟点工: 'part_time', 非全日制: 'part_time', 'part-time': 'part_time', parttime: 'part_time',
  灵活用工: 'flexible', 灵活就业: 'flexible', 零工: 'flexible', 日结: 'flexible', 临时工: 'flexible', 平台用工: 'flexible', 新就业形态: 'flexible',
  实习: 'internship', 实习生: 'internship', 见习: 'internship', 就业见习: 'internship', 见习岗位: 'internship', internship: 'internship',
  公益性岗位: 'public_welfare', 公益岗: 'public_welfare', 公益岗位: 'public_welfare',
};

export const BUILTIN_NEGOTIABLE = ['面议', '薪资面议', '薪酬面议', '工资面议', '待遇面议', '面谈', '薪资面谈', '可面议', 'negotiable', '议定'];
