import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fillOccupationCodes } from '../../src/occupations/fillOccupationCodes.ts';
import type { TitleCoder } from '../../src/occupations/TitleCoder.ts';
import { posting, seeker } from '../matching/fixtures.ts';

const stub: TitleCoder & { calls: number } = {
  name: 'stub',
  calls: 0,
  code(title: string) {
    this.calls++;
    if (title.includes('车工')) return [{ code: '6-18-01-01', name: '车工', score: 0.9 }];
    if (title.includes('领班')) return [{ code: '6-05-01-03', name: '缝纫工', score: 0.3 }];
    return [];
  },
};

describe('fillOccupationCodes', () => {
  it('codes postings and seekers that lack codes, once per title, above the threshold only', () => {
    const { postings, seekers, counts } = fillOccupationCodes(
      [
        posting({ id: 'a', occupation_code: null, title: '数控车工' }),
        posting({ id: 'b', occupation_code: null, title: '数控车工' }),
        posting({ id: 'c', occupation_code: null, title: '领班' }),
        posting({ id: 'd', occupation_code: '4-12-01-01', title: '数控车工' }),
      ],
      [
        seeker({ desired_occupations: [], desired_titles: ['车工'] }),
        seeker({ desired_occupations: [], desired_titles: ['领班'] }),
        seeker({ desired_occupations: ['2-02'] }),
      ],
      stub,
      0.35,
    );
    expect(postings.map((p) => p.occupation_code)).toEqual(['6-18-01-01', '6-18-01-01', null, '4-12-01-01']);
    expect(seekers.map((s) => s.desired_occupations)).toEqual([['6-18-01-01'], [], ['2-02']]);
    expect(counts).toEqual({ postings_coded: 2, postings_uncoded: 1, seekers_coded: 1, seekers_uncoded: 1 });
    expect(stub.calls).toBe(3); // 数控车工, 领班, 车工
  });
});

const TAXONOMY = '/work/shared/taxonomy';
describe.skipIf(!existsSync(`${TAXONOMY}/occupation_csco2022`))('with the real classification (shared data, skipped when absent)', () => {
  it('codes a posting title to its national occupation code', async () => {
    const { loadOccupationCoder } = await import('../../src/occupations/loadOccupationCoder.ts');
    const coder = (await loadOccupationCoder(TAXONOMY))!;
    const { postings } = fillOccupationCodes([posting({ occupation_code: null, title: '汽车维修工' })], [], coder, 0.35);
    expect(postings[0]!.occupation_code).toBe('4-12-01-01');
    // Fitting the coder on the whole classification takes ~20 s alone, several times that on a busy machine.
  }, 240_000);
});
