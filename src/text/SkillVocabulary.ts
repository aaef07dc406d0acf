/**
 * Domain vocabulary of skills and job-title heads, written for this project.
 *
 * API
 * - `SKILLS`: canonical skills, each with an id, Chinese and English labels and surface forms.
 * - `TITLE_HEADS`: title head nouns (工程师, 销售, 司机, …) with the family they signal.
 * - `SkillVocabulary.default()` → `extract(text)`: canonical skill ids found in free text
 *   (Chinese, English or mixed, e.g. "熟悉Java/Spring Boot"), `label(id)`, `jiebaWords()`:
 *   the words to add to the segmenter so it keeps multi-character skills whole.
 * - `titleHead(title)`: the longest known head noun a title ends with (or contains), or null.
 *
 * Matching is on normalised text (NFKC, lower case), so "ＪＡＶＡ" and "java" are the same skill.
 * Latin forms match on word boundaries ("go" does not fire inside "google"); Chinese forms
 * match as substrings, because Chinese has no spaces to bound words.
 */

export interface Skill {
  id: string;
  zh: string;
  en: string;
  /** Surface forms, any script; the id and both labels are added automatically. */
  forms: readonly string[];
  group:
    | 'programming'
    | 'data'
    | 'web'
    | 'infra'
    | 'office'
    | 'design'
    | 'trade'
    | 'care'
    | 'logistics'
    | 'business'
    | 'language'
    | 'licence'
    | 'manufacturing';
}

const S = (id: string, zh: string, en: string, group: Skill['group'], forms: string[] = []): Skill => ({ id, zh, en, group, forms });

