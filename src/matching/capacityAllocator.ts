/**
 * Capacity and pacing: each seeker's ranked candidates are turned into at most N
 * recommendations, no posting going to more than its capacity: ⌈k·headcount⌉ seekers, less the
 * recommendations earlier runs left open (`remainingCapacity`). Assignment
 * is round-robin (every seeker gets a first pick before anyone gets a second), and a posting's
 * score is lowered by `crowdPenalty × used/capacity` as it fills, so when many seekers want few
 * posts the recommendations spread instead of piling onto the same ones. Harder tiers pick
 * first within a round, so the people who need the most help are not crowded out.
 */
export interface SeekerCandidates {
  seeker: number;
  /** Higher = picks earlier in each round (e.g. tier number). */
  priority: number;
  postings: Int32Array;
  scores: Float64Array;
}

export interface Allocation {
  seeker: number;
  posting: number;
  score: number;
}

export function postingCapacity(headcount: number, k: number): number {
  return Math.max(1, Math.ceil(k * headcount));
}

/**
 * What is left of a posting's capacity for this run: ⌈k·headcount⌉ less the recommendations of
 * earlier runs still open (handed out inside the cooldown and not closed by an outcome), so the
 * cap holds across runs and an employer is never sent more candidates than k per opening.
 */
export function remainingCapacity(headcount: number, k: number, open: number): number {
  return Math.max(0, postingCapacity(headcount, k) - open);
}

export function allocate(
  lists: readonly SeekerCandidates[],
  capacity: (posting: number) => number,
  options: { perSeeker: number; crowdPenalty: number },
): Allocation[] {
  const order = [...lists].sort((a, b) => b.priority - a.priority || a.seeker - b.seeker);
  let maxPosting = -1;
  for (const l of lists) for (let c = 0; c < l.postings.length; c++) if (l.postings[c]! > maxPosting) maxPosting = l.postings[c]!;
  // Dense per-posting counters: this loop runs rounds × seekers × candidates times.
  const used = new Int32Array(maxPosting + 1);
  const cap = new Int32Array(maxPosting + 1).fill(-1);
  const taken = order.map((l) => new Uint8Array(l.postings.length));
  const out: Allocation[] = [];
  for (let round = 0; round < options.perSeeker; round++) {
    let assigned = 0;
    for (let o = 0; o < order.length; o++) {
      const list = order[o]!;
      const mask = taken[o]!;
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < list.postings.length; c++) {
        if (mask[c]) continue;
        const p = list.postings[c]!;
        let k = cap[p]!;
        if (k < 0) cap[p] = k = capacity(p);
        const u = used[p]!;
        if (u >= k) continue;
        const effective = list.scores[c]! - (options.crowdPenalty * u) / k;
        if (effective > bestScore) {
          bestScore = effective;
          best = c;
        }
      }
      if (best < 0) continue;
      mask[best] = 1;
      const p = list.postings[best]!;
      used[p]!++;
      out.push({ seeker: list.seeker, posting: p, score: list.scores[best]! });
      assigned++;
    }
    if (assigned === 0) break;
  }
  return out;
}
