import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvFileReader } from '../../src/import/CsvFileReader.ts';
import type { CsvRecord } from '../../src/import/CsvParser.ts';
import { SourceError } from '../../src/core/PipelineError.ts';

const dir = mkdtempSync(join(tmpdir(), 'labourflow-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, bytes: Buffer, options = {}): Promise<CsvRecord[]> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const out: CsvRecord[] = [];
  for await (const r of (await CsvFileReader.create(path, options)).records()) out.push(r);
  return out;
}

const TEXT = '\uFEFF城市,薪资\r\n"北京·朝阳区","1-1.5万"\r\n深圳,"8千-1.2万\r\n·13薪"\r\n';

describe('CsvFileReader', () => {
  it('decodes UTF-8 split anywhere (inside characters, between CR and LF)', async () => {
    const whole = await read('a.csv', Buffer.from(TEXT, 'utf8'));
    expect(whole.map((r) => r.fields)).toEqual([
      ['城市', '薪资'],
      ['北京·朝阳区', '1-1.5万'],
      ['深圳', '8千-1.2万\r\n·13薪'],
    ]);
    for (const chunkBytes of [1, 2, 3, 5]) {
      expect(await read(`a${chunkBytes}.csv`, Buffer.from(TEXT, 'utf8'), { chunkBytes })).toEqual(whole);
    }
  });

  it('reads GB18030 exports when told, and marks undecodable bytes with U+FFFD otherwise', async () => {
    // "北京" in GB18030 is B1 B1 BE A9.
    const gbk = Buffer.concat([Buffer.from('city,n\n'), Buffer.from([0xb1, 0xb1, 0xbe, 0xa9]), Buffer.from(',1\n')]);
    expect((await read('g.csv', gbk, { encoding: 'gb18030' }))[1]!.fields).toEqual(['北京', '1']);
    expect((await read('u.csv', gbk))[1]!.fields[0]).toContain('\uFFFD');
  });

  it('fails with a SourceError naming the path when the file is missing', async () => {
    await expect(CsvFileReader.create(join(dir, 'missing.csv'))).rejects.toBeInstanceOf(SourceError);
  });
});