export const SKILLS: readonly Skill[] = [
  // programming languages and frameworks
  S('java', 'Java', 'Java', 'programming', ['j2ee', 'jvm']),
  S('spring', 'Spring 框架', 'Spring', 'programming', [
    'springboot',
    'spring boot',
    'springcloud',
    'spring cloud',
    'springmvc',
    '微服务框架',
  ]),
  S('python', 'Python', 'Python', 'programming', ['django', 'flask']),
  S('cpp', 'C++', 'C++', 'programming', ['c++', 'cpp']),
  S('csharp', 'C#', 'C#', 'programming', ['c#', '.net', 'dotnet']),
  S('golang', 'Go 语言', 'Go', 'programming', ['golang', 'go语言']),
  S('javascript', 'JavaScript', 'JavaScript', 'web', ['js', 'typescript', 'es6', 'node.js', 'nodejs']),
  S('frontend', '前端开发', 'front-end development', 'web', ['前端', 'html', 'css', 'vue', 'react', 'angular', '网页开发']),
  S('backend', '后端开发', 'back-end development', 'programming', ['后端', '后台开发', '服务端开发', '服务端']),
  S('php', 'PHP', 'PHP', 'web', ['thinkphp', 'laravel']),
  S('android', '安卓开发', 'Android', 'programming', ['android', '安卓']),
  S('ios', 'iOS 开发', 'iOS', 'programming', ['ios', 'swift', 'objective-c']),
  S('embedded', '嵌入式开发', 'embedded systems', 'programming', ['嵌入式', '单片机', 'stm32', 'arm']),
  S('multithreading', '多线程与并发', 'concurrency', 'programming', ['多线程', '高并发', '并发编程', '线程池']),
  S('microservices', '微服务', 'microservices', 'programming', ['微服务', '分布式', '分布式系统', 'dubbo']),
  S('orm', '持久层框架', 'ORM / persistence', 'programming', ['mybatis', 'hibernate', 'jpa', '持久层']),
  S('design_patterns', '设计模式', 'design patterns', 'programming', ['设计模式', '面向对象']),
  S('testing', '软件测试', 'software testing', 'programming', [
    '测试用例',
    '自动化测试',
    '单元测试',
    '性能测试',
    '软件测试',
    'selenium',
    'junit',
  ]),
  // data
  S('sql', 'SQL 数据库', 'SQL databases', 'data', [
    'mysql',
    'oracle',
    'sqlserver',
    'sql server',
    'postgresql',
    'postgres',
    '数据库',
    '存储过程',
    'sql语句',
  ]),
  S('nosql', 'NoSQL / 缓存', 'NoSQL and caches', 'data', ['redis', 'mongodb', 'memcached', 'nosql', '缓存']),
  S('bigdata', '大数据', 'big data', 'data', ['hadoop', 'spark', 'hive', 'flink', 'kafka', '大数据', '数据仓库', '数仓']),
  S('data_analysis', '数据分析', 'data analysis', 'data', ['数据分析', '数据挖掘', '统计分析', 'spss', 'tableau', 'bi']),
  S('machine_learning', '机器学习', 'machine learning', 'data', [
    '机器学习',
    '深度学习',
    '算法模型',
    '神经网络',
    'tensorflow',
    'pytorch',
    '人工智能',
    'nlp',
    '自然语言处理',
    '计算机视觉',
  ]),
  // infrastructure
  S('linux', 'Linux', 'Linux', 'infra', ['linux', 'unix', 'shell', 'centos', 'ubuntu']),
  S('cloud', '云计算与容器', 'cloud and containers', 'infra', ['docker', 'kubernetes', 'k8s', '云计算', '容器', '阿里云', 'aws']),
  S('networking', '网络工程', 'networking', 'infra', ['tcp/ip', '路由器', '交换机', '网络协议', '网络工程', '网络安全', 'http协议']),
  S('devops', '运维', 'operations / DevOps', 'infra', ['运维', 'jenkins', 'git', 'svn', 'maven', 'nginx', 'tomcat', '持续集成']),
  S('middleware', '消息中间件', 'message middleware', 'infra', ['中间件', '消息队列', 'rabbitmq', 'rocketmq', 'activemq', 'zookeeper']),
  // office and design
  S('office', '办公软件', 'office software', 'office', ['office', 'excel', 'word', 'ppt', '办公软件', 'wps']),
  S('cad', 'CAD 制图', 'CAD drafting', 'design', ['cad', 'autocad', '制图', 'solidworks', 'proe', 'ug']),
  S('graphic_design', '平面设计', 'graphic design', 'design', [
    'photoshop',
    'ps',
    'illustrator',
    'ai设计',
    '平面设计',
    'coreldraw',
    '美工',
  ]),
  S('ui_design', 'UI/UX 设计', 'UI/UX design', 'design', ['ui', 'ux', '交互设计', '界面设计', 'sketch', 'figma']),
  // trades, care, logistics
  S('welding', '焊接', 'welding', 'trade', ['焊工', '电焊', '氩弧焊', '二保焊', '焊接']),
  S('electrician', '电工', 'electrical work', 'trade', ['电工', '电工证', '低压电工', '高压电工', '强电', '弱电']),
  S('cnc', '数控加工', 'CNC machining', 'manufacturing', ['数控', 'cnc', '车床', '铣床', '加工中心', '编程操机']),
  S('plc', 'PLC 与自动化', 'PLC / automation', 'manufacturing', ['plc', '自动化控制', '西门子', '三菱plc', '工控']),
  S('quality', '质量管理', 'quality management', 'manufacturing', ['质检', '品质', 'qc', 'qa', 'iso9001', '质量管理', '来料检验']),
  S('driving_c1', 'C1 驾照', 'driving licence C1', 'licence', ['c1驾照', 'c1', '驾照', '驾驶证']),
  S('driving_heavy', 'A/B 类驾照', 'heavy-vehicle licence', 'licence', ['a2驾照', 'b2驾照', 'a1驾照', 'a2', 'b2', '货车司机', '大车']),
  S('forklift', '叉车证', 'forklift licence', 'licence', ['叉车', '叉车证']),
  S('nursing', '护理', 'nursing', 'care', ['护士', '护理', '护士资格证', '护士执业证']),
  S('elderly_care', '养老护理', 'elderly care', 'care', ['养老护理', '护理员', '失能老人', '陪护']),
  S('childcare', '育婴', 'childcare', 'care', ['育婴', '育儿嫂', '月嫂', '保育员']),
  S('cooking', '烹饪', 'cooking', 'care', ['厨师', '烹饪', '中餐', '面点', '厨师证']),
  S('warehouse', '仓储', 'warehousing', 'logistics', ['仓储', '仓库', '库管', '出入库', 'wms', '盘点']),
  S('delivery', '配送', 'delivery', 'logistics', ['配送', '快递', '外卖', '骑手', '派件']),
  // business
  S('sales', '销售', 'sales', 'business', ['销售', '客户开发', '业务拓展', '电话销售', '大客户']),
  S('customer_service', '客户服务', 'customer service', 'business', ['客服', '客户服务', '售后', '呼叫中心']),
  S('accounting', '会计', 'accounting', 'business', ['会计', '出纳', '财务', '记账', '报税', '会计证', '初级会计', '用友', '金蝶']),
  S('hr', '人力资源', 'human resources', 'business', ['人力资源', '招聘', '薪酬', '绩效', '人事']),
  S('project_management', '项目管理', 'project management', 'business', ['项目管理', 'pmp', '项目经理', '敏捷开发', 'scrum']),
  S('requirements', '需求分析', 'requirements analysis', 'business', ['需求分析', '需求调研', '产品设计', '原型设计', 'axure']),
  // biome-ignore format: Chinese text, split to keep each line within 160 bytes
  S('marketing', '市场营销', 'marketing', 'business', [
    '市场营销', '新媒体运营', '新媒体', '推广', 'seo', 'sem', '直播带货', '短视频',
  ]),
  S('finance', '金融', 'finance', 'business', ['金融', '证券', '银行', '保险', '信贷', '风控', '供应链金融']),
  S('teamwork', '团队协作', 'teamwork', 'business', ['团队合作', '团队协作', '沟通能力', '协调能力']),
  // languages
  S('english', '英语', 'English', 'language', ['英语', 'english', 'cet4', 'cet6', '英语四级', '英语六级']),
  S('japanese', '日语', 'Japanese', 'language', ['日语', 'jlpt', 'n1', 'n2']),
];

