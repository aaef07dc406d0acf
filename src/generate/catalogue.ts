import type { EducationLevel, EducationRequirement } from '../schemas/common.ts';

/**
 * The generator's own small catalogue: occupations (national occupational classification 2022
 * codes), GB/T 4754-2017 industry divisions, city tiers and the words employer names are made
 * of. Wages are typical monthly CNY in a tier-3 city in 2025; tiers scale them.
 */

/** Broad labour-market segments: which seekers look for the occupation and how it is advertised. */
export type Segment = 'professional' | 'clerical' | 'service' | 'trade' | 'operative' | 'agriculture';

/** Typical schooling for the occupation; maps to requirement weights (postings) and attainment (seekers). */
export type EducationBand = 'degree' | 'medical' | 'college' | 'vocational' | 'basic';

export interface Occupation {
  code: string;
  name: string;
  segment: Segment;
  education: EducationBand;
  /** Typical experience asked for, years [min, max]. */
  experience: readonly [number, number];
  /** Median monthly wage, CNY, tier-3 city. */
  wage: number;
  /** Relative share among postings and among seekers' desired occupations. */
  postingWeight: number;
  seekerWeight: number;
  industries: readonly string[];
  titles: readonly string[];
  skills: readonly string[];
  /** Platform/gig work: postings are often `flexible` employment. */
  flexible?: boolean;
  /** Can be offered as a public-welfare post (公益性岗位) for hard-to-place seekers. */
  publicWelfare?: boolean;
}

const occ = (
  code: string, name: string, segment: Segment, education: EducationBand, experience: [number, number], wage: number,
  postingWeight: number, seekerWeight: number, industries: string[], titles: string[], skills: string[],
  flags: { flexible?: boolean; publicWelfare?: boolean } = {},
): Occupation => ({ code, name, segment, education, experience, wage, postingWeight, seekerWeight, industries, titles, skills, ...flags });

