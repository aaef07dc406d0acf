/**
 * One entry of the national occupational classification (2022 edition, GB/T 6565 codes such as
 * `2-02-10-03`) as this project uses it. `level` 1–4 = major, middle, small group, occupation.
 * `name` is the title without the edition's trailing markers (S = digital, L = green
 * occupation), which are kept in `markers`. `aliases` are the job-board titles the
 * classification lists for the entry, excluding the name itself.
 */
export interface Occupation {
  level: 1 | 2 | 3 | 4;
  code: string;
  name: string;
  markers: string;
  definition: string;
  tasks: string;
  aliases: string[];
}

const CODE = /^\d-\d{2}-\d{2}-\d{2}$/;

export function isOccupationCode(code: string): boolean {
  return CODE.test(code);
}

/** The code of the group at `level` that contains `code` (2-02-10-03 at level 2 → 2-02-00-00). */
export function groupOf(code: string, level: 1 | 2 | 3 | 4): string {
  const [a, b, c, d] = code.split('-');
  return [a, level >= 2 ? b : '00', level >= 3 ? c : '00', level >= 4 ? d : '00'].join('-');
}

/** Splits a classification name into the name proper and its trailing S / L / L/S markers. */
export function splitMarkers(raw: string): { name: string; markers: string } {
  const m = /^(.*?[^A-Za-z/ ])\s*([LS](?:\/[LS])?)\s*$/.exec(raw.trim());
  return m ? { name: m[1]!, markers: m[2]! } : { name: raw.trim(), markers: '' };
}