/** Head nouns that carry the job family of a title; longer heads win ("软件工程师" over "工程师"). */
export const TITLE_HEADS: readonly string[] = [
  '工程师',
  '技术员',
  '设计师',
  '架构师',
  '分析师',
  '咨询师',
  '规划师',
  '策划',
  '开发',
  '测试',
  '运维',
  '销售',
  '业务员',
  '顾问',
  '经理',
  '主管',
  '总监',
  '专员',
  '助理',
  '文员',
  '秘书',
  '前台',
  '客服',
  '会计',
  '出纳',
  '审计',
  '律师',
  '法务',
  '教师',
  '老师',
  '讲师',
  '辅导员',
  '教练',
  '翻译',
  '医生',
  '医师',
  '护士',
  '药师',
  '技师',
  '治疗师',
  '护理员',
  '保育员',
  '育婴员',
  '月嫂',
  '保姆',
  '家政',
  '司机',
  '驾驶员',
  '配送员',
  '快递员',
  '骑手',
  '押运员',
  '调度',
  '仓管',
  '库管',
  '理货员',
  '装卸工',
  '搬运工',
  '厨师',
  '面点师',
  '服务员',
  '收银员',
  '保洁',
  '保安',
  '门卫',
  '导购',
  '店长',
  '营业员',
  '美容师',
  '美发师',
  '电工',
  '焊工',
  '钳工',
  '车工',
  '铣工',
  '磨工',
  '木工',
  '瓦工',
  '油漆工',
  '水电工',
  '管道工',
  '普工',
  '操作工',
  '质检员',
  '检验员',
  '品管',
  '采购',
  '跟单',
  '报关员',
  '编辑',
  '记者',
  '主播',
  '摄影师',
  '运营',
  '专家',
  '研究员',
  '工程技术人员',
  '技术人员',
  '专业人员',
  '人员',
  '员',
  '工',
  '师',
  '医师',
  '驾驶员',
  '营销员',
  '烹调师',
  '服务员',
];