export const OCCUPATIONS: readonly Occupation[] = [
  // Professional and technical
  occ('2-02-10-03', '计算机软件工程技术人员', 'professional', 'degree', [1, 5], 9500, 3, 2.5, ['I65', 'I64'],
    ['Java开发工程师', '软件工程师', '前端开发工程师', '后端开发工程师'], ['Java', 'Spring Boot', 'MySQL', 'Vue.js', 'Linux', 'Git', '微服务', 'Python']),
  occ('4-04-05-02', '计算机软件测试员', 'professional', 'college', [0, 3], 7000, 1, 1, ['I65'],
    ['软件测试工程师', '测试工程师', '自动化测试工程师'], ['功能测试', '自动化测试', 'Selenium', '接口测试', '测试用例设计', 'Python']),
  occ('2-02-10-04', '计算机网络工程技术人员', 'professional', 'college', [1, 5], 7500, 1, 1, ['I65', 'I63'],
    ['网络工程师', '运维工程师', '网络管理员'], ['网络配置', '交换机路由器', '路由协议', 'Linux', '网络安全', '故障排查']),
  occ('2-02-38-03', '大数据工程技术人员', 'professional', 'degree', [1, 5], 11000, 0.8, 0.6, ['I65', 'I64'],
    ['大数据开发工程师', '数据工程师', '数据仓库工程师'], ['Hadoop', 'Spark', 'SQL', 'Python', '数据仓库', 'Flink']),
  occ('4-07-02-05', '商务数据分析师', 'professional', 'degree', [0, 3], 7500, 0.8, 1, ['I64', 'F52', 'L72'],
    ['数据分析师', '商业数据分析专员', '运营数据分析师'], ['Excel', 'SQL', 'Python', '数据可视化', '报表分析', '统计学']),
  occ('2-02-07-01', '机械设计工程技术人员', 'professional', 'degree', [1, 5], 8000, 1.2, 1, ['C34', 'C35', 'C36'],
    ['机械设计工程师', '结构工程师', '机械工程师'], ['SolidWorks', 'AutoCAD', '机械制图', '公差配合', '有限元分析', '非标设备设计']),
  occ('2-02-11-01', '电工电器工程技术人员', 'professional', 'degree', [1, 5], 7800, 1, 0.8, ['C38', 'C34'],
    ['电气工程师', '电气设计工程师', '自动化工程师'], ['PLC编程', '电气原理图', 'AutoCAD', '低压配电', '变频器调试', '西门子PLC']),
  occ('2-02-18-02', '土木建筑工程技术人员', 'professional', 'college', [1, 8], 7000, 1.2, 1, ['E47', 'E48'],
    ['土建工程师', '施工员', '土建技术员', '资料员'], ['施工图识读', '工程测量', '广联达', '施工组织设计', '质量验收', '二级建造师']),
  occ('2-06-03-00', '会计专业人员', 'clerical', 'college', [1, 5], 5000, 2, 2.5, ['C36', 'F51', 'F52', 'L72', 'E47', 'C13', 'K70'],
    ['会计', '总账会计', '成本会计', '出纳', '财务专员'], ['财务核算', '用友U8', '金蝶', '纳税申报', 'Excel', '成本核算', '初级会计职称']),
  occ('2-06-08-01', '人力资源管理专业人员', 'clerical', 'college', [1, 5], 5200, 1, 1.2, ['L72', 'I65', 'C39', 'C36'],
    ['人事专员', '招聘专员', '人力资源专员', '薪酬专员'], ['招聘', '薪酬核算', '劳动合同管理', '社保办理', '员工关系', '绩效考核']),
  occ('3-01-01-01', '行政办事员', 'clerical', 'college', [0, 3], 4000, 2, 3, ['L72', 'K70', 'C33', 'I65', 'M74'],
    ['行政专员', '行政文员', '前台文员', '办公室文员'], ['办公软件', '公文写作', '档案管理', '会务组织', '接待', 'Word']),
  occ('2-06-07-02', '市场营销专业人员', 'professional', 'degree', [1, 5], 6500, 1, 1, ['F51', 'I64', 'C15', 'C14'],
    ['市场专员', '市场推广经理', '品牌专员', '活动策划'], ['市场调研', '活动策划', '品牌推广', '新媒体运营', '文案撰写']),
  occ('4-01-02-01', '营销员', 'service', 'vocational', [0, 3], 6000, 4, 2.5, ['F51', 'C38', 'C26', 'K70', 'C36', 'J68'],
    ['销售代表', '销售专员', '业务员', '客户经理', '置业顾问'], ['客户开发', '商务谈判', '渠道管理', 'CRM', '市场拓展', '沟通能力']),
  occ('4-01-06-01', '电子商务师', 'service', 'college', [0, 3], 5500, 1.5, 1.5, ['F52', 'I64'],
    ['电商运营', '网店运营专员', '电商客服主管', '拼多多运营'], ['店铺运营', '直通车推广', '数据分析', '活动策划', '商品上架', 'Photoshop']),
  occ('4-01-06-02', '互联网营销师', 'service', 'vocational', [0, 3], 6500, 1.2, 1, ['F52', 'I64', 'L72'],
    ['带货主播', '直播运营', '短视频运营'], ['直播带货', '短视频剪辑', '抖音运营', '话术设计', '粉丝运营'], { flexible: true }),
  occ('2-08-02-04', '小学教师', 'professional', 'degree', [0, 5], 5800, 0.8, 1.5, ['P83'],
    ['小学语文教师', '小学数学教师', '小学英语教师'], ['教师资格证', '普通话二级甲等', '课堂教学', '班级管理', '教案设计']),
  occ('2-08-03-00', '幼儿园教师', 'professional', 'college', [0, 3], 3800, 1, 1.5, ['P83'],
    ['幼儿园教师', '幼师', '幼儿园主班老师'], ['幼儿教师资格证', '钢琴', '舞蹈', '儿童心理', '保育']),
  occ('2-05-08-01', '内科护士', 'professional', 'medical', [0, 5], 5500, 1.2, 1.5, ['Q84'],
    ['护士', '内科护士', '病房护士'], ['护士执业证书', '静脉输液', '基础护理', '护理文书书写', '急救技能']),
  occ('2-05-01-01', '内科医师', 'professional', 'medical', [2, 8], 10000, 0.5, 0.4, ['Q84'],
    ['内科医生', '全科医生', '社区医生'], ['执业医师资格', '内科诊疗', '病历书写', '慢病管理']),
  occ('2-05-06-01', '药师', 'professional', 'college', [0, 5], 5000, 0.8, 0.6, ['F52', 'Q84'],
    ['药剂师', '执业药师', '药店驻店药师'], ['执业药师资格', '药品管理', '处方审核', '用药咨询', 'GSP']),
  occ('2-07-11-01', '社会工作者', 'professional', 'college', [0, 3], 4500, 0.5, 0.6, ['Q85', 'S96'],
    ['社工', '社区社会工作者', '项目社工'], ['个案工作', '小组工作', '社区活动策划', '社会工作者证书'], { publicWelfare: true }),
  // Office-adjacent services
  occ('4-04-05-03', '呼叫中心服务员', 'service', 'vocational', [0, 2], 4200, 2, 2, ['L72', 'I64', 'J66', 'I63'],
    ['客服专员', '电话客服', '在线客服'], ['普通话', '电脑打字', '客户沟通', '投诉处理', '工单系统']),
  occ('4-01-02-03', '商品营业员', 'service', 'basic', [0, 2], 3800, 3, 3, ['F52'],
    ['导购员', '营业员', '店员', '门店销售'], ['商品陈列', '销售技巧', '收银', '客户接待']),
  occ('4-01-02-04', '收银员', 'service', 'basic', [0, 1], 3300, 1.5, 2, ['F52', 'H62'],
    ['收银员', '超市收银员', '收银员兼理货'], ['收银系统操作', '点钞', '扫码支付', '账目核对']),
  occ('4-03-02-01', '中式烹调师', 'service', 'vocational', [1, 5], 5800, 2, 1.5, ['H62', 'H61'],
    ['厨师', '热菜厨师', '川菜厨师', '凉菜厨师', '厨师长'], ['中式烹饪', '刀工', '川菜', '食品安全', '成本控制', '中式烹调师证']),
  occ('4-03-02-02', '中式面点师', 'service', 'basic', [1, 3], 4800, 0.8, 0.6, ['H62', 'C14'],
    ['面点师', '白案师傅', '早点师傅'], ['面点制作', '发面', '包子饺子', '烘焙']),
  occ('4-03-02-05', '餐厅服务员', 'service', 'basic', [0, 1], 3500, 3, 2, ['H62', 'H61'],
    ['服务员', '餐厅服务员', '传菜员', '领班'], ['点餐', '餐桌服务', '礼仪接待', '食品安全']),
  occ('4-03-01-01', '前厅服务员', 'service', 'vocational', [0, 2], 3600, 0.7, 0.8, ['H61'],
    ['酒店前台', '前台接待', '前厅接待员'], ['入住办理', '客房预订系统', '英语口语', '礼仪接待']),
  occ('4-03-01-02', '客房服务员', 'service', 'basic', [0, 1], 3300, 0.8, 0.6, ['H61'],
    ['客房服务员', '酒店客房保洁'], ['客房清洁', '布草管理', '物品补充']),
  occ('4-10-01-06', '家政服务员', 'service', 'basic', [0, 3], 5000, 1.5, 1.5, ['O80'],
    ['家政服务员', '保姆', '育儿嫂', '住家阿姨'], ['家庭保洁', '家常菜烹饪', '母婴护理', '老人照护', '育婴员证']),
  occ('4-10-01-05', '养老护理员', 'service', 'basic', [0, 3], 4500, 1.5, 1.2, ['Q85', 'O80'],
    ['养老护理员', '护工', '护理员'], ['生活照料', '基础护理', '康复协助', '养老护理员证书'], { publicWelfare: true }),
  occ('4-10-01-03', '保育师', 'service', 'vocational', [0, 3], 3700, 0.8, 0.8, ['P83', 'O80'],
    ['保育员', '育婴员', '托育老师'], ['婴幼儿照护', '卫生消毒', '育婴员证书', '儿童安全']),
  occ('4-10-03-01', '美容师', 'service', 'basic', [0, 3], 4800, 0.8, 0.7, ['O80'],
    ['美容师', '美容顾问', '皮肤管理师'], ['皮肤护理', '美容仪器操作', '顾客接待', '产品销售']),
  occ('4-10-03-02', '美发师', 'service', 'basic', [1, 5], 5200, 0.7, 0.6, ['O80'],
    ['发型师', '美发助理', '理发师'], ['剪发', '烫染', '造型设计', '头皮护理']),
  occ('4-07-05-01', '保安员', 'service', 'basic', [0, 2], 3400, 2.5, 2.5, ['L72', 'K70', 'N78'],
    ['保安', '门卫', '巡逻保安', '安保队员'], ['巡逻值守', '监控操作', '消防安全', '保安员证'], { publicWelfare: true }),
  occ('4-09-08-01', '保洁员', 'operative', 'basic', [0, 1], 2700, 2, 2.5, ['N78', 'K70', 'O80'],
    ['保洁员', '环卫工', '清洁工', '物业保洁'], ['日常清洁', '垃圾分类', '清洁设备使用'], { publicWelfare: true }),
  occ('4-09-10-01', '园林绿化工', 'operative', 'basic', [0, 2], 3000, 0.8, 0.8, ['N78', 'A05'],
    ['绿化工', '园林养护工', '苗木养护员'], ['苗木养护', '绿篱修剪', '浇灌', '病虫害防治'], { publicWelfare: true }),
  occ('3-01-04-02', '城市管理网格员', 'clerical', 'vocational', [0, 2], 3200, 0.6, 1, ['S96', 'N78'],
    ['网格员', '社区网格员', '社区专干'], ['入户走访', '信息采集', '矛盾调解', '办公软件'], { publicWelfare: true }),
  // Transport, logistics, delivery
  occ('4-02-07-08', '快递员', 'operative', 'basic', [0, 2], 6200, 3, 2, ['G60'],
    ['快递员', '快递派送员', '快递揽收员'], ['快递派送', '电动三轮车驾驶', '扫码设备', '客户沟通'], { flexible: true }),
  occ('4-10-08-01', '网约配送员', 'operative', 'basic', [0, 1], 6800, 3, 2.5, ['G60', 'I64'],
    ['外卖骑手', '配送员', '外卖配送员', '同城跑腿骑手'], ['电动车驾驶', '导航软件', '配送时效', '客户沟通'], { flexible: true }),
  occ('4-02-02-02', '道路货运汽车驾驶员', 'operative', 'basic', [2, 8], 7500, 1.5, 1.5, ['G54', 'G59'],
    ['货车司机', '重型货车司机', '物流司机', '冷链司机'], ['A2驾驶证', 'B2驾驶证', '长途运输', '车辆保养', '货物装卸']),
  occ('4-02-02-01', '客运车辆驾驶员', 'operative', 'basic', [3, 10], 6000, 0.8, 1, ['G54'],
    ['公交车司机', '大巴司机', '网约车司机', '通勤班车司机'], ['A1驾驶证', '安全驾驶', '路线熟悉', '乘客服务'], { flexible: true }),
  occ('4-02-06-01', '仓储管理员', 'operative', 'vocational', [0, 3], 4600, 1.5, 1.5, ['G59', 'F51', 'C36'],
    ['仓管员', '仓库管理员', '库管', '仓库主管'], ['WMS系统', '出入库管理', '盘点', '叉车证', 'Excel']),
  occ('4-02-05-01', '装卸搬运工', 'operative', 'basic', [0, 1], 4800, 2, 1.5, ['G59', 'G60'],
    ['装卸工', '搬运工', '分拣员', '物流分拣员'], ['货物装卸', '分拣', '体力好', '托盘搬运']),
  occ('6-30-05-01', '起重装卸机械操作工', 'trade', 'basic', [1, 5], 5500, 1, 1, ['G59', 'C33', 'C31'],
    ['叉车司机', '叉车工', '行车工'], ['叉车证', '行车操作', '特种设备作业证', '安全操作']),
  // Manufacturing trades and operatives
  occ('6-18-02-04', '焊工', 'trade', 'vocational', [1, 5], 6800, 2, 1.5, ['C33', 'C34', 'C36', 'E48'],
    ['电焊工', '氩弧焊工', '二保焊工', '焊接技师'], ['氩弧焊', '二氧化碳保护焊', '焊工证', '识图', '焊接工艺']),
  occ('6-31-01-03', '电工', 'trade', 'vocational', [1, 5], 6200, 2, 1.8, ['C13', 'K70', 'C38', 'C30', 'C33'],
    ['电工', '维修电工', '设备电工', '物业电工'], ['低压电工证', '电气维修', 'PLC', '电路检修', '高压电工证']),
  occ('6-18-01-01', '车工', 'trade', 'vocational', [1, 5], 6000, 1, 0.8, ['C34', 'C33'],
    ['车工', '普车师傅', '车床操作工'], ['普通车床操作', '识图', '量具使用', '刀具刃磨']),
  occ('6-18-01-07', '多工序数控机床操作调整工', 'trade', 'vocational', [1, 5], 6300, 1.5, 1, ['C34', 'C36', 'C39', 'C35'],
    ['数控操作工', 'CNC操机员', '数控车床编程员', '加工中心操作工'], ['数控编程', 'FANUC系统', 'CNC操作', '识图', '量具使用']),
  occ('6-20-01-01', '装配钳工', 'trade', 'vocational', [1, 5], 6000, 1.2, 0.8, ['C34', 'C35'],
    ['钳工', '装配钳工', '设备装配工'], ['机械装配', '钳工操作', '识图', '设备调试']),
  occ('6-22-01-01', '汽车生产线操作工', 'operative', 'basic', [0, 2], 5600, 2.5, 1.5, ['C36'],
    ['汽车装配工', '生产线操作工', '总装普工'], ['流水线作业', '装配', '质量自检', '5S管理']),
  occ('6-25-04-07', '电子设备装接工', 'operative', 'basic', [0, 1], 4800, 3, 2, ['C39', 'C38'],
    ['电子厂普工', '电子装配工', 'SMT操作员', '插件工'], ['电子元件插件', '焊锡', 'SMT设备', '静电防护']),
  occ('6-31-03-05', '质检员', 'trade', 'vocational', [0, 3], 4800, 1.5, 1.2, ['C36', 'C39', 'C13', 'C17', 'C30'],
    ['质检员', '品检员', 'QC检验员', 'IPQC巡检员'], ['来料检验', '质量检测', '量具使用', '质量记录', 'ISO9001']),
  occ('6-05-01-03', '缝纫工', 'operative', 'basic', [0, 3], 5000, 1.5, 1.2, ['C18', 'C17'],
    ['缝纫工', '车缝工', '平车工', '服装厂熟手'], ['平缝机操作', '缝纫', '整烫', '质量把控']),
  occ('6-18-04-01', '模具工', 'trade', 'vocational', [2, 6], 6800, 0.8, 0.6, ['C29', 'C33', 'C36'],
    ['模具钳工', '模具师傅', '模具维修工'], ['模具装配', '模具维修', '钳工', '识图']),
  occ('6-14-02-00', '塑料制品成型制作工', 'operative', 'basic', [0, 2], 5200, 1.2, 0.8, ['C29'],
    ['注塑工', '注塑机操作工', '吹塑工'], ['注塑机操作', '调机', '模具更换', '产品检验']),
  occ('6-01-04-03', '肉制品加工工', 'operative', 'basic', [0, 2], 5000, 0.8, 0.6, ['C13'],
    ['屠宰分割工', '肉制品加工工', '食品厂普工'], ['肉品分割', '食品卫生', '冷链', '刀工']),
  occ('6-02-06-10', '茶叶加工工', 'operative', 'basic', [0, 3], 4200, 0.5, 0.4, ['C15'],
    ['制茶师傅', '茶叶加工工', '茶厂工人'], ['杀青', '揉捻', '烘干', '茶叶分级']),
  occ('6-06-04-00', '家具制作工', 'operative', 'basic', [0, 3], 5500, 0.8, 0.6, ['C21'],
    ['家具木工', '家具打磨工', '封边工'], ['板材开料', '封边', '打磨', '家具组装']),
  occ('6-24-02-04', '光伏组件制造工', 'operative', 'basic', [0, 2], 5500, 1, 0.6, ['C38'],
    ['光伏组件操作工', '串焊操作工', '层压工'], ['串焊', '层压', 'EL检测', '组件装框']),
  occ('6-24-04-00', '电池制造工', 'operative', 'basic', [0, 2], 5400, 1, 0.6, ['C38'],
    ['锂电池操作工', '电芯生产工', '化成工'], ['涂布', '卷绕', '注液', '化成']),
  // Construction
  occ('6-29-01-01', '砌筑工', 'trade', 'basic', [2, 10], 7000, 1, 1, ['E47'],
    ['瓦工', '砌筑工', '泥瓦工'], ['砌砖', '抹灰', '贴砖', '识图']),
  occ('6-29-01-04', '钢筋工', 'trade', 'basic', [1, 8], 7200, 0.8, 0.8, ['E47', 'E48'],
    ['钢筋工', '钢筋班组长'], ['钢筋绑扎', '钢筋下料', '识图']),
  occ('6-29-04-01', '装饰装修工', 'trade', 'basic', [1, 8], 6800, 1.2, 1, ['E50'],
    ['装修工', '油漆工', '装修木工', '吊顶工'], ['刷漆', '吊顶', '贴砖', '水电安装']),
  occ('6-29-02-15', '管道工', 'trade', 'basic', [1, 8], 6500, 0.8, 0.7, ['E49'],
    ['水电工', '管道工', '暖通安装工'], ['管道安装', '水电安装', '焊接', '识图']),
  occ('4-12-01-01', '汽车维修工', 'trade', 'vocational', [1, 5], 6000, 1, 1, ['O81'],
    ['汽车维修工', '汽修技师', '汽车机修工', '钣金喷漆工'], ['发动机维修', '汽车电路', '故障诊断仪', '车辆保养']),
  // Agriculture
  occ('5-01-02-01', '农艺工', 'agriculture', 'basic', [0, 5], 3600, 0.8, 1.2, ['A01'],
    ['农技员', '种植工人', '大棚种植员'], ['大田种植', '病虫害防治', '农机操作', '测土配方施肥']),
  occ('5-01-02-02', '园艺工', 'agriculture', 'basic', [0, 5], 3500, 0.6, 0.8, ['A01'],
    ['果树管理员', '果园工人', '花卉种植工'], ['果树修剪', '嫁接', '水肥管理']),
  occ('5-03-01-01', '家畜繁殖员', 'agriculture', 'basic', [0, 5], 4800, 0.6, 0.6, ['A03'],
    ['养殖工人', '养猪技术员', '饲养员'], ['饲养管理', '动物防疫', '配种', '猪场管理']),
  occ('5-01-02-03', '食用菌生产工', 'agriculture', 'basic', [0, 3], 3500, 0.4, 0.5, ['A01'],
    ['食用菌种植工', '菌棒生产工'], ['菌棒制作', '出菇管理', '温湿度控制']),
  occ('5-05-01-02', '农业经理人', 'agriculture', 'college', [2, 8], 5000, 0.3, 0.4, ['A05', 'A01'],
    ['合作社经理', '农业经理人', '农场管理员'], ['合作社管理', '农产品营销', '农村电商', '农业政策']),
];

