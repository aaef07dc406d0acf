import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from '../../src/core/errorCodes.ts';
import { ConfigError, PipelineError, SourceError, withRetries } from '../../src/core/PipelineError.ts';

describe('ERROR_CODES: the closed list of error codes', () => {
  it('names every code the project raises (a code in the source and not in the list fails here and in tsc)', () => {
    const files = execFileSync('git', ['ls-files', 'src/*.ts', 'pipelines/*.ts', 'scripts/*.ts'], { encoding: 'utf8' }).trim().split('\n');
    const used = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bcode: (?:[^,\n]*\? )?'([A-Z][A-Z0-9_]{2,})'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(80);
    expect([...used].filter((c) => !isErrorCode(c))).toEqual([]);
    for (const code of Object.keys(ERROR_CODES)) expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  });

  // RangeError and TypeError stay for a caller's programming mistakes (a negative dimension, a
  // zod type the record kinds never use): no user input reaches them.
  it('is what src throws: no bare Error without a code, so every failure names its code and whether a retry helps', () => {
    const files = execFileSync('git', ['ls-files', 'src/*.ts'], { encoding: 'utf8' }).trim().split('\n');
    const bare = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\bthrow new Error\(/.test(line) ? [`${f}:${i + 1}`] : [])),
    );
    expect(bare).toEqual([]);
  });

  it('takes retriable from the list unless the site knows better, and retry loops follow it', async () => {
    expect(new SourceError('broker down', { code: 'KAFKA_UNREACHABLE' }).retriable).toBe(true);
    expect(new ConfigError('bad flag', { code: 'CLI_ARGS_INVALID' }).retriable).toBe(false);
    expect(new SourceError('no file', { code: 'SOURCE_READ_FAILED', retriable: true }).retriable).toBe(true);
    expect(isErrorCode('ENOENT')).toBe(false);
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw new PipelineError('stopping', { code: 'SERVICE_STOPPING' });
        },
        { retries: 2, initialDelayMs: 1 },
      ),
    ).rejects.toMatchObject({ code: 'SERVICE_STOPPING' });
    expect(calls).toBe(3);
  });
});