/**
 * Job-board words and the classification's formal words for the same kind of worker: a title
 * says 工程师 / 司机 / 医生, the classification says 工程技术人员 / 驾驶员 / 医师. Each group is a set
 * of interchangeable title heads; the first is the classification's usual form.
 */
export const TITLE_SYNONYMS: readonly (readonly string[])[] = [
  ['工程技术人员', '工程师', '技术员', '技术专员'],
  ['医师', '医生', '大夫'],
  ['驾驶员', '司机'],
  ['教师', '老师', '讲师', '教员'],
  ['营销员', '销售', '销售员', '业务员', '推销员', '销售代表'],
  ['烹调师', '厨师', '大厨', '厨工'],
  ['护理员', '护工', '陪护'],
  ['家政服务员', '保姆', '家政', '阿姨'],
  ['办事员', '文员', '职员'],
  ['客户服务管理员', '客服', '客服专员'],
  ['设计师', '设计人员', '设计'],
  ['负责人', '经理', '主管', '总监', '主任'],
  ['辅助人员', '助理', '助手'],
  ['操作工', '普工', '作业员', '操作员'],
  ['维修工', '维修员', '维修技师', '修理工'],
  ['检验员', '质检员', '检测员', '品检员', '检验工'],
  ['专业人员', '专员', '顾问'],
  ['服务员', '服务生'],
  ['保安员', '保安', '安保'],
  ['保洁员', '保洁', '清洁工'],
  ['装卸搬运工', '搬运工', '装卸工'],
  ['仓储管理员', '仓管', '库管', '仓库管理员'],
  ['美容师', '美容顾问'],
  ['翻译', '译员'],
  ['编辑', '编辑人员'],
  ['研究人员', '研究员', '研发'],
  ['分析师', '分析员'],
  ['程序设计员', '程序员', '开发'],
  ['测试员', '测试', '测试工程师'],
];

/**
 * Common job-board abbreviations and their full forms as the classification writes them
 * (环评 → 环境影响评价). Used to query title variants; general usage, not tied to one data set.
 */
export const TITLE_ABBREVIATIONS: readonly (readonly [string, string])[] = [
  ['环评', '环境影响评价'],
  ['电商', '电子商务'],
  ['外贸', '国际贸易'],
  ['医美', '医疗美容'],
  ['早教', '早期教育'],
  ['幼师', '幼儿教育教师'],
  ['运维', '运行维护'],
  ['网管', '网络管理'],
  ['质检', '质量检验'],
  ['品管', '质量管理'],
  ['人事', '人力资源'],
  ['hr', '人力资源'],
  ['财务', '会计'],
  ['造价', '工程造价'],
  ['暖通', '供热通风'],
  ['机修', '机械维修'],
  ['汽修', '汽车维修'],
  ['水电', '水电安装'],
  ['货车', '货运汽车'],
  ['网约车', '出租汽车'],
  ['叉车', '起重装卸机械'],
  ['保洁', '保洁清洁'],
  ['月嫂', '家政母婴护理'],
  ['育儿嫂', '家政育婴'],
  ['护工', '医疗护理员'],
  ['文案', '文字编辑'],
  ['美工', '美术设计'],
  ['平面', '平面设计'],
  ['前台', '前厅接待'],
  ['收银', '收银员'],
  ['安防', '安全防范'],
  ['消防', '消防安全'],
  ['物管', '物业管理'],
  ['房产', '房地产'],
  ['地产', '房地产'],
  ['催收', '信贷催收'],
  ['理财', '理财规划'],
  ['数控', '数控机床'],
  ['钣金', '冲压钣金'],
  ['模具', '模具设计制造'],
  ['ui', '界面设计'],
  ['dba', '数据库管理员'],
  ['it', '信息技术'],
  ['ai', '人工智能'],
  ['bim', '建筑信息模型'],
];

