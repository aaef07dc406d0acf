import { describe, expect, it } from 'vitest';
import { generateEnterpriseReports } from '../../src/generate/EnterpriseReportGenerator.ts';
import { FollowUpGenerator, GenerationContext, OutcomeGenerator, PostingGenerator, SeekerGenerator } from '../../src/generate/index.ts';
import { serializeEnvelope } from '../../src/generate/serializeEnvelope.ts';
import type { AnyEnvelope } from '../../src/schemas/envelope.ts';

describe('serializeEnvelope', () => {
  it('is byte-identical to JSON.stringify on generated records of every kind', () => {
    const ctx = new GenerationContext({ seed: 31, idNumberShare: 0.2 });
    const postings = new PostingGenerator(ctx, { count: 4000 });
    const seekers = new SeekerGenerator(ctx, 4000);
    const all: AnyEnvelope[] = [
      ...postings,
      ...seekers,
      ...new FollowUpGenerator(ctx, seekers),
      ...new OutcomeGenerator(ctx, seekers, postings, { count: 4000 }),
      ...generateEnterpriseReports({ enterprises: 5, months: 3, startPeriod: '2026-01', seed: 31 }).reports,
    ];
    let differing = 0;
    for (const e of all) if (serializeEnvelope(e) !== JSON.stringify(e)) differing++;
    expect(differing).toBe(0);
    expect(all.some((e) => e.type === 'seeker' && e.payload.id_number !== undefined)).toBe(true);
    expect(all.some((e) => e.type === 'outcome' && e.payload.event === 'hired')).toBe(true);
  });

  it('escapes free text and falls back to JSON.stringify for shapes it does not know', () => {
    const ctx = new GenerationContext({ seed: 1 });
    const p = new PostingGenerator(ctx, { count: 1 }).at(0);
    const tricky = { ...p, payload: { ...p.payload, title: '焊工 "急招"\n\\换行\u2028' } };
    expect(serializeEnvelope(tricky)).toBe(JSON.stringify(tricky));
    expect(JSON.parse(serializeEnvelope(tricky)).payload.title).toBe(tricky.payload.title);
    // An extra, missing or reordered field takes the generic path and still round-trips.
    const extra = { ...p, payload: { ...p.payload, extra_field: 1 } } as unknown as AnyEnvelope;
    expect(serializeEnvelope(extra)).toBe(JSON.stringify(extra));
    const { title: _t, ...rest } = p.payload;
    const missing = { ...p, payload: rest } as unknown as AnyEnvelope;
    expect(serializeEnvelope(missing)).toBe(JSON.stringify(missing));
    const reordered = { ...p, payload: { title: p.payload.title, ...rest } };
    expect(serializeEnvelope(reordered)).toBe(JSON.stringify(reordered));
  });
});