export interface Industry {
  code: string;
  name: string;
  /** Share of employers in this division. */
  weight: number;
  /** Typical headcount of an employer (median of a log-normal). */
  typicalSize: number;
  /** Words that make a plausible employer name in this line of business. */
  business: readonly string[];
}

const ind = (code: string, name: string, weight: number, typicalSize: number, business: string[]): Industry =>
  ({ code, name, weight, typicalSize, business });

export const INDUSTRIES: readonly Industry[] = [
  ind('A01', '农业', 2, 25, ['农业科技', '种植专业合作社', '现代农业', '果蔬种植']),
  ind('A03', '畜牧业', 1, 40, ['牧业', '生猪养殖', '畜禽养殖']),
  ind('A05', '农、林、牧、渔专业及辅助性活动', 0.6, 20, ['农业服务', '农机服务', '苗木']),
  ind('C13', '农副食品加工业', 2, 150, ['食品', '肉类加工', '粮油']),
  ind('C14', '食品制造业', 1.5, 120, ['食品', '烘焙食品', '调味品']),
  ind('C15', '酒、饮料和精制茶制造业', 0.8, 80, ['茶业', '酒业', '饮品']),
  ind('C17', '纺织业', 1, 200, ['纺织', '棉纺', '织造']),
  ind('C18', '纺织服装、服饰业', 1.5, 150, ['服饰', '服装', '制衣']),
  ind('C21', '家具制造业', 1, 80, ['家具', '木业', '家居']),
  ind('C26', '化学原料和化学制品制造业', 1, 200, ['化工', '新材料', '精细化工']),
  ind('C29', '橡胶和塑料制品业', 1, 120, ['塑业', '橡塑制品', '塑料包装']),
  ind('C30', '非金属矿物制品业', 1, 180, ['玻璃', '建材', '水泥制品']),
  ind('C31', '黑色金属冶炼和压延加工业', 0.4, 600, ['钢铁', '特钢', '轧钢']),
  ind('C33', '金属制品业', 2, 100, ['金属制品', '五金', '钢结构']),
  ind('C34', '通用设备制造业', 2, 150, ['机械', '轴承', '精密机械']),
  ind('C35', '专用设备制造业', 1.2, 150, ['装备', '智能装备', '机械设备']),
  ind('C36', '汽车制造业', 1.5, 400, ['汽车零部件', '汽车配件', '车辆装备']),
  ind('C38', '电气机械和器材制造业', 1.5, 300, ['电气', '新能源', '电池科技', '光伏科技']),
  ind('C39', '计算机、通信和其他电子设备制造业', 1.5, 500, ['电子', '电子科技', '光电']),
  ind('E47', '房屋建筑业', 2, 200, ['建设', '建筑工程', '建工']),
  ind('E48', '土木工程建筑业', 1, 250, ['路桥', '市政工程', '水利工程']),
  ind('E49', '建筑安装业', 0.8, 60, ['安装工程', '机电安装']),
  ind('E50', '建筑装饰、装修和其他建筑业', 1.5, 40, ['装饰工程', '装饰设计', '家装']),
  ind('F51', '批发业', 3, 30, ['商贸', '贸易', '供应链']),
  ind('F52', '零售业', 5, 25, ['商贸', '超市', '百货', '医药连锁', '电子商务']),
  ind('G54', '道路运输业', 1.5, 80, ['运输', '物流', '客运']),
  ind('G59', '装卸搬运和仓储业', 1.2, 60, ['仓储', '物流', '供应链管理']),
  ind('G60', '邮政业', 2, 120, ['快递', '速递', '同城配送']),
  ind('H61', '住宿业', 1.5, 60, ['酒店', '宾馆', '酒店管理']),
  ind('H62', '餐饮业', 5, 25, ['餐饮', '餐饮管理', '饭店', '火锅']),
  ind('I63', '电信、广播电视和卫星传输服务', 0.4, 200, ['通信技术', '通信服务']),
  ind('I64', '互联网和相关服务', 1.5, 80, ['网络科技', '互联网科技', '信息科技']),
  ind('I65', '软件和信息技术服务业', 2.5, 60, ['软件', '信息技术', '数据科技', '智能科技']),
  ind('J66', '货币金融服务', 0.5, 150, ['农村商业银行', '村镇银行']),
  ind('J68', '保险业', 0.5, 100, ['保险代理', '保险经纪']),
  ind('K70', '房地产业', 2, 50, ['房地产开发', '物业服务', '置业']),
  ind('L72', '商务服务业', 3, 40, ['人力资源服务', '企业管理咨询', '保安服务', '文化传媒']),
  ind('M74', '专业技术服务业', 1, 40, ['工程技术', '检测技术', '工程设计']),
  ind('N78', '公共设施管理业', 1, 100, ['环境卫生', '园林绿化', '城市服务']),
  ind('O80', '居民服务业', 3, 15, ['家政服务', '美容美发', '养老服务']),
  ind('O81', '机动车、电子产品和日用产品修理业', 1.5, 12, ['汽车维修', '汽车服务']),
  ind('P83', '教育', 1.5, 60, ['教育咨询', '幼儿园', '培训学校']),
  ind('Q84', '卫生', 1.2, 150, ['医院', '诊所', '卫生院']),
  ind('Q85', '社会工作', 0.8, 40, ['养老院', '社会工作服务中心', '康养中心']),
  ind('S96', '基层群众自治组织及其他组织', 0.4, 15, ['社区居民委员会', '村民委员会']),
];

