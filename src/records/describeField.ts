import { z } from 'zod';

/** What a payload field holds, read from its zod schema: the shape the store and the generators need. */
export interface FieldDescription {
  base: 'string' | 'enum' | 'int' | 'number' | 'boolean' | 'string_list';
  /** The field may be absent (and gets no default). */
  optional: boolean;
  /** The field may be null. */
  nullable: boolean;
  /** A default fills the field when it is absent: the stored value is never missing. */
  hasDefault: boolean;
  /** Bounds of a number field, when the schema sets them. */
  min: number | null;
  max: number | null;
  /** The closed vocabulary of an enum field (or of a list field's items). */
  values: readonly string[] | null;
  /**
   * A code, not free text: a string (or a list's items) held to a pattern, or a field registered in
   * `CODE_SCHEMAS` because a check (the credit code's check character) holds it.
   */
  code: boolean;
}

/**
 * Fields held to a code by a check rather than a pattern, with the standard that defines them. A
 * registry of its own, not zod's global metadata: that would surface in every JSON Schema made from
 * the field.
 */
export const CODE_SCHEMAS = z.registry<{ standard: string }>();

interface Def {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string>;
  checks?: { _zod: { def: { check: string; format?: string; value?: unknown; inclusive?: boolean } } }[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Describes one field of a payload schema. Reads zod's definitions (`_zod.def`), as the compiled
 * validators do; test/records/migrations.test.ts exercises it on every field of every kind.
 */
export function describeField(schema: z.ZodType): FieldDescription {
  let optional = false;
  let nullable = false;
  let hasDefault = false;
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (def.type === 'optional') optional = true;
    else if (def.type === 'nullable') nullable = true;
    else if (def.type === 'default' || def.type === 'prefault') hasDefault = true;
    else break;
    s = def.innerType!;
  }
  const def = defOf(s);
  const item = def.type === 'array' ? defOf(def.element!) : def;
  const code =
    (item.checks ?? []).some((c) => c._zod.def.check === 'string_format' && c._zod.def.format === 'regex') || CODE_SCHEMAS.has(s);
  let min: number | null = null;
  let max: number | null = null;
  let int = false;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32')) int = true;
    if (c.check === 'greater_than' && typeof c.value === 'number') min = c.value;
    if (c.check === 'less_than' && typeof c.value === 'number') max = c.value;
  }
  const base = ((): FieldDescription['base'] => {
    switch (def.type) {
      case 'string':
        return 'string';
      case 'enum':
        return 'enum';
      case 'number':
        return int ? 'int' : 'number';
      case 'boolean':
        return 'boolean';
      case 'array': {
        const item = defOf(def.element!).type;
        if (item === 'string' || item === 'enum') return 'string_list';
        throw new TypeError(`arrays of ${item} are not a supported field type`);
      }
      default:
        throw new TypeError(`zod type ${def.type} is not a supported field type`);
    }
  })();
  return {
    base,
    optional: optional && !hasDefault,
    nullable,
    hasDefault,
    min,
    max,
    values: item.type === 'enum' ? Object.values(item.entries ?? {}) : null,
    code,
  };
}
