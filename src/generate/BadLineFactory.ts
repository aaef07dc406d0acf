import type { AnyEnvelope } from '../records/envelope.ts';
import { type RecordType, recordKind } from '../records/recordKinds.ts';
import { idNumberCheckChar } from '../validation/idNumber.ts';
import { Random } from './Random.ts';

/**
 * Realistic bad NDJSON lines, each made from a good record so it looks like what feeds really
 * send: a broken export, a unit mistake, a typo in a code. Every kind fails validation (or JSON
 * decoding) for exactly one stated reason; test/generate/BadLineFactory.test.ts holds each kind
 * to that. Lines are Buffers because one kind is not valid UTF-8.
 */
export const BAD_LINE_KINDS = [
  'not_json',
  'truncated_json',
  'wrong_type',
  'unknown_record_type',
  'missing_field',
  'salary_out_of_range',
  'salary_min_above_max',
  'bad_region_code',
  'bad_credit_code',
  'bad_id_number',
  'absurd_date',
  'future_event_time',
  'unknown_enum_value',
  'extra_field',
  'invalid_utf8',
] as const;
export type BadLineKind = (typeof BAD_LINE_KINDS)[number];

const hasField = (type: RecordType, field: string) => field in recordKind(type).schema.shape;

/** Whether a record of this type can carry this kind of bad line (the rest work on any type). */
const APPLIES: Partial<Record<BadLineKind, (type: RecordType) => boolean>> = {
  salary_out_of_range: (t) => hasField(t, 'salary_min'),
  salary_min_above_max: (t) => hasField(t, 'salary_max'),
  bad_credit_code: (t) => hasField(t, 'employer_credit_code'),
  bad_region_code: (t) => recordKind(t).regionFields.length > 0,
  bad_id_number: (t) => hasField(t, 'id_number'),
};

export interface BadLine {
  kind: BadLineKind;
  bytes: Buffer;
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export class BadLineFactory {
  /** The kinds that can be made from a record of this type. */
  static kindsFor(type: RecordType): BadLineKind[] {
    return BAD_LINE_KINDS.filter((k) => APPLIES[k]?.(type) ?? true);
  }

  /** A random applicable kind of bad line made from `good`. */
  static random(good: AnyEnvelope, r: Random): BadLine {
    const kind = r.pick(BadLineFactory.kindsFor(good.type));
    return { kind, bytes: BadLineFactory.make(kind, good, r) };
  }

  static make(kind: BadLineKind, good: AnyEnvelope, r: Random = new Random(1)): Buffer {
    // Bad copies get their own ids so they never collide with the good record they came from.
    const e = structuredClone(good) as { type: string; id: string; version: number; event_time: string; payload: Record<string, unknown> };
    e.id = `X${good.id}`;
    const p = e.payload;
    const text = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
    switch (kind) {
      case 'not_json':
        return Buffer.from(`${good.type}\t${good.id}\t${r.pick(['导出失败', '#N/A', '数据截止'])}`, 'utf8');
      case 'truncated_json': {
        const full = JSON.stringify(e);
        return Buffer.from(full.slice(0, Math.max(10, Math.floor(full.length * (0.3 + r.next() * 0.5)))), 'utf8');
      }
      case 'wrong_type':
        e.version = `${e.version}` as unknown as number;
        return text(e);
      case 'unknown_record_type':
        e.type = r.pick(['vacancy', 'job', 'resume', 'Posting']);
        return text(e);
      case 'missing_field':
        delete p[recordKind(good.type).badLine.requiredField];
        return text(e);
      case 'salary_out_of_range':
        // A daily wage typed into a monthly field.
        p.salary_min = r.int(80, 280);
        p.salary_max = null;
        return text(e);
      case 'salary_min_above_max':
        p.salary_max = Math.max(300, (p.salary_min as number) - 1000);
        p.salary_min = (p.salary_max as number) + 1000 + r.int(1, 20) * 100;
        return text(e);
      case 'bad_region_code':
        p[recordKind(good.type).regionFields[0]!] = r.pick(['139999', '999999', '000000', '510199']);
        return text(e);
      case 'bad_credit_code': {
        const code = p.employer_credit_code as string;
        const wrong = CODE_ALPHABET[(CODE_ALPHABET.indexOf(code[17]!) + r.int(1, 30)) % 31]!;
        p.employer_credit_code = code.slice(0, 17) + wrong;
        return text(e);
      }
      case 'bad_id_number': {
        const id = (p.id_number as string | undefined) ?? `${p.residence_region}${p.birth_year}0615123`;
        const first17 = id.slice(0, 17);
        const valid = idNumberCheckChar(first17);
        p.id_number = first17 + (valid === '0' ? '1' : valid === 'X' ? '0' : valid === '9' ? 'X' : String(Number(valid) + 1));
        return text(e);
      }
      case 'absurd_date':
        p[recordKind(good.type).dateFields[0]!] = r.pick(['1899-12-31', '2026-02-30', '3024-01-01', '20250115']);
        return text(e);
      case 'future_event_time':
        e.event_time = `${r.int(2090, 2099)}-01-01T09:00:00+08:00`;
        return text(e);
      case 'unknown_enum_value': {
        const { enumField, enumValue } = recordKind(good.type).badLine;
        p[enumField] = enumValue;
        return text(e);
      }
      case 'extra_field':
        p[r.pick(['wechat_id', 'remark', 'contact_phone'])] = '请联系人事部';
        return text(e);
      case 'invalid_utf8': {
        const ok = text(e);
        // A GBK-encoded fragment pasted into a UTF-8 export: 0xD5 0xC5 is 张 in GBK, invalid in UTF-8.
        const at = ok.indexOf('"id":"') + 6;
        return Buffer.concat([ok.subarray(0, at), Buffer.from([0xd5, 0xc5, 0xff]), ok.subarray(at)]);
      }
    }
  }
}
