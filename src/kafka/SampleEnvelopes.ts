import { mulberry32 } from '../core/mulberry32.ts';
import { completeCreditCode } from '../validation/creditCode.ts';

/**
 * Seeded envelopes for the Kafka tests and the Kafka benchmark: postings, seekers, enterprise
 * reports and follow-ups with valid credit codes and real GB/T 2260 county codes, plus a share of
 * bad messages of every kind the ingest job must dead-letter (not JSON, truncated JSON, schema
 * violations, unknown type, oversize). Same seed, same messages.
 */
export type BadKind = 'not_json' | 'truncated' | 'schema' | 'unknown_type' | 'oversize';

export interface SampleMessage {
  key: string | null;
  value: string;
  /** The envelope id, also for bad messages that carry one. */
  id: string;
  type: string;
  bad: BadKind | null;
}

export interface SampleOptions {
  count: number;
  seed?: number;
  /** Share of bad messages, 0..1 (default 0). */
  badRatio?: number;
  /** Size of oversize messages; no oversize ones when absent. */
  oversizeBytes?: number;
  /** Distinguishes ids between runs on one broker. */
  idPrefix?: string;
  /** Only this record type (default: a mix). */
  type?: 'posting' | 'seeker' | 'enterprise_report' | 'follow_up';
}

