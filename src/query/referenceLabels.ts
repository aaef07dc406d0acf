import type { DuckDBConnection } from '@duckdb/node-api';
import type { EDUCATION_LEVELS, KEY_GROUPS } from '../records/fields.ts';

/** Chinese labels for the closed vocabularies, so query output reads like the MOHRSS tables. */
export const KEY_GROUP_NAMES: Record<(typeof KEY_GROUPS)[number] | 'all', string> = {
  all: '全部',
  college_graduate: '高校毕业生',
  veteran: '退役军人',
  rural_migrant: '农村转移劳动力',
  poverty_alleviated: '脱贫劳动力',
  laid_off: '下岗失业人员',
  employment_difficulty: '就业困难人员',
  disabled: '残疾人',
  older_4050: '"4050"人员',
  zero_employment_household: '零就业家庭成员',
  long_term_unemployed: '长期失业人员',
  under_20_unemployed: '20岁以下登记失业人员',
};

export const EDUCATION_NAMES: Record<(typeof EDUCATION_LEVELS)[number] | 'any', string> = {
  any: '学历不限',
  none: '未上学',
  primary: '小学',
  junior_high: '初中',
  senior_high: '高中',
  secondary_vocational: '中专/中技/职高',
  associate: '大专',
  bachelor: '本科',
  master: '硕士',
  doctorate: '博士',
};

/** GB/T 4754-2017 sections. */
export const INDUSTRY_SECTION_NAMES: Record<string, string> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
};

/** Creates the small label tables (code, name) every session has: key_groups, education_levels, industry_sections. */
export async function createLabelTables(connection: DuckDBConnection): Promise<void> {
  const tables: Array<[string, Record<string, string>]> = [
    ['key_groups', KEY_GROUP_NAMES],
    ['education_levels', EDUCATION_NAMES],
    ['industry_sections', INDUSTRY_SECTION_NAMES],
  ];
  for (const [table, labels] of tables) {
    await connection.run(`CREATE TEMP TABLE ${table} (code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, ord INTEGER NOT NULL)`);
    const appender = await connection.createAppender(table, 'main', 'temp');
    Object.entries(labels).forEach(([code, name], i) => {
      appender.appendVarchar(code);
      appender.appendVarchar(name);
      appender.appendInteger(i);
      appender.endRow();
    });
    appender.flushSync();
    appender.closeSync();
  }
}

export const LABEL_TABLES = ['key_groups', 'education_levels', 'industry_sections'] as const;
