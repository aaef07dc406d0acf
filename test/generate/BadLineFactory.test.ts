import { describe, expect, it } from 'vitest';
import { BAD_LINE_KINDS, BadLineFactory, type BadLineKind } from '../../src/generate/BadLineFactory.ts';
import {
  GenerationContext,
  OutcomeGenerator,
  PostingGenerator,
  SeekerGenerator,
  FollowUpGenerator,
  Random,
} from '../../src/generate/index.ts';
import { decodeItem } from '../../src/ingest/decodeItems.ts';
import { generateEnterpriseReports } from '../../src/generate/enterpriseReportGenerator.ts';
import type { AnyEnvelope } from '../../src/records/envelope.ts';

/** What the rejection must say for each kind (a fragment of path + message). */
const REASON: Record<BadLineKind, RegExp> = {
  not_json: /not valid JSON/,
  truncated_json: /truncated JSON|not valid JSON/,
  wrong_type: /^version: /,
  unknown_record_type: /type must be one of/,
  missing_field: /required field is missing|expected/,
  salary_out_of_range: /below 300 CNY is not plausible/,
  salary_min_above_max: /is below salary_min/,
  bad_region_code: /not a GB\/T 2260 division/,
  bad_credit_code: /check character does not match/,
  bad_id_number: /GB 11643/,
  absurd_date: /date|plausible range/,
  future_event_time: /is in the future/,
  unknown_enum_value: /Invalid option|expected one of/,
  extra_field: /Unrecognized key/,
  invalid_utf8: /invalid UTF-8/,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a line the way the ingest line source does: strict UTF-8 first, then JSON and validation. */
function reject(bytes: Buffer): string | null {
  try {
    utf8.decode(bytes);
  } catch {
    return 'invalid UTF-8';
  }
  const outcome = decodeItem({ position: 'line 1', raw: bytes.toString('utf8') });
  return outcome.ok ? null : outcome.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}

function samples(): AnyEnvelope[] {
  const ctx = new GenerationContext({ seed: 11, idNumberShare: 0.5 });
  const postings = new PostingGenerator(ctx, { count: 20 });
  const seekers = new SeekerGenerator(ctx, 40);
  const reports = generateEnterpriseReports({ enterprises: 3, months: 2, startPeriod: '2026-01', seed: 11 });
  return [
    ...postings,
    ...seekers,
    ...[...new FollowUpGenerator(ctx, seekers)].slice(0, 20),
    ...new OutcomeGenerator(ctx, seekers, postings, { count: 20 }),
    ...reports.reports,
  ];
}

describe('BadLineFactory', () => {
  const records = samples();

  it('every kind applicable to a record type is rejected for its stated reason', () => {
    const checked = new Set<BadLineKind>();
    const r = new Random(3);
    for (const good of records) {
      expect(reject(Buffer.from(JSON.stringify(good)))).toBeNull();
      for (const kind of BadLineFactory.kindsFor(good.type)) {
        const reason = reject(BadLineFactory.make(kind, good, r));
        expect(reason, `${kind} from ${good.type} ${good.id} was accepted`).not.toBeNull();
        expect(reason!, `${kind} from ${good.type}`).toMatch(REASON[kind]);
        checked.add(kind);
      }
    }
    expect([...checked].sort()).toEqual([...BAD_LINE_KINDS].sort());
  });

  it('never emits a newline inside a line and never reuses the good record id', () => {
    const r = new Random(9);
    for (const good of records.slice(0, 30)) {
      for (let k = 0; k < 20; k++) {
        const bad = BadLineFactory.random(good, r);
        expect(bad.bytes.includes(0x0a)).toBe(false);
        expect(bad.bytes.toString('latin1').includes(`"id":"${good.id}"`)).toBe(false);
      }
    }
  });

  it('only offers kinds that make sense for the type', () => {
    expect(BadLineFactory.kindsFor('outcome')).not.toContain('salary_min_above_max');
    expect(BadLineFactory.kindsFor('outcome')).not.toContain('bad_region_code');
    expect(BadLineFactory.kindsFor('seeker')).toContain('bad_id_number');
    expect(BadLineFactory.kindsFor('posting')).not.toContain('bad_id_number');
  });
});