const COUNTIES = ['130506', '330106', '440305', '110105', '510107', '320506', '420111', '370212', '610113', '500112'];
const TITLES = [
  '数控车床操作工',
  '电商客服专员',
  '仓储物流管理员',
  '幼儿园保育员',
  '软件测试工程师',
  '焊工',
  '家政服务员',
  '会计助理',
  '快递配送员',
  '餐厅服务员',
];
const SKILLS = ['数控编程', 'Excel', '叉车驾驶', '普通话', 'Java', '电焊', '育婴', '财务软件', '驾驶证C1', '客户沟通'];
const INDUSTRIES = ['C34', 'F52', 'G59', 'P83', 'I65', 'C33', 'O80', 'M74', 'G60', 'H62'];
const EDUCATION = ['any', 'junior_high', 'senior_high', 'secondary_vocational', 'associate', 'bachelor'] as const;
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export class SampleEnvelopes {
  private readonly random: () => number;
  private readonly creditCodes: string[];

  constructor(private readonly options: SampleOptions) {
    this.random = mulberry32(options.seed ?? 42);
    this.creditCodes = Array.from({ length: 200 }, (_, i) => {
      const county = COUNTIES[i % COUNTIES.length]!;
      let body = `91${county}`;
      for (let k = 0; k < 9; k++) body += CREDIT_ALPHABET[Math.floor(this.random() * CREDIT_ALPHABET.length)];
      return completeCreditCode(body);
    });
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  *messages(): Generator<SampleMessage> {
    const { count, badRatio = 0, idPrefix = 's' } = this.options;
    const badKinds: BadKind[] = [
      'not_json',
      'truncated',
      'schema',
      'unknown_type',
      ...(this.options.oversizeBytes ? ['oversize' as const] : []),
    ];
    let badIndex = 0;
    for (let i = 0; i < count; i++) {
      const roll = this.random();
      const type = this.options.type ?? (roll < 0.5 ? 'posting' : roll < 0.8 ? 'seeker' : roll < 0.9 ? 'enterprise_report' : 'follow_up');
      const id = `${idPrefix}-${type.slice(0, 2)}-${i}`;
      const envelope = this.envelope(type, id, i);
      if (this.random() < badRatio) {
        const bad = badKinds[badIndex++ % badKinds.length]!;
        yield { key: id, id, type, bad, value: this.corrupt(bad, envelope) };
      } else {
        yield { key: id, id, type, bad: null, value: JSON.stringify(envelope) };
      }
    }
  }

  private corrupt(kind: BadKind, envelope: Record<string, unknown>): string {
    const text = JSON.stringify(envelope);
    switch (kind) {
      case 'not_json':
        return `<html>502 Bad Gateway</html> ${envelope.id as string}`;
      case 'truncated':
        return text.slice(0, Math.floor(text.length / 2));
      case 'schema':
        return JSON.stringify({
          ...envelope,
          payload: {
            ...(envelope.payload as object),
            region_code: '999999',
            employer_credit_code: '91110105MA0000000X',
            residence_region: '999999',
            seeker_id: '',
            period: '2025-13',
          },
        });
      case 'unknown_type':
        return JSON.stringify({ ...envelope, type: 'resume' });
      case 'oversize':
        return JSON.stringify({
          ...envelope,
          payload: { ...(envelope.payload as object), description: '长'.repeat(Math.ceil(this.options.oversizeBytes! / 3) + 10) },
        });
    }
  }

  private envelope(type: string, id: string, i: number): Record<string, unknown> {
    const day = 1 + (i % 28);
    const date = `2025-10-${String(day).padStart(2, '0')}`;
    const head = { type, id, version: 1, event_time: `${date}T08:${String(i % 60).padStart(2, '0')}:00+08:00` };
    const county = this.pick(COUNTIES);
    switch (type) {
      case 'posting': {
        const min = this.int(30, 120) * 100;
        return {
          ...head,
          payload: {
            employer_credit_code: this.pick(this.creditCodes),
            employer_name: '某某制造有限公司',
            title: this.pick(TITLES),
            industry_code: this.pick(INDUSTRIES),
            region_code: county,
            salary_min: min,
            salary_max: min + this.int(5, 40) * 100,
            education_required: this.pick(EDUCATION),
            experience_min_years: this.int(0, 3),
            experience_max_years: this.int(3, 10),
            headcount: this.int(1, 20),
            description: `岗位职责：负责${this.pick(TITLES)}相关工作，五险一金，包住宿。`,
            skills: [this.pick(SKILLS), this.pick(SKILLS)],
            employment_type: 'full_time',
            status: 'published',
            posted_date: date,
            expiry_date: '2025-12-31',
            commitment_accepted: false,
            source: 'kafka-sample',
          },
        };
      }
      case 'seeker': {
        const birthYear = this.int(1970, 2003);
        return {
          ...head,
          payload: {
            gender: this.pick(['female', 'male'] as const),
            residence_region: county,
            office_region: county,
            birth_year: birthYear,
            education: this.pick(EDUCATION.slice(1)),
            experience_years: this.int(0, Math.min(20, 2024 - birthYear - 16)),
            skills: [this.pick(SKILLS)],
            experience_text: `曾从事${this.pick(TITLES)}工作${this.int(1, 8)}年`,
            desired_titles: [this.pick(TITLES)],
            desired_regions: [county],
            desired_salary_min: this.int(30, 60) * 100,
            willing_to_relocate: this.random() < 0.3,
            employment_status: 'unemployed_unregistered',
            contact_channel: 'app',
          },
        };
      }
      case 'enterprise_report': {
        const baseline = this.int(50, 2000);
        return {
          ...head,
          payload: {
            employer_credit_code: this.pick(this.creditCodes),
            region_code: county,
            industry_code: this.pick(INDUSTRIES),
            period: '2025-10',
            headcount_baseline: baseline,
            headcount_now: baseline - this.int(0, 20),
            insured_headcount: baseline - this.int(0, 30),
            layoffs_this_period: this.int(0, 5),
            planned_layoffs: 0,
            production_status: 'normal',
            wage_arrears: false,
            closure_notice: 'none',
          },
        };
      }
      default:
        return {
          ...head,
          payload: {
            seeker_id: `${id}-seeker`,
            date,
            channel: 'phone',
            result: 'reached',
            office_region: county,
            caseworker_id: 'cw-07',
            note: '电话回访，已推荐岗位',
          },
        };
    }
  }
}
