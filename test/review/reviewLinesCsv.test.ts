import { describe, expect, it } from 'vitest';
import { reviewLinesCsv } from '../../src/review/reviewLinesCsv.ts';

describe('reviewLinesCsv', () => {
  it('gives every line a row numbered from 1, blank lines included, and counts the flagged ones', () => {
    const r = reviewLinesCsv('限汉族\n\n身体健康\n乙肝携带者勿扰，残疾人勿扰\n');
    expect(r.csv.split('\n')).toEqual([
      'line,flagged,categories',
      '1,true,ethnicity',
      '2,false,',
      '3,false,',
      '4,true,health;disability',
      '',
    ]);
    expect(r).toMatchObject({ lines: 4, flagged: 2 });
  });

  it('counts a last line without a newline, and nothing for empty input', () => {
    expect(reviewLinesCsv('a\nb').lines).toBe(2);
    expect(reviewLinesCsv('')).toEqual({ csv: 'line,flagged,categories\n', lines: 0, flagged: 0 });
  });
});
