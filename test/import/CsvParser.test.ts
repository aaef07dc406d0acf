import { describe, expect, it } from 'vitest';
import { CsvParser, type CsvRecord } from '../../src/import/CsvParser.ts';

function parse(text: string, chunkSize = text.length || 1, options = {}): CsvRecord[] {
  const parser = new CsvParser(options);
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunkSize) out.push(...parser.push(text.slice(i, i + chunkSize)));
  out.push(...parser.end());
  return out;
}

const TRICKY = '\uFEFFa,b,c\r\n"x, with comma","line1\r\nline2","say ""hi"""\r\n\r\nplain,,\n' + 'last,"",end';

describe('CsvParser (RFC 4180, streaming)', () => {
  it('parses quoted commas, quoted CRLF newlines, doubled quotes, empty fields and a BOM', () => {
    const records = parse(TRICKY);
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['x, with comma', 'line1\r\nline2', 'say "hi"'],
      ['plain', '', ''],
      ['last', '', 'end'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 5, 6]);
    expect(records[1]!.raw).toBe('"x, with comma","line1\r\nline2","say ""hi"""');
    expect(records.every((r) => r.problem === undefined)).toBe(true);
  });

  it('gives the same records whatever the chunk boundaries (split CRLF, split quotes)', () => {
    const whole = parse(TRICKY);
    for (const size of [1, 2, 3, 5, 7, 11]) expect(parse(TRICKY, size)).toEqual(whole);
  });

  it('accepts LF-only and CR-only line ends and a missing final newline', () => {
    expect(parse('a,b\nc,d').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parse('a,b\rc,d\r').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('keeps ragged rows as they are (the mapper decides)', () => {
    expect(parse('a,b,c\n1,2\n1,2,3,4,,\n').map((r) => r.fields.length)).toEqual([3, 2, 6]);
  });

  it('is lenient with stray quotes inside unquoted fields and text after a closing quote', () => {
    expect(parse('5"6 screen,"ab"cd,x\n')[0]!.fields).toEqual(['5"6 screen', 'abcd', 'x']);
  });

  it('reports an unterminated quote at the end of the file', () => {
    const records = parse('a,b\n"never closed,x\ny,z');
    expect(records).toHaveLength(2);
    expect(records[1]!.problem).toMatch(/line 2 is never closed/);
  });

  it('cuts off an oversized record, reports it and resumes at the next line', () => {
    const text = `h1,h2\n"${'x'.repeat(500)}\nnext,row\n`;
    const records = parse(text, 64, { maxRecordChars: 100 });
    expect(records[0]!.fields).toEqual(['h1', 'h2']);
    expect(records[1]!.problem).toMatch(/longer than 100 characters/);
    expect(records[2]!.fields).toEqual(['next', 'row']);
  });

  it('supports another delimiter and refuses a quote as delimiter', () => {
    expect(parse('a;"b;c"\n', undefined, { delimiter: ';' })[0]!.fields).toEqual(['a', 'b;c']);
    expect(() => new CsvParser({ delimiter: '"' })).toThrow(RangeError);
  });
});
