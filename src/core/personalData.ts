/**
 * Finds personal numbers in free text: resident ID numbers (GB 11643, 18 digits with a mod-11
 * check character; the older 15-digit form) and mainland mobile numbers. People write them
 * spaced ("130502 19950505 4443"), dashed, in full-width digits, or run into other digits (an ID
 * number followed by a phone number with no gap), so the text is read as runs of digits where a
 * space or dash between two digits does not end the run, and an 18-digit ID number is looked for
 * at every offset of a longer run: it is taken where its check character, birth date and
 * province fit. Used to keep raw numbers out of storage (policy: personal-information-protection,
 * docs/security.md), the dead-letter place and the logs.
 *
 * Pure and dependency-free (the Logger uses it), and cheap on text without them: a string with
 * fewer than 11 digits is skipped after one scan without allocating.
 */

export type PersonalKind = 'id' | 'phone';

export interface PersonalSpan {
  kind: PersonalKind;
  /** UTF-16 offsets in the text: [start, end). */
  start: number;
  end: number;
  /** The number in ASCII digits (and an upper-case X), separators dropped: what a hash is taken of. */
  canonical: string;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
/** GB/T 2260 province-level prefixes (the first two digits of a region code). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
]);

/** 0–9 for an ASCII or a full-width digit, else -1. */
function digitOf(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 0xff10 && code <= 0xff19) return code - 0xff10;
  return -1;
}

/** X, x and their full-width forms: the check character 10. */
function isCheckX(code: number): boolean {
  return code === 88 || code === 120 || code === 0xff38 || code === 0xff58;
}

/** One space or dash (ASCII, full-width, en/em dash, ideographic space) may sit between two digits of a number. */
function isSeparator(code: number): boolean {
  return (
    code === 32 || code === 45 || code === 0x3000 || code === 0xff0d || code === 0x2010 || code === 0x2013 || code === 0x2014 || code === 9
  );
}

/** At least `min` digits (ASCII or full-width) in the text; stops counting as soon as it knows. */
export function hasDigits(text: string, min: number): boolean {
  if (text.length < min) return false;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) {
      if (++n >= min) return true;
    }
  }
  return false;
}

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && (year === 0 || (year >= 1900 && year <= 2099));
}

/**
 * An 18-character ID number starting at digit index i of `d` (check character at i+17, 10 for
 * X). A run of exactly 18 needs no right check character: a mistyped ID number is still one.
 */
function isId18(d: number[], i: number, wholeRun: boolean): boolean {
  if (!PROVINCES.has(d[i]! * 10 + d[i + 1]!)) return false;
  const year = d[i + 6]! * 1000 + d[i + 7]! * 100 + d[i + 8]! * 10 + d[i + 9]!;
  if (!validDate(year, d[i + 10]! * 10 + d[i + 11]!, d[i + 12]! * 10 + d[i + 13]!)) return false;
  if (wholeRun) return true;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += d[i + k]! * WEIGHTS[k]!;
  const check = CHECK[sum % 11]!;
  const last = d[i + 17]!;
  return check === 'X' ? last === 10 : last === Number(check);
}

/** The 15-digit form (before 1999): region, yymmdd, sequence; no check digit, so only a whole run of exactly 15 counts. */
function isId15(d: number[]): boolean {
  return PROVINCES.has(d[0]! * 10 + d[1]!) && validDate(0, d[8]! * 10 + d[9]!, d[10]! * 10 + d[11]!);
}

function isMobile(d: number[], from: number, to: number): boolean {
  const n = to - from;
  if (n === 13 && d[from] === 8 && d[from + 1] === 6)
    from += 2; // +86 written before it
  else if (n !== 11) return false;
  return d[from] === 1 && d[from + 1]! >= 3 && d[from + 1]! <= 9;
}

function canonicalOf(d: number[], from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) s += d[k] === 10 ? 'X' : String(d[k]);
  return s;
}

/**
 * Every ID number (and, with `phones`, every mobile number) in the text, in order, not
 * overlapping. `anyWhole18`: any run of exactly 17 digits and a digit or X counts, whatever its
 * province and date, as in dead letters and logs, where masking too much costs nothing.
 */
export function findPersonalData(text: string, phones = true, anyWhole18 = false): PersonalSpan[] {
  const spans: PersonalSpan[] = [];
  if (!hasDigits(text, phones ? 11 : 15)) return spans;
  let i = 0;
  while (i < text.length) {
    if (digitOf(text.charCodeAt(i)) < 0) {
      i++;
      continue;
    }
    // One run: digits, a separator allowed between two digits, an X allowed last.
    const d: number[] = [];
    const at: number[] = [];
    let j = i;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      const v = digitOf(c);
      if (v >= 0) {
        d.push(v);
        at.push(j);
        j++;
      } else if (isCheckX(c) && d.length >= 17) {
        d.push(10);
        at.push(j);
        j++;
        break;
      } else if (
        isSeparator(c) &&
        j + 1 < text.length &&
        (digitOf(text.charCodeAt(j + 1)) >= 0 || (isCheckX(text.charCodeAt(j + 1)) && d.length >= 17))
      ) {
        j++;
      } else break;
    }
    collectSpans(d, at, phones, anyWhole18, spans);
    i = j;
  }
  return spans;
}

function collectSpans(d: number[], at: number[], phones: boolean, anyWhole18: boolean, spans: PersonalSpan[]): void {
  const n = d.length;
  // An X is only ever a check character: a run ending in one is an ID number or nothing.
  let leftoverFrom = 0;
  const leftover = (to: number) => {
    if (phones && to > leftoverFrom && isMobile(d, leftoverFrom, to)) {
      spans.push({ kind: 'phone', start: at[leftoverFrom]!, end: at[to - 1]! + 1, canonical: canonicalOf(d, leftoverFrom, to) });
    }
  };
  if (n === 15 && !d.includes(10) && isId15(d)) {
    spans.push({ kind: 'id', start: at[0]!, end: at[14]! + 1, canonical: canonicalOf(d, 0, 15) });
    return;
  }
  for (let k = 0; k + 18 <= n; ) {
    if (d.slice(k, k + 17).includes(10) || !(isId18(d, k, n === 18) || (anyWhole18 && n === 18))) {
      k++;
      continue;
    }
    leftover(k);
    spans.push({ kind: 'id', start: at[k]!, end: at[k + 17]! + 1, canonical: canonicalOf(d, k, k + 18) });
    k += 18;
    leftoverFrom = k;
  }
  leftover(n);
}

/** Text with each span replaced by `replace(span)`; the same string when there is none. */
export function replacePersonalData(text: string, replace: (span: PersonalSpan) => string, phones = true, anyWhole18 = false): string {
  const spans = findPersonalData(text, phones, anyWhole18);
  if (spans.length === 0) return text;
  let out = '';
  let from = 0;
  for (const s of spans) {
    out += text.slice(from, s.start) + replace(s);
    from = s.end;
  }
  return out + text.slice(from);
}

/** A mobile number as people mask it: the first three and the last four digits kept. */
export function maskPhone(canonical: string): string {
  const local = canonical.length === 13 ? canonical.slice(2) : canonical;
  return `${local.slice(0, 3)}****${local.slice(-4)}`;
}

/** For log lines: ID numbers and mobile numbers masked without a key (a log is no place to link records). */
export function maskForLog(text: string): string {
  return replacePersonalData(text, (s) => (s.kind === 'id' ? '[id-number]' : maskPhone(s.canonical)), true, true);
}
