import type { FastifyReply, FastifyRequest } from 'fastify';
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
