import { describe, expect, it } from 'vitest';
import { displayWidth, padDisplay, truncateDisplay } from '../../src/query/displayWidth.ts';
import { formatTable } from '../../src/query/formatTable.ts';

describe('display width', () => {
  it('counts East Asian wide characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('邢台市')).toBe(6);
    expect(displayWidth('P50（元）')).toBe(9);
    expect(displayWidth('ＡＢ')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
  });
  it('pads and truncates by columns, not code units', () => {
    expect(padDisplay('北京', 6)).toBe('北京  ');
    expect(padDisplay('7', 3, 'right')).toBe('  7');
    expect(truncateDisplay('河北唐山海港经济开发区', 9)).toBe('河北唐山…');
  });
  it('lines up a table with Chinese and ASCII cells', () => {
    const text = formatTable({
      columns: [
        { name: 'region_name', type: 'VARCHAR' },
        { name: 'n', type: 'BIGINT' },
        { name: 'p50', type: 'DOUBLE' },
      ],
      rows: [
        ['北京市', 120, 9250.123456],
        ['Xingtai', 31, 5000],
      ],
      chunks: [],
    });
    const lines = text.trimEnd().split('\n');
    // Every data line has the same display width, and the numeric columns end in the same column.
    const widths = lines.slice(0, 4).map(displayWidth);
    expect(new Set(widths.slice(0, 2)).size).toBe(1);
    expect(lines[2]).toBe('北京市       120  9250.1235');
    expect(lines[3]).toBe('Xingtai       31       5000');
    expect(lines[4]).toBe('(2 rows)');
  });
});
