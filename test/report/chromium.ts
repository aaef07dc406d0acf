import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Makes sure Debian's chromium (and CJK fonts, so Chinese labels render) is installed. On a
 * fresh machine where we are root with apt-get, installs them; otherwise returns why not, and
 * the caller skips loudly. Never downloads a browser build of its own.
 */
export function ensureChromium(): { ok: true } | { ok: false; reason: string } {
  const fontsMissing = !existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
  if (existsSync(CHROMIUM) && !fontsMissing) return { ok: true };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    return existsSync(CHROMIUM)
      ? { ok: true }
      : {
          ok: false,
          reason: `${CHROMIUM} is missing and this process cannot install it (needs root and apt-get): apt-get install chromium fonts-noto-cjk`,
        };
  }
  try {
    process.stderr.write('report test: installing chromium and fonts-noto-cjk with apt-get (first run on this machine)…\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env, timeout: 300_000 });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], {
      stdio: 'ignore',
      env,
      timeout: 900_000,
    });
  } catch (error) {
    if (!existsSync(CHROMIUM)) return { ok: false, reason: `apt-get install chromium failed: ${(error as Error).message}` };
  }
  return existsSync(CHROMIUM) ? { ok: true } : { ok: false, reason: 'chromium still missing after apt-get install' };
}
