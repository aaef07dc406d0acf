/** What a field parser returns: the value, or a reason the row cannot be mapped. */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export function ok<T>(value: T): FieldResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message: string): FieldResult<T> {
  return { ok: false, code, message };
}