/** City tiers: 1 = Beijing/Shanghai/Guangzhou/Shenzhen, 2 = new first tier, 5 = small prefecture cities. */
export type CityTier = 1 | 2 | 3 | 4 | 5;

export interface City {
  /** Four-digit prefecture code (GB/T 2260). */
  code: string;
  tier: CityTier;
  /** Relative weight of the city in the profile (roughly its labour force). */
  weight: number;
  /** County codes to favour (weight multiplier), e.g. the sample's focus counties. */
  focus?: Readonly<Record<string, number>>;
}

/** Wages relative to a tier-3 city. */
export const TIER_WAGE_FACTOR: Record<CityTier, number> = { 1: 1.55, 2: 1.2, 3: 1.0, 4: 0.92, 5: 0.85 };
/** Local monthly minimum wage, CNY (roughly the first band of each tier's province in 2025). */
export const TIER_MINIMUM_WAGE: Record<CityTier, number> = { 1: 2600, 2: 2300, 3: 2200, 4: 2100, 5: 2000 };
/** Where seekers live compared with where jobs are: lower tiers send more seekers than they post jobs. */
export const TIER_SEEKER_FACTOR: Record<CityTier, number> = { 1: 0.6, 2: 0.85, 3: 1.0, 4: 1.2, 5: 1.4 };

