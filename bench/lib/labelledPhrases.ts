import { readFileSync } from 'node:fs';
import { DISCRIMINATION_KINDS, type DiscriminationKind } from '../../src/review/detectDiscrimination.ts';

export interface LabelledPhrase {
  line: number;
  text: string;
  /** Expected kinds; empty = lawful. */
  kinds: DiscriminationKind[];
}

/** Reads a labelled TSV (categories <TAB> text, `#` comments, one header row). Unknown kinds are an error. */
export function readLabelledPhrases(path: string): LabelledPhrase[] {
  const out: LabelledPhrase[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  let header = false;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || line.startsWith('#')) return;
    const tab = line.indexOf('\t');
    if (tab < 0) throw new RangeError(`${path}:${i + 1}: expected "categories<TAB>text"`);
    const cats = line.slice(0, tab).trim();
    const text = line.slice(tab + 1);
    if (!header) {
      header = true;
      if (cats === 'categories') return;
    }
    const kinds = cats ? cats.split(';').map((c) => c.trim()) : [];
    for (const k of kinds) {
      if (!DISCRIMINATION_KINDS.includes(k as DiscriminationKind)) throw new RangeError(`${path}:${i + 1}: unknown category "${k}"`);
    }
    out.push({ line: i + 1, text, kinds: kinds as DiscriminationKind[] });
  });
  return out;
}
