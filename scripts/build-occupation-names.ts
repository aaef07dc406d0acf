/**
 * Builds reference/occupations.json: the codes, names and levels of the national occupational
 * classification (中华人民共和国职业分类大典 2022年版, GB/T 6565), so every label can show an
 * occupation's name without the full classification at hand. Codes and names only: aliases,
 * definitions and tasks stay in the classification, which coding still needs (--taxonomy).
 *
 *   npx tsx scripts/build-occupation-names.ts CSV [OUT]
 *
 * CSV: the classification as a CSV with the columns level, code, name (e.g. a taxonomy
 * directory's occupation_csco2022/csco22_dev.csv). OUT: default reference/occupations.json.
 * Group codes are written in the short form postings use (2-02-00-00 → 2-02), as the query
 * sessions do. The output is deterministic: running it again leaves `git status` clean.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsvObjects } from '../src/occupations/parseCsv.ts';

const [csvPath, outPath = fileURLToPath(new URL('../reference/occupations.json', import.meta.url))] = process.argv.slice(2);
if (!csvPath) {
  process.stderr.write('usage: npx tsx scripts/build-occupation-names.ts CSV [OUT]\n');
  process.exit(2);
}
const text = readFileSync(csvPath, 'utf8');
const rows = parseCsvObjects(text).records;
const entries: [code: string, name: string, level: number][] = [];
const seen = new Map<string, string>();
for (const row of rows) {
  const level = Number(row.level);
  if (!row.code || !row.name || !Number.isInteger(level) || level < 1 || level > 4) {
    throw new Error(`row without a level 1–4, code and name: ${JSON.stringify(row)}`);
  }
  const code = level === 4 ? row.code : row.code.replace(/(-00)+$/, '');
  // The source repeats a few rows verbatim: the same code and name is kept once; a code with two names is an error.
  const known = seen.get(code);
  if (known !== undefined) {
    if (known !== row.name.trim()) throw new Error(`code ${code} has two names: ${known} / ${row.name}`);
    continue;
  }
  seen.set(code, row.name.trim());
  entries.push([code, row.name.trim(), level]);
}
entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const out = {
  title: '中华人民共和国职业分类大典（2022年版）职业编码与名称 / Occupational classification of the PRC (2022): codes and names',
  standard: 'GB/T 6565-2015 structure; 2022 edition of the classification',
  note: 'Codes, names and levels only (facts of the public classification). Built by scripts/build-occupation-names.ts; group codes in short form (2-02).',
  source_sha256: createHash('sha256').update(text).digest('hex'),
  columns: ['code', 'name', 'level'],
  occupations: entries,
};
writeFileSync(outPath, `${JSON.stringify(out, null, 0).replace(/\],\[/g, '],\n[')}\n`);
process.stdout.write(`${outPath}: ${entries.length} occupations and groups\n`);
