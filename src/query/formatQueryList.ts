import type { QueryDefinition } from './parseQueryFile.ts';

/** `labourflow query --list`: each query with its titles, description and parameters. */
export function formatQueryList(defs: QueryDefinition[]): string {
  const out: string[] = [];
  for (const d of defs) {
    out.push(`${d.name}  —  ${d.titleZh} / ${d.titleEn}`);
    out.push(...wrap(d.description, 94).map((l) => `    ${l}`));
    for (const p of d.params) {
      const type = p.type === 'enum' ? p.choices!.join('|') : p.type;
      out.push(`    --param ${p.name}=<${type}>  (default ${p.default || '""'})  ${p.description}`);
    }
    if (d.requires.length) out.push(`    reads: ${d.requires.join(', ')}`);
    out.push('');
  }
  return out.join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
