import type { Envelope, PayloadOf } from '../records/envelope.ts';
import { FollowUpGenerator } from './FollowUpGenerator.ts';
import { GenerationContext, type GeneratorOptions } from './GenerationContext.ts';
import { OutcomeGenerator } from './OutcomeGenerator.ts';
import { PostingGenerator } from './PostingGenerator.ts';
import { SeekerGenerator } from './SeekerGenerator.ts';

/**
 * In-memory helpers for benchmarks and tests: plain arrays of payloads carrying their envelope id.
 * For large volumes on disk use the streaming generators (or `labourflow generate`).
 *
 *   const postings = generatePostings(100_000, 42);   // [{ id: 'P000000000', title: …, … }, …]
 *   const seekers  = generateSeekers(100_000, 42);
 */
export type WithId<T> = T & { id: string };

export { GenerationContext, DEFAULT_END_MONTH, DEFAULT_MONTHS, type GeneratorOptions } from './GenerationContext.ts';
export { PostingGenerator, postingId } from './PostingGenerator.ts';
export { SeekerGenerator, seekerId } from './SeekerGenerator.ts';
export { FollowUpGenerator, followUpId } from './FollowUpGenerator.ts';
export { OutcomeGenerator, outcomeId, fitScore } from './OutcomeGenerator.ts';
export { EmployerPool, type Employer } from './EmployerPool.ts';
export { Random, WeightedTable, seedFrom } from './Random.ts';
export { DatasetWriter, type DatasetSpec, type DatasetSummary } from './DatasetWriter.ts';
export { BadLineFactory, BAD_LINE_KINDS, type BadLineKind } from './BadLineFactory.ts';

function withIds<T extends Envelope>(envelopes: Iterable<T>): WithId<T['payload']>[] {
  const out: WithId<T['payload']>[] = [];
  for (const e of envelopes) out.push({ id: e.id, ...e.payload });
  return out;
}

/** Options beyond the seed, e.g. `{ profile: 'sample', endMonth: '2025-12' }`. */
export type HelperOptions = Omit<GeneratorOptions, 'seed'>;

export function generatePostings(n: number, seed: number | string = 1, options: HelperOptions = {}): WithId<PayloadOf<'posting'>>[] {
  return withIds(new PostingGenerator(new GenerationContext({ ...options, seed }), { count: n }));
}

export function generateSeekers(n: number, seed: number | string = 1, options: HelperOptions = {}): WithId<PayloadOf<'seeker'>>[] {
  return withIds(new SeekerGenerator(new GenerationContext({ ...options, seed }), n));
}

/** Follow-ups of the first `seekers` seekers generated with the same seed. */
export function generateFollowUps(
  seekers: number,
  seed: number | string = 1,
  options: HelperOptions = {},
): WithId<PayloadOf<'follow_up'>>[] {
  const ctx = new GenerationContext({ ...options, seed });
  return withIds(new FollowUpGenerator(ctx, new SeekerGenerator(ctx, seekers)));
}

/** `n` outcome events referencing `generateSeekers(seekers, seed)` and `generatePostings(postings, seed)`. */
export function generateOutcomes(
  n: number,
  seekers: number,
  postings: number,
  seed: number | string = 1,
  options: HelperOptions = {},
): WithId<PayloadOf<'outcome'>>[] {
  const ctx = new GenerationContext({ ...options, seed });
  return withIds(
    new OutcomeGenerator(ctx, new SeekerGenerator(ctx, seekers), new PostingGenerator(ctx, { count: postings }), { count: n }),
  );
}

/** Whole envelopes, e.g. to feed the ingest pipeline without a file. */
export function generateEnvelopes(
  kind: 'posting' | 'seeker',
  n: number,
  seed: number | string = 1,
  options: HelperOptions = {},
): Envelope[] {
  const ctx = new GenerationContext({ ...options, seed });
  return kind === 'posting' ? [...new PostingGenerator(ctx, { count: n })] : [...new SeekerGenerator(ctx, n)];
}
