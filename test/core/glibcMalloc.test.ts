import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isGlibc, limitMallocArenas, MallocTrimmer } from '../../src/core/glibcMalloc.ts';

const probe = fileURLToPath(new URL('../helpers/mallocArenaProbe.ts', import.meta.url));
const trimProbe = fileURLToPath(new URL('../helpers/mallocTrimProbe.ts', import.meta.url));

/** Runs the probe; the arenas glibc reports before and after six threads allocate at once. */
function arenas(args: string[]): { before: number; after: number; limit: unknown } {
  const { MALLOC_ARENA_MAX: _, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--import', 'tsx', probe, ...args], { encoding: 'utf8', env, timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  const section = (label: string) => {
    const text = run.stderr.split(`=== ${label}\n`)[1]!.split('=== end')[0]!;
    return text.match(/^Arena \d+:/gm)?.length ?? 0;
  };
  return { before: section('before'), after: section('after'), ...JSON.parse(run.stdout.trim().split('\n').pop()!) };
}

describe.runIf(isGlibc())('limitMallocArenas', () => {
  it('stops glibc from giving new threads arenas of their own; without it they get them', () => {
    const free = arenas([]);
    expect(free.after).toBeGreaterThan(free.before);
    // Capped at the count already there, six allocating threads make no new arena.
    const capped = arenas(['cap', String(free.before)]);
    expect(capped.limit).toEqual({ applied: true, arenas: free.before });
    expect(capped.after).toBeLessThanOrEqual(free.before);
  });

  it('leaves an operator’s MALLOC_ARENA_MAX alone', async () => {
    expect(await limitMallocArenas(2, { MALLOC_ARENA_MAX: '4' })).toEqual({ applied: false, reason: 'MALLOC_ARENA_MAX is set' });
  });
});

describe.runIf(isGlibc())('MallocTrimmer', () => {
  it('gives freed heap pages back to the system: RSS falls by most of 256 MiB freed', () => {
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', trimProbe], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const { freed, trimmed, trims } = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(trims).toBe(1);
    // Freed but kept by glibc, the 256 MiB still count in RSS until the trim.
    expect(freed - trimmed).toBeGreaterThan(150);
  });

  it('runs on its interval and stops', async () => {
    const trimmer = (await MallocTrimmer.create(20))!;
    trimmer.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    trimmer.stop();
    const done = trimmer.trims;
    expect(done).toBeGreaterThan(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(trimmer.trims).toBe(done);
  });
});
