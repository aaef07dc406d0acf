import { can, type Principal } from '../../auth/roles.ts';
import { Regions } from '../../validation/Regions.ts';
import { type Html, html } from './html.ts';
import { type Lang, messages } from './messages.ts';

export interface PageContext {
  lang: Lang;
  principal: Principal | null;
  /** The path of this page (for the language switch to come back to). */
  path: string;
}

/** The console's pages by role: what the nav shows is what the role's grants allow (src/auth/roles.ts). */
export function navItems(p: Principal, lang: Lang): { href: string; label: string }[] {
  const m = messages(lang);
  const items: { href: string; label: string; ok: boolean }[] = [
    { href: '/console/review', label: m.navReview, ok: can(p.role, 'review') },
    { href: '/console/cases', label: m.navCases, ok: can(p.role, 'cases') },
    { href: '/console/queries', label: m.navQueries, ok: can(p.role, 'queries') },
    { href: '/console/report', label: m.navReport, ok: can(p.role, 'report') },
    { href: '/console/alerts', label: m.navAlerts, ok: can(p.role, 'alerts') },
  ];
  return items.filter((i) => i.ok);
}

export function regionLabel(region: string | null, lang: Lang): string {
  if (region === null) return messages(lang).national;
  return `${Regions.get().name(region) ?? ''} ${region}`.trim();
}

/**
 * Every console page: one stylesheet and the web font from this server (no other origin is
 * ever asked for anything), a skip link, the nav for the role, the language switch.
 */
export function page(ctx: PageContext, title: string, body: Html, options: { flash?: string | null; scripts?: string[] } = {}): string {
  const m = messages(ctx.lang);
  const p = ctx.principal;
  const other = ctx.lang === 'zh' ? 'en' : 'zh';
  const current = (href: string) => ctx.path === href || ctx.path.startsWith(`${href}/`);
  return html`<!doctype html>
<html lang="${ctx.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${m.app}</title>
<link rel="stylesheet" href="/console/assets/fonts.css">
<link rel="stylesheet" href="/console/assets/console.css">
${(options.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">${m.skip}</a>
<header>
  <span class="brand">${m.app}</span>
  ${
    p
      ? html`<nav aria-label="${m.app}"><ul>${navItems(p, ctx.lang).map(
          (i) => html`<li><a href="${i.href}"${current(i.href) ? html` aria-current="page"` : ''}>${i.label}</a></li>`,
        )}</ul></nav>`
      : ''
  }
  <div class="who">
    ${
      p
        ? html`<span>${m.signedInAs}: <strong>${p.name}</strong> · ${m.region}: <span data-user-region="${p.region ?? ''}">${regionLabel(
            p.region,
            ctx.lang,
          )}</span></span>`
        : ''
    }
    <a href="/console/lang?to=${other}&amp;next=${encodeURIComponent(ctx.path)}" lang="${other === 'zh' ? 'zh-CN' : 'en'}" id="lang-switch">${m.switchLang}</a>
    ${p ? html`<form method="post" action="/console/logout" class="inline"><button type="submit">${m.logout}</button></form>` : ''}
  </div>
</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${options.flash ? html`<p class="flash" role="status">${options.flash}</p>` : ''}
${body}
</main>
</body>
</html>`.value;
}
