import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mulberry32 } from '../../src/core/mulberry32.ts';
import { compileValidator, FALLBACK } from '../../src/records/compileValidator.ts';
import { EnvelopeHeader } from '../../src/records/envelope.ts';
import { RECORD_TYPES, type RecordType, recordKind } from '../../src/records/recordKinds.ts';

const sampleLines = (file: string) =>
  readFileSync(new URL(`../../data-samples/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
const parseOrNull = (line: string): unknown => {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
};

/** Every shipped sample and bad record, as parsed JSON values. */
const SAMPLES: unknown[] = [
  'postings.ndjson',
  'seekers.ndjson',
  'enterprise_reports.ndjson',
  'follow_ups.ndjson',
  'outcomes.ndjson',
  'bad-records.ndjson',
]
  .flatMap(sampleLines)
  .map(parseOrNull)
  .filter((v) => v !== null);

// Values that sit on or across the edges zod checks: types, bounds, lengths, blanks, formats.
const ODD_VALUES: unknown[] = [
  null,
  undefined,
  '',
  ' ',
  '  x  ',
  'x'.repeat(201),
  'x'.repeat(20_001),
  0,
  -1,
  0.5,
  1.5,
  299,
  300,
  500_000,
  500_001,
  12,
  24,
  25,
  40,
  41,
  50,
  10_000,
  10_001,
  Number.MAX_SAFE_INTEGER + 2,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  'true',
  '1',
  [],
  [''],
  [' a '],
  ['x'.repeat(61)],
  Array.from({ length: 101 }, (_, i) => `s${i}`),
  {},
  { a: 1 },
  '2026-02-29',
  '2024-02-29',
  '1989-12-31',
  '1990-01-01',
  '2099-01-01',
  '2026-13-01',
  '2026-01-01T00:00:00Z',
  '330106',
  '999999',
  '3301061',
  '91330106MA2CDL5K4T',
  '91330106MA2CDL5K4X',
  'C',
  'C13',
  'Z99',
  '2-02-10-03',
  '2-02',
  'bachelor',
  'any',
  'published',
  'full_time',
  'female',
  'app',
  'unemployed_registered',
  'disabled',
  ['disabled', 'veteran'],
  ['nobody'],
  '2026-03',
  '2026-3',
];

/** Seeded mutants of a valid record: one field removed, replaced by an odd value, or an extra key added. */
function mutants(record: Record<string, unknown>, random: () => number, count: number): unknown[] {
  const keys = Object.keys(record);
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const copy: Record<string, unknown> = structuredClone(record);
    const key = keys[Math.floor(random() * keys.length)]!;
    const roll = random();
    if (roll < 0.15) delete copy[key];
    else if (roll < 0.2) copy[`extra_${i}`] = 1;
    else copy[key] = structuredClone(ODD_VALUES[Math.floor(random() * ODD_VALUES.length)]);
    if (random() < 0.3) {
      // a second change, so combinations (e.g. salary_max below a new salary_min) come up
      const other = keys[Math.floor(random() * keys.length)]!;
      copy[other] = structuredClone(ODD_VALUES[Math.floor(random() * ODD_VALUES.length)]);
    }
    out.push(copy);
  }
  return out;
}

/** The compiled validator may decline (FALLBACK) but must never accept what zod rejects, nor return anything else. */
function expectAgreement(schema: z.ZodType, inputs: readonly unknown[]): { answered: number; zodAccepted: number } {
  // By design an explicit `undefined` (which JSON cannot carry) is always left to zod.
  const hasUndefined = (v: unknown): boolean =>
    v !== null && typeof v === 'object' && Object.values(v).some((x) => x === undefined || hasUndefined(x));
  const compiled = compileValidator(schema);
  expect(compiled).not.toBeNull();
  let answered = 0;
  let zodAccepted = 0;
  const disagreements: unknown[] = [];
  for (const input of inputs) {
    const expected = schema.safeParse(structuredClone(input));
    const got = compiled!(structuredClone(input));
    if (expected.success && !hasUndefined(input)) zodAccepted++;
    if (got === FALLBACK) continue;
    if (!hasUndefined(input)) answered++;
    if (!expected.success) disagreements.push({ input, got, zod: expected.error.issues });
    else {
      try {
        expect(got).toStrictEqual(expected.data);
      } catch {
        disagreements.push({ input, got, zod: expected.data });
      }
    }
  }
  expect(disagreements.slice(0, 3)).toEqual([]);
  return { answered, zodAccepted };
}

describe('compileValidator', () => {
  for (const type of RECORD_TYPES) {
    it(`answers exactly like zod for ${type} payloads, valid and mutated`, () => {
      const payloads = SAMPLES.filter(
        (v): v is { type: string; payload: Record<string, unknown> } =>
          (v as { type?: unknown }).type === type &&
          typeof (v as { payload?: unknown }).payload === 'object' &&
          (v as { payload?: unknown }).payload !== null,
      ).map((v) => v.payload);
      expect(payloads.length).toBeGreaterThan(10);
      const random = mulberry32(RECORD_TYPES.indexOf(type) + 1);
      const inputs = [...payloads, ...payloads.slice(0, 150).flatMap((p) => mutants(p, random, 20))];
      const { answered, zodAccepted } = expectAgreement(recordKind(type as RecordType).schema as z.ZodType, inputs);
      // The point is speed on valid records: it must answer for every record zod accepts.
      expect(answered).toBe(zodAccepted);
      expect(zodAccepted).toBeLessThan(inputs.length); // the mutants did produce invalid records
    });
  }

  it('answers exactly like zod for envelope headers', () => {
    const random = mulberry32(99);
    const headers = SAMPLES.filter((v): v is Record<string, unknown> => typeof v === 'object' && !Array.isArray(v));
    const inputs = [
      ...headers,
      ...headers.slice(0, 300).flatMap((h) => mutants(h, random, 10)),
      ...['2026-03-01T08:00:00+08:00', '2026-03-01T08:00:00Z', '2026-03-01 08:00:00', '2026-03-01T08:00:00', '2026-02-30T08:00:00Z'].map(
        (event_time) => ({ ...(headers[0] as object), event_time }),
      ),
    ];
    const { answered, zodAccepted } = expectAgreement(EnvelopeHeader, inputs);
    expect(answered).toBe(zodAccepted);
  });

  it('keeps zod semantics for defaults, optional keys, trimming and refinements on a schema of its own', () => {
    const schema = z
      .object({
        name: z.string().trim().min(1).max(5),
        tags: z.array(z.string().trim().min(1)).max(2).default([]),
        note: z.string().nullish(),
        level: z.enum(['a', 'b']).default('a'),
        n: z
          .number()
          .int()
          .min(1)
          .max(9)
          .refine((x) => x !== 7, { message: 'no sevens' }),
      })
      .strict()
      .superRefine((v, ctx) => {
        if (v.name === 'bad') ctx.addIssue({ code: 'custom', message: 'bad name' });
      });
    const inputs = [
      { name: ' ab ', n: 3 },
      { name: 'ab', n: 3, tags: [' x '] },
      { name: 'ab', n: 3, note: null },
      { name: 'ab', n: 3, note: 'x' },
      { name: 'ab', n: 7 },
      { name: 'bad', n: 3 },
      { name: '   ', n: 3 },
      { name: 'ab', n: 3, level: 'c' },
      { name: 'ab', n: 3, extra: 1 },
      { name: 'ab', n: 3, tags: ['a', 'b', 'c'] },
      { name: 'ab', n: 3.5 },
      { name: 'ab', n: 3, note: undefined },
      { n: 3 },
      null,
      [],
      'x',
    ];
    const { answered, zodAccepted } = expectAgreement(schema, inputs);
    expect(zodAccepted).toBe(4);
    expect(answered).toBe(4);
    const compiled = compileValidator(schema)!;
    const first = compiled({ name: 'ab', n: 3 });
    const second = compiled({ name: 'ab', n: 3 });
    expect(first).toStrictEqual({ name: 'ab', tags: [], level: 'a', n: 3 });
    // Each default is a fresh value, as in zod: one record's list is never another's.
    expect((first as { tags: unknown[] }).tags).not.toBe((second as { tags: unknown[] }).tags);
  });

  it('declines schemas it does not cover instead of guessing', () => {
    expect(compileValidator(z.object({ a: z.string() }).passthrough())).toBeNull();
    expect(compileValidator(z.union([z.string(), z.number()]))).toBeNull();
    expect(compileValidator(z.coerce.number())).toBeNull();
    expect(compileValidator(z.string().transform((s) => s.length))).toBeNull();
  });
});
