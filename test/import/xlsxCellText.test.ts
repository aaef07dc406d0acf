import { describe, expect, it } from 'vitest';
import { isDateFormat, xlsxCellText } from '../../src/import/xlsxCellText.ts';

const text = (value: Parameters<typeof xlsxCellText>[0], numFmt?: string, date1904 = false) => xlsxCellText(value, numFmt, date1904);

describe('xlsxCellText', () => {
  it('shows numbers as Excel does: integers plainly, no float noise, no exponent for long digit runs', () => {
    expect(text(6500)).toEqual({ text: '6500' });
    expect(text(0.1 + 0.2)).toEqual({ text: '0.3' });
    expect(text(13800138000)).toEqual({ text: '13800138000' });
    expect(text(Number.NaN)).toEqual({ text: '' });
  });

  it('turns Excel serial dates into YYYY-MM-DD by their number format, in the 1900 and 1904 systems', () => {
    expect(text(46087, 'yyyy"年"m"月"d"日"')).toEqual({ text: '2026-03-06' });
    expect(text(46087, 'YYYY-MM-DD')).toEqual({ text: '2026-03-06' });
    expect(text(46087 - 1462, 'yyyy/m/d', true)).toEqual({ text: '2026-03-06' });
    expect(text(46087.5, 'yyyy-mm-dd hh:mm')).toEqual({ text: '2026-03-06 12:00' });
    expect(text(0.375, 'h:mm')).toEqual({ text: '09:00' });
    expect(text(new Date(Date.UTC(2026, 2, 2)))).toEqual({ text: '2026-03-02' });
    // Not dates: quoted literals, colours and General hold no date codes.
    expect(text(46087, '#,##0"元/月"')).toEqual({ text: '46087' });
    expect(isDateFormat('[Red]0.00')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
  });

  it('reads rich text, formula results, errors and booleans; a formula with no saved result is a problem', () => {
    expect(text({ richText: [{ text: '负责' }, { text: '数控车床' }] })).toEqual({ text: '负责数控车床' });
    expect(text({ formula: 'A1*2', result: 8000 })).toEqual({ text: '8000' });
    expect(text({ formula: 'TODAY()', result: 46087 }, 'yyyy-mm-dd')).toEqual({ text: '2026-03-06' });
    expect(text({ formula: 'A1&"元"', result: '8000元' })).toEqual({ text: '8000元' });
    expect(text({ formula: 'VLOOKUP(1,A:B,2)', result: { error: '#N/A' } })).toEqual({ text: '#N/A' });
    expect(text({ formula: 'A1' }).problem).toMatch(/formula saved without its result/);
    expect(text({ error: '#REF!' })).toEqual({ text: '#REF!' });
    expect(text(true)).toEqual({ text: 'TRUE' });
    expect(text(null)).toEqual({ text: '' });
  });
});
