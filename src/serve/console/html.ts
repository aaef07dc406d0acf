/**
 * HTML built from template literals: every interpolated value is escaped unless it is already
 * Html (made by `html` or `raw`). Arrays are joined; null, undefined and false render nothing.
 * The console's pages are server-rendered strings, so this is its only templating.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Trusted markup as it is (never text from a request or the store). */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** JSON for a `<script type="application/json">` data island: `<` escaped so no text can close the element. */
export function jsonIsland(id: string, data: unknown): Html {
  return raw(`<script type="application/json" id="${escapeHtml(id)}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`);
}
