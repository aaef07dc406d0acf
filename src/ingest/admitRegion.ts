import { recordKind } from '../records/recordKinds.ts';
import type { AnyEnvelope, ValidationIssue } from '../records/envelope.ts';
import { Regions } from '../validation/Regions.ts';

/** Looks up the residence region of stored seekers by id (ids not stored are left out). */
export type SeekerRegions = (ids: readonly string[]) => Promise<Map<string, string>>;

/**
 * The region check of records sent by a user who holds a region (a city's scheduled upload, a
 * county's service account): a record is admitted only when it belongs to that region, by the
 * same column its record kind is scoped by when read (RecordKind.scope). A follow-up or an outcome
 * belongs to its seeker's region: the seeker is looked up in this batch first, then in the store.
 * A user may write only what they may read (policy: personal-information-protection): anything
 * else is a dead letter.
 */
export function admitRegion(region: string, seekerRegions: SeekerRegions) {
  const regions = Regions.get();
  return async (records: readonly AnyEnvelope[]): Promise<(ValidationIssue | null)[]> => {
    const inBatch = new Map<string, string>();
    const wanted = new Set<string>();
    for (const r of records) {
      if (r.type === 'seeker') inBatch.set(r.id, r.payload.residence_region);
    }
    for (const r of records) {
      const scope = recordKind(r.type).scope;
      if ('seekerColumn' in scope) {
        const id = (r.payload as Record<string, unknown>)[scope.seekerColumn] as string;
        if (!inBatch.has(id)) wanted.add(id);
      }
    }
    const stored = wanted.size > 0 ? await seekerRegions([...wanted]) : new Map<string, string>();
    return records.map((r) => {
      const scope = recordKind(r.type).scope;
      const payload = r.payload as Record<string, unknown>;
      if ('regionColumn' in scope) {
        const code = payload[scope.regionColumn] as string;
        if (regions.within(code, region)) return null;
        return {
          code: 'out_of_scope',
          path: `payload.${scope.regionColumn}`,
          message: `region ${code} lies outside ${region}, the region of the user who sent it: a user stores records of their own region only`,
        };
      }
      const id = payload[scope.seekerColumn] as string;
      const code = inBatch.get(id) ?? stored.get(id);
      if (code !== undefined && regions.within(code, region)) return null;
      return {
        code: 'out_of_scope',
        path: `payload.${scope.seekerColumn}`,
        message:
          code === undefined
            ? `seeker ${id} is not known in ${region}, the region of the user who sent it: send the seeker first, or ask a user of the seeker's region`
            : `seeker ${id} lives in ${code}, outside ${region}, the region of the user who sent it: a user stores records of their own region only`,
      };
    });
  };
}
