/**
 * Stream numbers for `Random.forRecord(seed, stream, index)`. Each kind of record draws from
 * its own stream, so adding draws to one generator never changes another generator's output.
 * Never renumber: that would change every generated dataset.
 */
export const STREAM = {
  employer: 1,
  posting: 2,
  seeker: 3,
  household: 4,
  followUp: 5,
  outcome: 6,
  badLine: 7,
  interleave: 8,
  enterpriseReport: 9,
} as const;
