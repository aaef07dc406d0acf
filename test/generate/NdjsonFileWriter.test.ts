import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SinkError } from '../../src/core/PipelineError.ts';
import { NdjsonFileWriter } from '../../src/generate/NdjsonFileWriter.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('NdjsonFileWriter', () => {
  it('writes strings and raw bytes in order across chunk boundaries, including a line bigger than a chunk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-writer-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'out.ndjson');
    const writer = await NdjsonFileWriter.create(path);
    const expected: Buffer[] = [];
    for (let i = 0; i < 30_000; i++) {
      const line = i % 1000 === 7 ? Buffer.from([0x7b, 0xd5, 0xc5, 0xff, 0x7d]) : `{"n":${i},"t":"邢台市南和区${'岗'.repeat(i % 50)}"}`;
      expected.push(typeof line === 'string' ? Buffer.from(line) : line, Buffer.from('\n'));
      const waiting = writer.writeLine(line);
      if (waiting) await waiting;
    }
    const huge = 'x'.repeat(3 << 20);
    await writer.writeLine(huge);
    expected.push(Buffer.from(huge), Buffer.from('\n'));
    await writer.writeLine('last');
    expected.push(Buffer.from('last\n'));
    await writer.close();
    const written = await readFile(path);
    expect(written.equals(Buffer.concat(expected))).toBe(true);
    expect(writer.lines).toBe(30_002);
    expect(writer.bytes).toBe(written.length);
  });

  it('fails with a SinkError that says what to do when the output cannot be written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-writer-'));
    dirs.push(dir);
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, 'not a directory');
    const error = await NdjsonFileWriter.create(join(blocker, 'out.ndjson')).catch((e: unknown) => e);
    // mkdir under a file fails before the stream opens; both paths surface as the same SinkError, never a hang.
    expect(error).toBeInstanceOf(SinkError);
    expect(String((error as Error).message)).toMatch(/cannot write .*a-file/);
    const opened = await NdjsonFileWriter.create(join(dir, 'ok.ndjson'));
    await opened.close();
    const unwritable = await NdjsonFileWriter.create('/proc/labourflow-cannot-write-here.ndjson').catch((e: unknown) => e);
    expect(unwritable).toBeInstanceOf(SinkError);
    expect((unwritable as SinkError).hint).toMatch(/writable/);
  });
});
