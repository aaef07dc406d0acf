import { OccupationTaxonomy } from '../../src/occupations/OccupationTaxonomy.ts';
import { parseCsvObjects } from '../../src/occupations/parseCsv.ts';

/** A tiny classification in the format of the real file, written for these tests. */
// biome-ignore format: Chinese text; long rows are split before the alias column to keep each line within 160 bytes
export const TAXONOMY_CSV = [
  'level,code,code_num,name,definition,tasks,csco_code_num,alias',
  '1,2-00-00-00,2000000,专业技术人员,,,2000000,"专业技术人员"',
  '3,2-02-10-00,2021000,信息和通信工程技术人员,,,2021000,"信息和通信工程技术人员"',
  '4,2-02-10-03,2021003,计算机软件工程技术人员,从事计算机软件需求分析、设计、编码、测试的工程技术人员。,' +
    '1.分析需求 2.编写代码 3.测试软件,2021003,' +
    '"计算机软件工程技术人员,Java开发工程师,后端开发工程师,前端开发工程师,软件工程师,Python开发"',
  '4,2-02-10-04,2021004,计算机网络工程技术人员,从事计算机网络规划、设计、运行维护的工程技术人员。,,2021004,' +
    '"计算机网络工程技术人员,网络工程师,网络管理员"',
  '4,2-02-38-01,2023801,人工智能工程技术人员S,从事人工智能算法研究和应用的工程技术人员。,,2023801,' +
    '"人工智能工程技术人员S,算法工程师,机器学习工程师,深度学习"',
  '4,4-02-02-01,4020201,客运车辆驾驶员,驾驶客运车辆运送旅客的人员。,,4020201,' +
    '"客运车辆驾驶员,大巴司机,公交司机,商务司机"',
  '4,4-02-02-02,4020202,货运车辆驾驶员,驾驶货运车辆运送货物的人员。,,4020202,' +
    '"货运车辆驾驶员,货车司机,重卡司机,物流司机"',
  '4,4-10-01-05,4100105,养老护理员,对老年人生活进行照料、护理的服务人员。,,4100105,"养老护理员,护工,养老院护理"',
  '4,4-01-02-01,4010201,营销员,从事商品推广和销售的人员。,,4010201,"营销员,销售代表,电话销售,销售专员,网络销售"',
  '4,2-08-03-00,2080300,幼儿教育教师,在幼儿园从事保育和教育工作的教师。,,2080300,"幼儿教育教师,幼儿园老师,幼师"',
].join('\n');

export function fixtureTaxonomy(): OccupationTaxonomy {
  return OccupationTaxonomy.fromRows(parseCsvObjects(TAXONOMY_CSV).records);
}
