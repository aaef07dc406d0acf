import { describe, expect, it } from 'vitest';
import { runMatch, runMatchParallel } from '../../src/matching/matcher.ts';
import { pairKey } from '../../src/matching/matchTypes.ts';
import { generatePostings, generateSeekers, SYNTHETIC_NOW } from '../../src/matching/syntheticMarket.ts';
import { config } from './fixtures.ts';

describe('runMatch', () => {
  const postings = generatePostings(1500, 21);
  const seekers = generateSeekers(2400, 22);

  it('gives the same recommendations with the score phase on a worker thread', async () => {
    const one = runMatch({ seekers, postings, config, now: SYNTHETIC_NOW });
    const two = await runMatchParallel({ seekers, postings, config, now: SYNTHETIC_NOW }, 2);
    expect(one.recommendations.length).toBeGreaterThan(2000);
    const key = (r: (typeof one.recommendations)[number]) => `${r.seeker_id}|${r.posting_id}|${r.rank}|${r.score}|${r.grade}|${r.channel}`;
    expect(two.recommendations.map(key)).toEqual(one.recommendations.map(key));
    expect(two.stats.pairs_scored).toBe(one.stats.pairs_scored);
  }, 60_000);

  it('explains every score: contributions sum to it, the top factors are named in both languages', () => {
    const out = runMatch({ seekers: seekers.slice(0, 300), postings, config, now: SYNTHETIC_NOW });
    expect(out.recommendations.length).toBeGreaterThan(100);
    for (const r of out.recommendations) {
      expect(r.factor_values).toHaveLength(9);
      expect(Math.abs(r.factor_contributions.reduce((a, b) => a + b, 0) - r.score)).toBeLessThan(0.001);
      expect(r.explanation.top.length).toBeGreaterThan(0);
      expect(r.explanation.zh).toContain(`${r.grade}级匹配`);
      expect(r.explanation.en).toContain(`grade ${r.grade}`);
    }
  });

  it('keeps every seeker within N and every posting within k·headcount, and honours history', () => {
    const first = runMatch({ seekers, postings, config, now: SYNTHETIC_NOW });
    const perSeeker = new Map<string, number>();
    const perPosting = new Map<string, number>();
    for (const r of first.recommendations) {
      perSeeker.set(r.seeker_id, (perSeeker.get(r.seeker_id) ?? 0) + 1);
      perPosting.set(r.posting_id, (perPosting.get(r.posting_id) ?? 0) + 1);
    }
    expect(Math.max(...perSeeker.values())).toBeLessThanOrEqual(config.topN);
    const headcount = new Map(postings.map((p) => [p.id, p.headcount]));
    for (const [id, n] of perPosting) expect(n).toBeLessThanOrEqual(Math.ceil(config.capacityFactor * headcount.get(id)!));
    const pushed = new Set(first.recommendations.map((r) => pairKey(r.seeker_id, r.posting_id)));
    const again = runMatch({ seekers, postings, config, now: SYNTHETIC_NOW, history: { recentlyPushed: pushed, closed: new Set() } });
    expect(again.recommendations.some((r) => pushed.has(pairKey(r.seeker_id, r.posting_id)))).toBe(false);
  });

  it('scores only changed seekers and postings in an incremental run', () => {
    const changedSeekers = new Set([seekers[0]!.id, seekers[1]!.id]);
    const out = runMatch({ seekers, postings, config, now: SYNTHETIC_NOW, changedSeekers, changedPostings: new Set() });
    expect(out.stats.seekers_scored).toBe(2);
    expect(new Set(out.recommendations.map((r) => r.seeker_id)).size).toBeLessThanOrEqual(2);
    const viaPosting = runMatch({
      seekers,
      postings,
      config,
      now: SYNTHETIC_NOW,
      changedSeekers: new Set(),
      changedPostings: new Set([postings[0]!.id]),
    });
    expect(viaPosting.recommendations.every((r) => r.posting_id === postings[0]!.id)).toBe(true);
  });
});
