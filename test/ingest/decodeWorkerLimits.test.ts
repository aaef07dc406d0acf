import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/core/PipelineError.ts';
import { DECODE_WORKER_LIMITS, decodeWorkerFailure } from '../../src/ingest/decodeWorkerLimits.ts';

/** Runs a real worker that keeps allocating under a tiny heap limit, and returns the error Node reports. */
function outOfMemoryError(): Promise<Error & { code?: string }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker('const keep = []; for (;;) keep.push(new Array(100000).fill(keep.length));', {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    worker.on('error', resolve);
    worker.on('exit', (code) => reject(new Error(`worker exited with ${code} and no error`)));
  });
}

describe('decode worker limits', () => {
  it("caps the decode workers' heap", () => {
    expect(DECODE_WORKER_LIMITS.maxOldGenerationSizeMb).toBeGreaterThanOrEqual(128);
  });

  it('turns a worker that ran out of heap into an error that says what to change', async () => {
    const error = decodeWorkerFailure(await outOfMemoryError(), 'decoding big.ndjson failed');
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ code: 'DECODE_WORKER_OUT_OF_MEMORY', hint: expect.stringMatching(/--batch-size/) });
    expect(error.message).toMatch(/^decoding big\.ndjson failed: a decode worker ran out of its \d+ MB heap$/);
  });

  it('keeps other failures, wrapping plain errors as source errors', () => {
    const plain = decodeWorkerFailure(new Error('decode worker exited with code 3'), 'decoding a.ndjson failed');
    expect(plain).toMatchObject({ code: 'DECODE_WORKER_FAILED', message: 'decoding a.ndjson failed: decode worker exited with code 3' });
    const source = new SourceError('cannot read a.ndjson', { code: 'SOURCE_NOT_FOUND' });
    expect(decodeWorkerFailure(source, 'ignored')).toBe(source);
  });
});
