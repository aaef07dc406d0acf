import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePjm } from '../../src/eval/evaluatePjm.ts';
import { formatPjmReport, scoresCsv } from '../../src/eval/formatPjmReport.ts';
import { loadPjm, parsePjm } from '../../src/eval/loadPjm.ts';
import { charBigramBaseline, scorePjm } from '../../src/eval/pjmScorer.ts';

/** A small screening file in the dataset's format, written for these tests. */
const JOBS = {
  j1: ['负责后端系统开发维护编写代码', '熟悉数据库多线程高并发分布式微服务'],
  j2: ['负责前端页面开发交互实现', '熟悉网页开发前端框架浏览器兼容'],
  j3: ['负责软件测试编写测试用例', '熟悉自动化测试性能测试缺陷管理'],
};
const RESUMES = [
  ['参与后端系统开发负责数据库设计多线程优化', '分布式微服务项目高并发订单系统'],
  ['负责前端页面开发网页交互', '前端框架项目浏览器兼容优化'],
  ['负责软件测试编写测试用例', '自动化测试平台性能测试'],
  ['负责销售客户开发', '门店销售活动策划'],
  ['负责仓库管理出入库', '物流配送调度'],
];
function row(job: keyof typeof JOBS, r: number, label: number, gender = '0.5', age = '-1.2', edu = '0.3'): string {
  const [duties, req] = JOBS[job];
  const [work, proj] = RESUMES[r]!;
  return [job, '0.1', gender, age, edu, duties, req, work, proj, String(label)].join(',');
}
const HEADER = 'jd_id,岗位,性别,年龄,最高学历,clean_岗位职责,clean_岗位要求,clean_工作经历,clean_项目经历,标签';
function csv(gender?: (i: number) => string, age?: (i: number) => string): string {
  const spec: [keyof typeof JOBS, number, number][] = [
    ['j1', 0, 1],
    ['j1', 1, 0],
    ['j1', 3, 0],
    ['j1', 4, 0],
    ['j2', 1, 1],
    ['j2', 0, 0],
    ['j2', 2, 0],
    ['j2', 3, 0],
    ['j3', 2, 1],
    ['j3', 4, 0],
    ['j3', 1, 0],
    ['j3', 3, 0],
  ];
  return `${[HEADER, ...spec.map(([j, r, l], i) => row(j, r, l, gender?.(i), age?.(i)))].join('\n')}\n`;
}

describe('PjmDataset', () => {
  it('reads the allowed columns only: gender and age never reach a pair', () => {
    const pairs = parsePjm(csv());
    expect(pairs).toHaveLength(12);
    expect(pairs[0]).toMatchObject({ row: 0, jobId: 'j1', education: 0.3, label: 1 });
    const keys = Object.keys(pairs[0]!);
    expect(keys).not.toContain('gender');
    expect(JSON.stringify(pairs)).not.toContain('-1.2');
  });
  it('rejects a file without the expected columns, and a missing file', async () => {
    expect(() => parsePjm('a,b\n1,2\n')).toThrow(/missing column/);
    await expect(loadPjm('/nonexistent/dev.csv')).rejects.toThrow(/cannot read dataset/);
  });
});

describe('pjm scoring', () => {
  it('ranks the matching resume first for every job and beats chance', () => {
    const pairs = parsePjm(csv());
    const r = evaluatePjm(pairs, undefined, 3);
    expect(r.ours.map).toBe(1);
    expect(r.ours.auc).toBeGreaterThan(0.9);
    expect(r.jobs_with_positive).toBe(3);
    expect(charBigramBaseline(pairs)).toHaveLength(12);
    const { text, json } = formatPjmReport(r);
    expect(text).toContain('baseline');
    expect(json).toMatchObject({ bench: 'eval-pjm', pairs: 12, map: 1 });
  });
  it('changing gender or age changes no score', () => {
    const a = scorePjm(parsePjm(csv())).score;
    const b = scorePjm(
      parsePjm(
        csv(
          (i) => String(i % 2 ? 3 : -3),
          (i) => String(i * 7.5),
        ),
      ),
    ).score;
    expect(Array.from(b)).toEqual(Array.from(a));
  });
  it('writes the scores file with one row per data row', () => {
    expect(scoresCsv(Float64Array.from([0.5, -1]))).toBe('row,score\n0,0.500000\n1,-1.000000\n');
  });
});

const DEV = '/work/shared/datasets/pjm-screening-zh/dev.csv';
describe.skipIf(!existsSync(DEV))('on the shared pjm dev split (skipped when absent)', () => {
  it('beats the char-bigram baseline on MAP, NDCG@5 and AUC, also with the CV-selected variant', async () => {
    const pairs = await loadPjm(DEV);
    const r = evaluatePjm(pairs);
    expect(r.pairs).toBe(1201);
    for (const m of [r.ours, r.crossValidated]) {
      expect(m.map).toBeGreaterThan(r.baseline.map);
      expect(m.ndcg5).toBeGreaterThan(r.baseline.ndcg5);
      expect(m.auc).toBeGreaterThan(r.baseline.auc);
    }
  }, 120_000);
});
