import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AuthError } from '../../auth/AuthError.ts';
import { can } from '../../auth/roles.ts';
import { Logger } from '../../core/Logger.ts';
import { SinkError } from '../../core/PipelineError.ts';
import { analystPages } from '../console/analystPages.ts';
import { casePages } from '../console/casePages.ts';
import { html } from '../console/html.ts';
import { type PageContext, page } from '../console/layout.ts';
import { pageContext, safeNext, sendPage } from '../console/pageKit.ts';
import { LANG_COOKIE, langOf, messages } from '../console/messages.ts';
import { reviewPages } from '../console/reviewPages.ts';
import { type Api, errorBody, errorStatus, type RouteModule } from '../buildHttpServer.ts';
import { addressOf, SESSION_COOKIE, setSessionCookie } from './auth.ts';
import './fastifyTypes.ts';

const require = createRequire(import.meta.url);
const STATIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'console', 'static');
/** Regular and bold: the weights the stylesheet uses. */
const FONT_WEIGHTS = ['400', '700'] as const;
const FONT_FILE = /^noto-sans-sc-[a-z0-9]+(-ext)?-(400|700)-normal\.woff2$/;

/**
 * Nothing on a console page may reach another origin: scripts, styles and fonts come from this
 * server, forms post back to it, and no page may be framed.
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The console (issue #12): server-rendered pages for the people in the loop, under /console,
 * on the same sign-in, roles and region scope as the API (the onRequest check of auth.ts runs
 * for every page and form). Pages call the same functions as the API (src/review, src/cases)
 * or the API's own result routes, in-process, with the caller's credentials. Forms are plain
 * HTML forms (keyboard and screen-reader friendly without scripts); the only script draws charts.
 */
