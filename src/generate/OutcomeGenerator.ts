import { EDUCATION_RANK } from '../records/fields.ts';
import type { Envelope, PayloadOf } from '../records/envelope.ts';
import { dayOf, type GenerationContext } from './GenerationContext.ts';
import type { PostingGenerator } from './PostingGenerator.ts';
import { Random, WeightedTable } from './Random.ts';
import { seekerId, type SeekerGenerator } from './SeekerGenerator.ts';
import { STREAM } from './streams.ts';
import { ConfigError } from '../core/PipelineError.ts';

type OutcomePayload = PayloadOf<'outcome'>;
type Event = OutcomePayload['event'];

const CONTRACT_MONTHS = WeightedTable.of([
  [12, 0.35],
  [24, 0.2],
  [36, 0.25],
  [6, 0.12],
  [3, 0.08],
] as const);
/** Postings looked at per referral; the best fitting one is taken most of the time. */
const CANDIDATES = 6;

export interface OutcomeGeneratorOptions {
  /** Number of outcome events to emit (chains are cut at the count). */
  count: number;
}

/** Outcome ids: O + chain + step. */
export function outcomeId(chain: number, step: number): string {
  return `O${String(chain).padStart(9, '0')}-${step}`;
}

/**
 * Funnels of referrals and recommendations: viewed → applied → interviewed → hired or declined,
 * and for some hires left_job. Every event references a generated seeker and posting, and the
 * chance of moving down the funnel grows with how well they fit (same occupation, same city,
 * education met, salary acceptable), so outcomes carry a real signal to measure matching on.
 */
export class OutcomeGenerator implements Iterable<Envelope<'outcome'>> {
  readonly count: number;

  constructor(
    private readonly ctx: GenerationContext,
    private readonly seekers: SeekerGenerator,
    private readonly postings: PostingGenerator,
    options: OutcomeGeneratorOptions,
  ) {
    if (!Number.isInteger(options.count) || options.count < 0)
      throw new RangeError(`outcome count must be a non-negative integer, got ${options.count}`);
    if (options.count > 0 && (seekers.count === 0 || postings.count === 0)) {
      throw new RangeError('outcomes need at least one seeker and one posting to reference');
    }
    this.count = options.count;
  }

  *[Symbol.iterator](): Iterator<Envelope<'outcome'>> {
    let emitted = 0;
    let empty = 0;
    for (let chain = 0; emitted < this.count; chain++) {
      const events = this.chain(chain);
      // A chain is empty only when its posting appeared on the window's last days.
      if (events.length === 0 && ++empty > 10_000 && emitted === 0)
        throw new ConfigError('outcome generator produced no events', {
          code: 'GENERATE_WINDOW_TOO_SHORT',
          hint: 'widen the window the postings and outcomes are drawn from',
        });
      for (const event of events) {
        if (emitted >= this.count) return;
        emitted++;
        yield event;
      }
    }
  }

  /** One seeker's funnel on one posting. */
  chain(chain: number): Envelope<'outcome'>[] {
    const ctx = this.ctx;
    const r = Random.forRecord(ctx.seed, STREAM.outcome, chain);
    const seekerIndex = r.int(0, this.seekers.count - 1);
    const seeker = this.seekers.at(seekerIndex).payload;

    let best = -1;
    let bestFit = -1;
    for (let k = 0; k < CANDIDATES; k++) {
      const index = r.int(0, this.postings.count - 1);
      const fit = fitScore(seeker, this.postings.core(index));
      if (fit > bestFit) {
        best = index;
        bestFit = fit;
      }
    }
    const postingIndex = r.chance(0.75) ? best : r.int(0, this.postings.count - 1);
    const posting = this.postings.at(postingIndex);
    const fit = postingIndex === best ? bestFit : fitScore(seeker, posting.payload);

    const runId = r.chance(0.6) ? 'run' : null;
    let day = Math.max(dayOf(posting.payload.posted_date), ctx.startDay) + r.int(0, 20);
    const steps: [Event, number][] = [];
    const advance = (max: number) => (day += r.int(1, max)) <= ctx.endDay;
    if (day > ctx.endDay) return [];
    steps.push(['viewed', day]);
    if (r.chance(0.2 + 0.12 * fit) && advance(5)) {
      steps.push(['applied', day]);
      if (r.chance(0.35 + 0.1 * fit) && advance(10)) {
        steps.push(['interviewed', day]);
        if (advance(10)) steps.push([r.chance(0.3 + 0.1 * fit) ? 'hired' : 'declined', day]);
      } else if (r.chance(0.3) && advance(15)) {
        steps.push(['declined', day]);
      }
    }

    const out: Envelope<'outcome'>[] = [];
    let startDay = 0;
    for (const [event, eventDay] of steps) {
      const payload: OutcomePayload = {
        seeker_id: seekerId(seekerIndex),
        posting_id: posting.id,
        run_id: runId && `run-${ctx.date(steps[0]![1]).replaceAll('-', '')}`,
        event,
        date: ctx.date(eventDay),
      };
      if (event === 'hired') {
        startDay = eventDay + r.int(3, 20);
        payload.contract_months = CONTRACT_MONTHS.pick(r);
        payload.start_date = ctx.date(startDay);
        payload.social_insurance = r.chance(posting.payload.employment_type === 'flexible' ? 0.35 : 0.88);
      }
      out.push(this.envelope(chain, out.length, eventDay, payload, r));
    }
    // Re-employment stability: a few hires leave again within the window (policy: placement-stability: 1.7% re-placed).
    if (startDay > 0 && r.chance(0.08)) {
      const leftDay = startDay + r.int(14, 120);
      if (leftDay <= ctx.endDay) {
        out.push(
          this.envelope(
            chain,
            out.length,
            leftDay,
            {
              seeker_id: seekerId(seekerIndex),
              posting_id: posting.id,
              run_id: null,
              event: 'left_job',
              date: ctx.date(leftDay),
            },
            r,
          ),
        );
      }
    }
    return out;
  }

  private envelope(chain: number, step: number, day: number, payload: OutcomePayload, r: Random): Envelope<'outcome'> {
    return {
      type: 'outcome',
      id: outcomeId(chain, step),
      version: 1,
      event_time: this.ctx.timestamp(Math.min(day, this.ctx.endDay), r.int(7 * 3600, 22 * 3600)),
      payload,
    };
  }
}

/** 0..5: how well a posting suits a seeker, from the fields both sides carry. */
export function fitScore(
  seeker: PayloadOf<'seeker'>,
  posting: Pick<
    PayloadOf<'posting'>,
    'occupation_code' | 'industry_code' | 'region_code' | 'education_required' | 'salary_min' | 'salary_max'
  >,
): number {
  let fit = 0;
  if (posting.occupation_code != null && seeker.desired_occupations.includes(posting.occupation_code)) fit += 2;
  else if (posting.industry_code != null && seeker.desired_industries.includes(posting.industry_code)) fit += 0.5;
  if (posting.region_code.slice(0, 4) === seeker.residence_region.slice(0, 4)) fit += 1.5;
  else if (seeker.willing_to_relocate && seeker.desired_regions.some((c) => c.slice(0, 4) === posting.region_code.slice(0, 4))) fit += 1;
  const required = posting.education_required;
  if (required === 'any' || EDUCATION_RANK[seeker.education] >= EDUCATION_RANK[required]) fit += 1;
  if (seeker.desired_salary_min == null || (posting.salary_max ?? posting.salary_min * 1.5) >= seeker.desired_salary_min) fit += 0.5;
  return fit;
}
