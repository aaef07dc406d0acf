import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type PeerVenv = { ok: true; python: string } | { ok: false; warning: string };

/**
 * The git-ignored virtual environment the Python peer runs in (`.venv/peer` under the repository),
 * created with the machine's python3 and filled by pip from bench/peer/requirements.txt (pinned
 * versions) when missing or when the pins changed. Never throws: without Python, venv or pip the
 * answer is a warning, and the benchmark runs without the peer.
 */
export function ensurePeerVenv(root: string, progress: (text: string) => void): PeerVenv {
  const venv = join(root, '.venv', 'peer');
  const python = join(venv, 'bin', 'python');
  const requirements = join(root, 'bench', 'peer', 'requirements.txt');
  const stamp = join(venv, 'installed-requirements.txt');
  const pins = readFileSync(requirements, 'utf8');
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, 'utf8') === pins) return { ok: true, python };

  if (!existsSync(python)) {
    progress(`peer: creating ${venv} …`);
    const created = spawnSync('python3', ['-m', 'venv', venv], { encoding: 'utf8' });
    if (created.error) return { ok: false, warning: `python3 not found (${created.error.message}); install Python 3.10+ to run the peer` };
    if (created.status !== 0) {
      return {
        ok: false,
        warning: `python3 -m venv failed: ${created.stderr.trim().split('\n').pop()} (on Debian: apt-get install python3-venv)`,
      };
    }
  }
  progress(`peer: pip install -r ${requirements} …`);
  const pip = spawnSync(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', '-r', requirements], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (pip.error || pip.status !== 0) {
    const why = pip.error?.message ?? pip.stderr.trim().split('\n').slice(-3).join(' ');
    return { ok: false, warning: `pip could not install the peer's packages into ${venv}: ${why}` };
  }
  writeFileSync(stamp, pins);
  return { ok: true, python };
}