export const consoleRoutes: RouteModule = async (app, context) => {
  const fontsCss = await buildFontCss();
  const chartJs = await readAsset(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'));
  const consoleCss = await readAsset(join(STATIC_DIR, 'console.css'));
  const consoleJs = await readAsset(join(STATIC_DIR, 'console.js'));
  const fontDir = join(dirname(require.resolve('@fontsource/noto-sans-sc/package.json')), 'files');

  await app.register(async (child) => {
    const api = child as unknown as Api;
    api.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    api.addHook('onSend', async (_request, reply, payload) => {
      void reply.header('content-security-policy', CSP);
      void reply.header('x-content-type-options', 'nosniff');
      void reply.header('referrer-policy', 'same-origin');
      return payload;
    });
    api.setErrorHandler((error, request, reply) => {
      const status = errorStatus(error);
      if (status === 401) return reply.redirect(`/console/login?next=${encodeURIComponent(safeNext(request.url))}`, 303);
      const body = errorBody(error);
      if (status >= 500) Logger.for('serve').error('console_page_failed', { url: request.url, code: body.code, error });
      const ctx = pageContext(request);
      const m = messages(ctx.lang);
      const what = status === 403 ? m.notAllowed : status === 404 ? m.notFound : status >= 500 ? m.error : body.message;
      const referer = request.headers.referer ? new URL(request.headers.referer, 'http://x').pathname : undefined;
      return sendPage(
        reply,
        page(
          ctx,
          m.error,
          html`<div class="error" role="alert"><p>${what}</p>
            ${status < 500 && body.issues.length > 0 ? html`<ul>${body.issues.map((i) => html`<li><code>${i.path}</code>: ${i.message}</li>`)}</ul>` : ''}
            ${status < 500 && body.hint ? html`<p class="hint">${body.hint}</p>` : ''}
            <p class="hint">${status} ${body.code}</p></div>
            <p><a href="${safeNext(referer)}">${m.back}</a></p>`,
        ),
        status,
      );
    });

    const asset = (path: string, type: string, body: string | Buffer) =>
      api.get(path, { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
        reply.type(type).header('cache-control', 'public, max-age=3600').send(body),
      );
    asset('/console/assets/console.css', 'text/css; charset=utf-8', consoleCss);
    asset('/console/assets/console.js', 'text/javascript; charset=utf-8', consoleJs);
    asset('/console/assets/chart.umd.min.js', 'text/javascript; charset=utf-8', chartJs);
    asset('/console/assets/fonts.css', 'text/css; charset=utf-8', fontsCss);
    api.get(
      '/console/assets/fonts/:file',
      { config: { public: true }, schema: { hide: true, params: z.object({ file: z.string().regex(FONT_FILE) }).strict() } },
      async (request, reply) => {
        // The name is checked against FONT_FILE: no path from the request reaches the file system otherwise.
        const bytes = await readFile(join(fontDir, request.params.file));
        return reply.type('font/woff2').header('cache-control', 'public, max-age=604800, immutable').send(bytes);
      },
    );

    api.get(
      '/console/login',
      {
        config: { public: true },
        schema: { hide: true, querystring: z.object({ next: z.string().max(500).optional() }).strict() },
      },
      async (request, reply) => sendPage(reply, loginPage(pageContext(request), request.query.next, null)),
    );
    api.post(
      '/console/login',
      {
        config: { public: true },
        schema: {
          hide: true,
          body: z.object({ name: z.string().max(100), password: z.string().max(1000), next: z.string().max(500).optional() }),
        },
      },
      async (request, reply) => {
        const { name, password, next } = request.body;
        try {
          const { cookie, expiresAt } = await api.auth.login(name, password, addressOf(request));
          setSessionCookie(request, reply, cookie, expiresAt);
          return reply.redirect(safeNext(next), 303);
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
          const m = messages(langOf(request.cookies));
          if (typeof error.retryAfterS === 'number') void reply.header('retry-after', String(error.retryAfterS));
          const message = error.statusCode === 429 ? m.loginThrottled : m.loginFailed;
          return sendPage(reply, loginPage({ ...pageContext(request), principal: null }, next, message), error.statusCode);
        }
      },
    );
    api.post('/console/logout', { config: { action: 'session' }, schema: { hide: true } }, async (request, reply) => {
      const value = request.cookies[SESSION_COOKIE];
      if (request.principal!.via === 'session' && value) await api.auth.logout(value, request.principal!, addressOf(request));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/console/login', 303);
    });
    api.get(
      '/console/lang',
      {
        config: { public: true },
        schema: { hide: true, querystring: z.object({ to: z.enum(['zh', 'en']), next: z.string().max(500).optional() }).strict() },
      },
      async (request, reply) => {
        void reply.setCookie(LANG_COOKIE, request.query.to, { path: '/', sameSite: 'strict', maxAge: 365 * 86_400 });
        return reply.redirect(safeNext(request.query.next), 303);
      },
    );
    api.get('/console', { config: { action: 'session' }, schema: { hide: true } }, async (request, reply) => {
      const role = request.principal!.role;
      const home = can(role, 'review')
        ? role === 'admin'
          ? '/console/queries'
          : '/console/review'
        : can(role, 'cases')
          ? '/console/cases'
          : can(role, 'queries')
            ? '/console/queries'
            : null;
      if (home) return reply.redirect(home, 303);
      const ctx = pageContext(request);
      return sendPage(reply, page(ctx, messages(ctx.lang).app, html`<p>${messages(ctx.lang).notAllowed}</p>`));
    });

    await reviewPages(api, context);
    await casePages(api, context);
    await analystPages(api, context, app);
  });
};

function loginPage(ctx: PageContext, next: string | undefined, error: string | null): string {
  const m = messages(ctx.lang);
  return page(
    ctx,
    m.loginTitle,
    html`${error ? html`<p class="error" role="alert" id="login-error">${error}</p>` : ''}
    <form method="post" action="/console/login" class="panel">
      <input type="hidden" name="next" value="${safeNext(next)}">
      <p><label for="name">${m.userName}</label><br><input id="name" name="name" autocomplete="username" required autofocus></p>
      <p><label for="password">${m.password}</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
      <p><button type="submit">${m.login}</button></p>
    </form>`,
  );
}

async function readAsset(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new SinkError(`cannot read the console asset ${file}`, { code: 'CONSOLE_ASSET_MISSING', cause: error, hint: 'run `npm ci`' });
  }
}

/**
 * The CJK web font (Noto Sans SC from @fontsource, split by the package into unicode-range
 * subsets): the browser fetches only the subsets the page's characters need, from this server,
 * so Chinese renders without fonts on the client. WOFF2 only (every browser the offices run).
 */
async function buildFontCss(): Promise<string> {
  const base = dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));
  const parts: string[] = [];
  for (const weight of FONT_WEIGHTS) {
    const css = await readAsset(join(base, `${weight}.css`));
    parts.push(
      css
        .replace(/,\s*url\(\.\/files\/[^)]+\.woff\) format\('woff'\)/g, '')
        .replace(/url\(\.\/files\/([^)]+\.woff2)\)/g, (_all, file: string) => `url(/console/assets/fonts/${file})`),
    );
  }
  return parts.join('\n');
}
