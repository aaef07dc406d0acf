import type { z } from 'zod';

/** What a compiled validator returns when it cannot vouch for the input: ask zod. */
export const FALLBACK: unique symbol = Symbol('labourflow.validator.fallback');
export type CompiledValidator<T> = (input: unknown) => T | typeof FALLBACK;

interface ZodInternals {
  def: Record<string, unknown> & { type: string; checks?: { _zod: CheckInternals }[] };
  traits?: Set<string>;
  optin?: string;
  optout?: string;
}
interface CheckInternals {
  def: Record<string, unknown> & { check: string };
  check: (payload: { value: unknown; issues: unknown[] }) => unknown;
}

class Unsupported extends Error {}

/**
 * Compiles a zod schema into a plain function for the hot path of ingestion. It answers only
 * for input it can prove valid, returning exactly what `schema.parse` would; for anything else
 * (an invalid record, a construct it does not know) it returns FALLBACK and the caller runs zod,
 * so zod stays the single source of the shape and of every error message.
 *
 * Why: zod's general machinery (a payload object and an issue list per node, generic check
 * dispatch) cost about 9 µs of CPU per record, more than JSON.parse; the compiled form takes
 * about 3. It inlines the simple checks (lengths, bounds, integers, patterns, enums) and calls
 * zod's own check functions for the rest (refinements, transforms), so it cannot disagree on them.
 * It reads zod's internal definitions (`_zod.def`): after a zod upgrade, the equivalence test
 * (test/records/compileValidator.test.ts) is what says whether it still agrees.
 *
 * Returns null when the schema uses a construct this compiler does not cover.
 */
