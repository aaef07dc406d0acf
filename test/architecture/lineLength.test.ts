import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Longer lines than the formatter's 140 columns are those it cannot break: strings, templates, regexes, comments. */
const LIMIT = 160;
const CHECKED = /\.(ts|sql|js|mjs|py|sh)$/;

/**
 * Lines over the limit, as `file:line (bytes)`. Counted in UTF-8 bytes, as `awk 'length($0)>160'` counts them in
 * the C locale, so a line of Chinese text is held to about 53 characters.
 */
function longLines(file: string, text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => ({ line: i + 1, bytes: Buffer.byteLength(line, 'utf8') }))
    .filter((l) => l.bytes > LIMIT)
    .map((l) => `${file}:${l.line} (${l.bytes})`);
}

describe('line length', () => {
  it(`no tracked source, SQL or script line is longer than ${LIMIT} bytes`, () => {
    const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((f) => CHECKED.test(f));
    expect(files.length).toBeGreaterThan(100);
    const long = files.flatMap((f) => longLines(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(long, 'split strings into concatenations, rewrap comments, break SQL lines').toEqual([]);
  });

  it('counts bytes, so a Chinese line is long before an ASCII one', () => {
    expect(longLines('a.ts', `x\n${'a'.repeat(160)}\n${'a'.repeat(161)}`)).toEqual(['a.ts:3 (161)']);
    expect(longLines('b.ts', '汉'.repeat(53))).toEqual([]);
    expect(longLines('b.ts', '汉'.repeat(54))).toEqual(['b.ts:1 (162)']);
  });
});