export type ProfileName = 'national' | 'sample';

/** Region profiles: which cities the data covers. `sample` is the shipped data-samples/ area. */
export const PROFILES: Record<ProfileName, readonly City[]> = {
  national: [
    { code: '1101', tier: 1, weight: 6 }, { code: '3101', tier: 1, weight: 6 },
    { code: '4401', tier: 1, weight: 5 }, { code: '4403', tier: 1, weight: 5 },
    { code: '5101', tier: 2, weight: 6 }, { code: '3301', tier: 2, weight: 5 },
    { code: '4201', tier: 2, weight: 5 }, { code: '3205', tier: 2, weight: 4 },
    { code: '6101', tier: 2, weight: 4 }, { code: '4101', tier: 2, weight: 4 },
    { code: '5001', tier: 2, weight: 6 }, { code: '3702', tier: 2, weight: 3 },
    { code: '3502', tier: 3, weight: 2 }, { code: '1301', tier: 3, weight: 3 },
    { code: '3203', tier: 3, weight: 3 }, { code: '4205', tier: 4, weight: 2 },
    { code: '4206', tier: 4, weight: 2 }, { code: '5107', tier: 4, weight: 2 },
    { code: '5115', tier: 4, weight: 1.5 }, { code: '5113', tier: 5, weight: 2 },
    { code: '5105', tier: 5, weight: 1.5 }, { code: '1305', tier: 5, weight: 2 },
  ],
  sample: [
    // Xingtai (Hebei) with Nanhe and Julu as focus counties, Yichang (Hubei), and Sichuan cities.
    { code: '1305', tier: 5, weight: 4, focus: { '130506': 3, '130529': 3 } },
    { code: '4205', tier: 4, weight: 3 },
    { code: '5101', tier: 2, weight: 3 },
    { code: '5107', tier: 4, weight: 1 },
    { code: '5113', tier: 5, weight: 1 },
    { code: '5115', tier: 4, weight: 0.7 },
    { code: '5105', tier: 5, weight: 0.5 },
  ],
};