export function compileValidator<S extends z.ZodType>(schema: S): CompiledValidator<z.output<S>> | null {
  const gen = new Generator();
  let body: string;
  try {
    body = `${gen.emit(schema, 'input', 'out')}return out;`;
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
  // Straight-line code per schema: the JIT inlines it, where a tree of closures stayed megamorphic.
  const factory = new Function('ext', 'F', `return function validate(input) {\n${body}\n};`) as (
    ext: unknown[],
    f: symbol,
  ) => CompiledValidator<z.output<S>>;
  return factory(gen.ext, FALLBACK);
}

function internals(schema: unknown): ZodInternals {
  const zod = (schema as { _zod?: ZodInternals })._zod;
  if (!zod?.def?.type) throw new Unsupported('not a zod schema');
  return zod;
}

/** Emits JavaScript that reads `src`, leaves the parsed value in a new `let dst`, and `return F`s on anything it cannot vouch for. */
class Generator {
  /** Values the generated code refers to: enum sets, patterns, zod checks, default definitions. */
  readonly ext: unknown[] = [];
  private vars = 0;

  private ref(value: unknown): string {
    this.ext.push(value);
    return `ext[${this.ext.length - 1}]`;
  }

  private fresh(): string {
    return `v${this.vars++}`;
  }

  emit(schema: unknown, src: string, dst: string): string {
    const zod = internals(schema);
    const def = zod.def;
    if (def.coerce) throw new Unsupported('coercion');
    let code: string;
    switch (def.type) {
      case 'string':
        code = `if (typeof ${src} !== 'string') return F;\nlet ${dst} = ${src};\n`;
        break;
      case 'number':
        code = `if (typeof ${src} !== 'number' || !Number.isFinite(${src})) return F;\nlet ${dst} = ${src};\n`;
        break;
      case 'boolean':
        code = `if (typeof ${src} !== 'boolean') return F;\nlet ${dst} = ${src};\n`;
        break;
      case 'unknown':
        code = `let ${dst} = ${src};\n`;
        break;
      case 'enum':
        code = `if (!${this.ref(new Set(Object.values(def.entries as Record<string, unknown>)))}.has(${src})) return F;\nlet ${dst} = ${src};\n`;
        break;
      case 'nullable': {
        const inner = this.fresh();
        code = `let ${dst};\nif (${src} === null) ${dst} = null;\nelse {\n${this.emit(def.innerType, src, inner)}${dst} = ${inner};\n}\n`;
        break;
      }
      case 'optional': {
        // Absent keys are the object's business; a value that is present must satisfy the inner schema.
        const inner = this.fresh();
        code = `if (${src} === undefined) return F;\n${this.emit(def.innerType, src, inner)}let ${dst} = ${inner};\n`;
        break;
      }
      case 'default': {
        const inner = this.fresh();
        code =
          `let ${dst};\nif (${src} === undefined) ${dst} = ${this.ref(def)}.defaultValue;\n` +
          `else {\n${this.emit(def.innerType, src, inner)}${dst} = ${inner};\n}\n`;
        break;
      }
      case 'array': {
        const i = this.fresh();
        const item = this.fresh();
        const element = this.fresh();
        code =
          `if (!Array.isArray(${src})) return F;\nlet ${dst} = new Array(${src}.length);\n` +
          `for (let ${i} = 0; ${i} < ${src}.length; ${i}++) {\nconst ${item} = ${src}[${i}];\n${this.emit(def.element, item, element)}` +
          `if (${element} === undefined) return F;\n${dst}[${i}] = ${element};\n}\n`;
        break;
      }
      case 'object':
        code = this.emitObject(def, src, dst);
        break;
      default:
        throw new Unsupported(`zod type ${def.type}`);
    }
    // A schema that is itself a check (a string format such as z.iso.datetime) runs first, as in zod.
    const checks = (def.checks ?? []).map((c) => c._zod);
    if (zod.traits?.has('$ZodCheck')) checks.unshift(zod as unknown as CheckInternals);
    for (const check of checks) code += this.emitCheck(check, dst);
    return code;
  }

  private emitObject(def: ZodInternals['def'], src: string, dst: string): string {
    const shape = def.shape as Record<string, unknown>;
    const catchall = def.catchall ? internals(def.catchall).def.type : undefined;
    // Strict objects (catchall never) reject unknown keys; passthrough/catchall objects are not covered.
    if (catchall !== undefined && catchall !== 'never') throw new Unsupported(`object catchall ${catchall}`);
    const keys = Object.keys(shape);
    let code = `if (${src} === null || typeof ${src} !== 'object' || Array.isArray(${src})) return F;\n`;
    if (catchall === 'never') {
      const k = this.fresh();
      code += `for (const ${k} in ${src}) if (!${this.ref(new Set(keys))}.has(${k})) return F;\n`;
    }
    code += `let ${dst} = {};\n`;
    for (const key of keys) {
      const zod = internals(shape[key]);
      const name = JSON.stringify(key);
      const value = this.fresh();
      const parsed = this.fresh();
      let absent: string;
      if (zod.def.type === 'default') absent = `${dst}[${name}] = ${this.ref(zod.def)}.defaultValue;`;
      else if (zod.optin === 'optional' && zod.optout === 'optional') absent = '';
      else absent = 'return F;';
      code +=
        `const ${value} = ${src}[${name}];\n` +
        // An explicit undefined is rare and subtle in zod; leave it to zod.
        `if (${value} === undefined) {\nif (${name} in ${src}) return F;\n${absent}\n} else {\n` +
        `${this.emit(shape[key], value, parsed)}if (${parsed} === undefined) return F;\n${dst}[${name}] = ${parsed};\n}\n`;
    }
    return code;
  }

  /** One check, in zod's order; simple ones inline, the rest through zod's own check function. */
  private emitCheck(check: CheckInternals, dst: string): string {
    const def = check.def;
    switch (def.check) {
      case 'min_length':
        return `if (${dst}.length < ${Number(def.minimum)}) return F;\n`;
      case 'max_length':
        return `if (${dst}.length > ${Number(def.maximum)}) return F;\n`;
      case 'greater_than':
        if (typeof def.value === 'number') return `if (!(${dst} ${def.inclusive ? '>=' : '>'} ${def.value})) return F;\n`;
        break;
      case 'less_than':
        if (typeof def.value === 'number') return `if (!(${dst} ${def.inclusive ? '<=' : '<'} ${def.value})) return F;\n`;
        break;
      case 'number_format':
        if (def.format === 'safeint') return `if (!Number.isSafeInteger(${dst})) return F;\n`;
        break;
      case 'string_format':
        if (def.format === 'regex' && def.pattern instanceof RegExp) {
          const pattern = this.ref(def.pattern);
          return `${pattern}.lastIndex = 0;\nif (!${pattern}.test(${dst})) return F;\n`;
        }
        break;
    }
    // Refinements, transforms (trim), other formats: zod's own check function decides.
    const payload = this.fresh();
    const result = this.fresh();
    return (
      `{\nconst ${payload} = { value: ${dst}, issues: [] };\nconst ${result} = ${this.ref(check)}.check(${payload});\n` +
      `if (${result} instanceof Promise || ${payload}.issues.length > 0) return F;\n${dst} = ${payload}.value;\n}\n`
    );
  }
}
