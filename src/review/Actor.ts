import { z } from 'zod';
import { RequestError } from '../core/PipelineError.ts';
import { Regions } from '../validation/Regions.ts';

/**
 * The person acting at the review desk or the console: their user name (recorded with every
 * change) and their region, a GB/T 2260 province, city or county code (null = national). They
 * see and act on the rows of their region only; what their role may do is the service's check.
 * The shape is the service's authenticated principal, so one can be passed as it is.
 */
export const Actor = z.object({
  name: z.string().min(1).max(64),
  region: z
    .string()
    .regex(/^\d{6}$/)
    .nullable(),
});
export type Actor = z.infer<typeof Actor>;

/** The name automatic steps (the automatic review, match runs) are recorded under. */
export const SYSTEM_ACTOR = 'system';

/**
 * The region prefix that scopes an actor's rows, the same cut as the query pack's scope rules
 * (Regions.within): '' national, 2 digits a province, 4 a city, 6 a county.
 */
export function actorScopePrefix(actor: Actor): string {
  const parsed = Actor.safeParse(actor);
  if (!parsed.success) {
    throw new RequestError('invalid', 'the acting user is not valid', {
      code: 'ACTOR_INVALID',
      issues: parsed.error.issues.map((i) => ({ code: i.code, path: i.path.join('.'), message: i.message })),
      hint: 'pass the signed-in user as {name, region}',
    });
  }
  if (parsed.data.name === SYSTEM_ACTOR) {
    throw new RequestError('invalid', `"${SYSTEM_ACTOR}" is reserved for automatic steps`, { code: 'ACTOR_INVALID' });
  }
  const region = parsed.data.region;
  if (region === null) return '';
  const found = Regions.get().lookup(region);
  if (!found) throw new RequestError('invalid', `region ${region} is not a GB/T 2260 code`, { code: 'ACTOR_REGION_UNKNOWN' });
  return found.level === 'province' ? region.slice(0, 2) : found.level === 'city' ? region.slice(0, 4) : region;
}

/** zod issues as the project reports them. */
export function issuesOf(error: z.ZodError): { code: string; path: string; message: string }[] {
  return error.issues.map((i) => ({ code: i.code, path: i.path.join('.'), message: i.message }));
}

/** Parses an action's input with its schema, or refuses it with every problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new RequestError(
      'invalid',
      `invalid ${what}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ')}`,
      {
        code: 'INPUT_INVALID',
        issues: issuesOf(parsed.error),
        hint: 'fix the fields named and send the request again',
      },
    );
  }
  return parsed.data;
}