function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

const LATIN = /^[a-z0-9+#./\- ]+$/;

export class SkillVocabulary {
  private static instance: SkillVocabulary | undefined;
  private readonly latin: { form: string; re: RegExp; id: string }[] = [];
  private readonly cjk: { form: string; id: string }[] = [];
  private readonly byId = new Map<string, Skill>();

  constructor(readonly skills: readonly Skill[] = SKILLS) {
    for (const skill of skills) {
      this.byId.set(skill.id, skill);
      const forms = new Set(
        [skill.id, skill.zh, skill.en, ...skill.forms]
          .map(normalise)
          .map((f) => f.trim())
          .filter((f) => f.length > 0),
      );
      for (const form of forms) {
        if (LATIN.test(form)) {
          const escaped = form.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&').replace(/ /g, '\\s*');
          // Boundaries are "not a Latin letter or digit", so "java" fires in "熟悉java开发" but not in "javascript".
          this.latin.push({ form, id: skill.id, re: new RegExp(`(?<![a-z0-9+#])${escaped}(?![a-z0-9+#])`) });
        } else {
          this.cjk.push({ form, id: skill.id });
        }
      }
    }
  }

  static default(): SkillVocabulary {
    return (SkillVocabulary.instance ??= new SkillVocabulary());
  }

  /** Canonical skill ids mentioned in `text`, in vocabulary order, without duplicates. */
  extract(text: string): string[] {
    const t = normalise(text);
    const found = new Set<string>();
    for (const { form, id } of this.cjk) if (!found.has(id) && t.includes(form)) found.add(id);
    for (const { re, id } of this.latin) if (!found.has(id) && re.test(t)) found.add(id);
    return this.skills.map((s) => s.id).filter((id) => found.has(id));
  }

  label(id: string, lang: 'zh' | 'en' = 'zh'): string {
    const s = this.byId.get(id);
    return s ? s[lang] : id;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Multi-character Chinese forms and title heads, as jieba user-dictionary words. */
  jiebaWords(): string[] {
    const words = new Set<string>();
    for (const { form } of this.cjk) if (/[\u4e00-\u9fff]/.test(form) && form.length >= 2 && !/\s/.test(form)) words.add(form);
    for (const head of TITLE_HEADS) if (head.length >= 2) words.add(head);
    return [...words];
  }
}

/** Title variants with each known abbreviation expanded (at most one expansion per variant). */
export function expandAbbreviations(title: string): string[] {
  const t = normalise(title);
  const out: string[] = [];
  for (const [short, full] of TITLE_ABBREVIATIONS) {
    if (!t.includes(short) || t.includes(full)) continue;
    // Latin abbreviations must stand alone ("it" inside "digital" is not IT).
    if (/^[a-z]+$/.test(short) && !new RegExp(`(?<![a-z])${short}(?![a-z])`).test(t)) continue;
    out.push(t.replace(short, full));
  }
  return out;
}

/** The other forms of `head` (itself excluded), from TITLE_SYNONYMS; [] when it has none. */
export function headSynonyms(head: string): string[] {
  const out = new Set<string>();
  for (const group of TITLE_SYNONYMS) if (group.includes(head)) for (const h of group) if (h !== head) out.add(h);
  return [...out];
}

/** The longest title head that `title` ends with; failing that, the longest it contains; else null. */
export function titleHead(title: string): string | null {
  const t = normalise(title).replace(/[\s()（）[\]【】]+$/g, '');
  let best: string | null = null;
  for (const head of TITLE_HEADS) if (t.endsWith(head) && (!best || head.length > best.length)) best = head;
  if (best) return best;
  for (const head of TITLE_HEADS) if (t.includes(head) && (!best || head.length > best.length)) best = head;
  return best;
}