/**
 * Where people from a province look for work when they are willing to move (city-level codes):
 * the provincial capital and the nearby magnets (Hebei → Beijing/Tianjin, Sichuan → Chongqing,
 * the Pearl River Delta for inland provinces).
 */
export const PROVINCE_DESTINATIONS: Readonly<Record<string, readonly string[]>> = {
  '11': ['110100', '120100'], '13': ['130100', '110100', '120100'], '31': ['310100', '320500'], '32': ['320500', '310100'],
  '33': ['330100', '310100'], '35': ['350200', '440300'], '37': ['370200', '370100'], '41': ['410100', '440300'],
  '42': ['420100', '440300'], '44': ['440300', '440100'], '50': ['500100', '510100'], '51': ['510100', '500100', '440300'],
  '61': ['610100', '440300'],
};
/** Destinations for anyone, and the ones paid at tier-1 wages. */
export const NATIONAL_DESTINATIONS: readonly string[] = ['440300', '440100', '310100', '110100', '330100', '320500'];
export const TIER1_CITY_CODES: readonly string[] = ['110100', '310100', '440100', '440300'];

/** Syllable pairs for employer trade names (字号). */
export const TRADE_NAME_PARTS: readonly [readonly string[], readonly string[]] = [
  ['恒', '华', '鑫', '众', '金', '宏', '瑞', '盛', '德', '嘉', '汇', '永', '新', '博', '泰', '隆', '兴', '中', '海', '天', '荣', '诚', '润', '安'],
  ['达', '信', '源', '诚', '泰', '远', '丰', '昌', '力', '通', '成', '创', '和', '宇', '邦', '辉', '顺', '利', '嘉', '盛', '禾', '航', '科', '锦'],
];

