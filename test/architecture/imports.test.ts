import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mjs)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Every relative import (static, type-only and dynamic with a literal path) of the library and the commands. */
function importGraph(): Map<string, Set<string>> {
  const files = [...sourceFiles('src'), ...sourceFiles('pipelines')];
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
    const targets = new Set<string>();
    for (const m of text.matchAll(SPECIFIER)) {
      const target = relative(ROOT, resolve(ROOT, dirname(file), m[2]!));
      if (files.includes(target)) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The folder a file belongs to: src/<folder> (files directly in src/ are their own), or pipelines. */
function folderOf(file: string): string {
  const parts = file.split('/');
  return parts[0] === 'pipelines' ? 'pipelines' : parts.slice(0, 2).join('/');
}

/** Strongly connected components of more than one node (Tarjan): the cycles. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('the import structure', () => {
  const files = importGraph();

  it('has no cycle between files', () => {
    expect(cycles(files)).toEqual([]);
  });

  it('has no cycle between folders (src/<folder> and pipelines/)', () => {
    const folders = new Map<string, Set<string>>();
    for (const [file, targets] of files) {
      const from = folderOf(file);
      const set = folders.get(from) ?? new Set<string>();
      for (const t of targets) if (folderOf(t) !== from) set.add(folderOf(t));
      folders.set(from, set);
    }
    expect(cycles(folders)).toEqual([]);
  });

  it('keeps the library free of the commands: nothing in src/ imports pipelines/', () => {
    const offenders = [...files].filter(([f, ts]) => f.startsWith('src/') && [...ts].some((t) => t.startsWith('pipelines/')));
    expect(offenders.map(([f]) => f)).toEqual([]);
  });

  it('finds the imports it checks (a guard against a parser that sees nothing)', () => {
    expect(files.get('pipelines/query.ts')).toContain('src/query/QueryPack.ts');
    expect([...files.values()].reduce((n, s) => n + s.size, 0)).toBeGreaterThan(300);
  });
});
