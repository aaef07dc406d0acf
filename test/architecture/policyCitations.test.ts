import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const files = execFileSync('git', ['ls-files', 'src/*.ts', 'pipelines/*.ts', 'sql/*.sql', 'scripts/*.ts'], { encoding: 'utf8' })
  .trim()
  .split('\n');
const rules = new Set([...readFileSync('docs/policy.md', 'utf8').matchAll(/^### ([a-z0-9-]+)$/gm)].map((m) => m[1]!));

describe('policy citations in the code', () => {
  it('name rules of docs/policy.md, never sections of documents outside the repository', () => {
    expect(rules.size).toBeGreaterThan(20);
    const outside: string[] = [];
    const unknown: string[] = [];
    for (const f of files) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const comment = /(\/\/|^\s*\*|--)/.exec(line);
          if (!comment) return;
          const text = line.slice(comment.index);
          if (/\b00[0-4] §|domain (brief )?rule \d/.test(text)) outside.push(`${f}:${i + 1}`);
          for (const m of text.matchAll(/policy: ([a-z0-9-]+(?:, [a-z0-9-]+)*)/g)) {
            for (const name of m[1]!.split(', ')) if (!rules.has(name)) unknown.push(`${f}:${i + 1} ${name}`);
          }
        });
    }
    expect(outside).toEqual([]);
    expect(unknown).toEqual([]);
  });
});
