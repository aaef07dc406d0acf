import type { Envelope, PayloadOf } from '../records/envelope.ts';
import type { GenerationContext } from './GenerationContext.ts';
import { Random, WeightedTable } from './Random.ts';
import { seekerId, type GeneratedSeeker, type SeekerGenerator } from './SeekerGenerator.ts';
import { STREAM } from './streams.ts';

type FollowUpPayload = PayloadOf<'follow_up'>;

const RESULTS = WeightedTable.of([
  ['reached', 0.58],
  ['not_reached', 0.15],
  ['referred', 0.14],
  ['training', 0.08],
  ['declined_service', 0.05],
] as const);
const NOTES: Partial<Record<FollowUpPayload['result'], readonly string[]>> = {
  // biome-ignore format: Chinese text, split to keep each line within 160 bytes
  reached: [
    '了解求职意向，已推送岗位信息', '电话回访，求职意向未变',
    '告知近期招聘会安排', '宣传失业保险及就业补贴政策',
  ],
  not_reached: ['电话未接通，已发短信', '号码停机，待入户核实', '多次联系未果'],
  referred: ['推荐至用人单位面试', '推荐公益性岗位', '推荐参加专场招聘会'],
  training: ['推荐参加职业技能培训', '报名电工培训班', '报名育婴员培训'],
  declined_service: ['本人暂无求职意愿', '已自行创业，暂不需要服务'],
  employed: ['已实现就业，办理就业登记', '经推荐已入职'],
};

/** Follow-up ids: F + seeker index + contact number, stable for a given seeker. */
export function followUpId(seekerIndex: number, n: number): string {
  return `F${String(seekerIndex).padStart(9, '0')}-${n}`;
}

/**
 * The monthly follow-up ledger (policy: monthly-follow-up): every registered unemployed seeker is contacted about
 * once a month from registration (or the window start) to the window end; about 5% of months are
 * missed, which is what the compliance check should find. Seekers who found work after
 * registering get contacts up to a final `employed` one. Older, disabled and zero-employment
 * household seekers are contacted by phone and visits more than by app.
 */
export class FollowUpGenerator implements Iterable<Envelope<'follow_up'>> {
  constructor(
    private readonly ctx: GenerationContext,
    private readonly seekers: SeekerGenerator,
  ) {}

  *[Symbol.iterator](): Iterator<Envelope<'follow_up'>> {
    for (let i = 0; i < this.seekers.count; i++) yield* this.forSeeker(i, this.seekers.detailed(i));
  }

  /** The follow-ups of one seeker, in date order. */
  forSeeker(index: number, seeker: GeneratedSeeker): Envelope<'follow_up'>[] {
    const p = seeker.envelope.payload;
    if (p.registration_date == null) return [];
    const ctx = this.ctx;
    const r = Random.forRecord(ctx.seed, STREAM.followUp, index);
    const registered = Date.parse(`${p.registration_date}T00:00:00Z`) / 86_400_000;
    const last = seeker.reemployedDay ?? ctx.endDay;
    const out: Envelope<'follow_up'>[] = [];
    const caseworker = `CW${p.office_region ?? p.residence_region}${String(r.int(1, 12)).padStart(2, '0')}`;
    const needsVisit = p.key_groups.includes('zero_employment_household') || p.key_groups.includes('disabled');
    const older = ctx.endYear - p.birth_year >= 45;
    let n = 0;
    // First contact a few days after registration, then roughly every 30 days.
    for (let day = registered + r.int(3, 12); day <= last; day += r.int(24, 36)) {
      if (day < ctx.startDay) continue;
      if (r.chance(0.05)) continue;
      const result: FollowUpPayload['result'] = RESULTS.pick(r);
      out.push(
        this.envelope(index, n++, day, result, channel(r, needsVisit, older, p.contact_channel), caseworker, p.office_region ?? null, r),
      );
    }
    if (seeker.reemployedDay != null && seeker.reemployedDay >= ctx.startDay) {
      out.push(this.envelope(index, n++, seeker.reemployedDay, 'employed', 'phone', caseworker, p.office_region ?? null, r));
    }
    return out;
  }

  private envelope(
    seekerIndex: number,
    n: number,
    day: number,
    result: FollowUpPayload['result'],
    channel: FollowUpPayload['channel'],
    caseworker: string,
    office: string | null,
    r: Random,
  ): Envelope<'follow_up'> {
    const notes = NOTES[result];
    return {
      type: 'follow_up',
      id: followUpId(seekerIndex, n),
      version: 1,
      event_time: this.ctx.timestamp(day, r.int(8 * 3600 + 1800, 17 * 3600 + 1800)),
      payload: {
        seeker_id: seekerId(seekerIndex),
        date: this.ctx.date(day),
        channel,
        result,
        office_region: office,
        caseworker_id: caseworker,
        note: notes && r.chance(0.7) ? r.pick(notes) : null,
      },
    };
  }
}

function channel(r: Random, needsVisit: boolean, older: boolean, preferred: string): FollowUpPayload['channel'] {
  if (needsVisit && r.chance(0.4)) return 'visit';
  if (r.chance(0.12)) return 'in_person';
  if (older) return r.chance(0.7) ? 'phone' : 'sms';
  if (preferred === 'app') return r.chance(0.6) ? 'app' : 'phone';
  return preferred === 'sms' ? 'sms' : 'phone';
}