export const COMPANY_FORMS: readonly (readonly [string, number])[] = [
  ['有限公司', 0.82], ['股份有限公司', 0.06], ['有限责任公司', 0.07], ['集团有限公司', 0.03], ['（个体工商户）', 0.02],
];

/** Everyday skills seekers list besides their trade. */
export const GENERAL_SKILLS: readonly string[] = [
  'C1驾驶证', '办公软件', '普通话', '吃苦耐劳', '沟通能力', '团队协作', 'Excel', '微信运营', '英语四级', '服从安排',
];

/** Seasonal posting intensity by month (Jan..Dec): spring recruitment after Spring Festival, graduation season. */
export const MONTH_HIRING_WEIGHT: readonly number[] = [0.75, 1.05, 1.6, 1.25, 1.0, 1.1, 1.15, 0.9, 1.0, 0.8, 0.85, 0.7];

/** Posting requirement weights by education band. */
export const REQUIREMENT_WEIGHTS: Record<EducationBand, readonly (readonly [EducationRequirement, number])[]> = {
  degree: [['bachelor', 0.6], ['master', 0.1], ['associate', 0.22], ['any', 0.08]],
  medical: [['associate', 0.35], ['bachelor', 0.55], ['master', 0.1]],
  college: [['associate', 0.5], ['bachelor', 0.2], ['senior_high', 0.1], ['secondary_vocational', 0.05], ['any', 0.15]],
  vocational: [['secondary_vocational', 0.22], ['senior_high', 0.2], ['junior_high', 0.2], ['associate', 0.08], ['any', 0.3]],
  basic: [['junior_high', 0.3], ['primary', 0.04], ['senior_high', 0.08], ['any', 0.58]],
};

/** What seekers in an occupation have actually attained. */
export const ATTAINMENT_WEIGHTS: Record<EducationBand, readonly (readonly [EducationLevel, number])[]> = {
  degree: [['bachelor', 0.63], ['master', 0.12], ['associate', 0.22], ['doctorate', 0.03]],
  medical: [['associate', 0.42], ['bachelor', 0.5], ['master', 0.08]],
  college: [['associate', 0.5], ['bachelor', 0.33], ['senior_high', 0.1], ['secondary_vocational', 0.07]],
  vocational: [['junior_high', 0.33], ['senior_high', 0.25], ['secondary_vocational', 0.3], ['associate', 0.12]],
  basic: [['primary', 0.1], ['junior_high', 0.55], ['senior_high', 0.18], ['secondary_vocational', 0.1], ['none', 0.02], ['associate', 0.05]],
};

export const SURNAMES: readonly string[] = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '胡', '郭', '何', '高', '林', '罗', '郑'];
