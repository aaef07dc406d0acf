import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type Html, html } from './html.ts';
import type { PageContext } from './layout.ts';
import { langOf, type Messages } from './messages.ts';
import '../routes/fastifyTypes.ts';

export function pageContext(request: FastifyRequest): PageContext {
  return { lang: langOf(request.cookies), principal: request.principal, path: request.url.split('?')[0]! };
}

/** The flash message a redirect names (`?msg=key`): only the console's own message keys, never text from the request. */
export function flashOf(m: Messages, key: string | undefined): string | null {
  if (!key || !/^msg[A-Z]\w*$/.test(key) || !(key in m)) return null;
  return m[key as keyof Messages];
}

export function sendPage(reply: FastifyReply, markup: string, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(markup);
}

/** A path inside the console to come back to; anything else is the console's home. */
export function safeNext(next: string | undefined): string {
  return next && /^\/console(\/[^\s\\]*)?$/.test(next.split('?')[0]!) && !next.includes('//') ? next : '/console';
}

/** Rows per page of the review and case queues. */
export const PAGE_SIZE = 100;
export const Offset = z.coerce.number().int().min(0).max(1_000_000).default(0);

/** Previous and next links of a paged list (plain links: the same page with another offset). */
export function pager(m: Messages, path: string, params: Record<string, string>, offset: number, total: number): Html {
  const link = (to: number) => `${path}?${new URLSearchParams({ ...params, offset: String(to) })}`;
  const prev = offset > 0 ? html`<a href="${link(Math.max(0, offset - PAGE_SIZE))}" rel="prev">${m.prevPage}</a>` : '';
  const next = offset + PAGE_SIZE < total ? html`<a href="${link(offset + PAGE_SIZE)}" rel="next">${m.nextPage}</a>` : '';
  if (!prev && !next) return html``;
  return html`<nav class="pager" aria-label="${m.pages}">${prev} <span>${offset + 1}–${Math.min(total, offset + PAGE_SIZE)} / ${total}</span> ${next}</nav>`;
}

/** The `<option>`s of a `<select>`: each value with its label, the one equal to `selected` marked selected. */
export function options<T>(values: readonly T[], label: (value: T) => unknown, selected?: unknown): Html {
  return html`${values.map((v) => html`<option value="${v}"${v === selected ? html` selected` : ''}>${label(v)}</option>`)}`;
}

/** The header cells of a table's columns (`<th scope="col">`), one per label; null for a column the table leaves out. */
export function columnHeads(...labels: unknown[]): Html {
  return html`${labels.filter((label) => label !== null).map((label) => html`<th scope="col">${label}</th>`)}`;
}
