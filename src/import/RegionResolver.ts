import { Regions, type Region } from '../validation/Regions.ts';
import { fail, ok, type FieldResult } from './FieldResult.ts';
import type { RegionTarget } from './MappingSpec.ts';
import { normalizeCell, synonymKey } from './normalizeCell.ts';

/** The four municipalities: their prefecture-level row is 市辖区 (xx0100), which is what a city column means. */
const MUNICIPALITIES = new Set(['110000', '120000', '310000', '500000']);
const SEPARATORS = /[·•・.\-_/|,，、\s>＞]+/;

/**
 * Place names as boards write them → one GB/T 2260 code. "北京" → 110100 (municipalities
 * resolve to their 市辖区 city row, like every other city, so roll-ups by city work);
 * "杭州" → 330100; "北京·朝阳区", "深圳-南山区", "广东 深圳 南山区" narrow down to the county
 * when the later parts are divisions inside the earlier ones (otherwise the coarser code stays).
 * A bare name matching several divisions prefers city over province over county-level city
 * over district ("朝阳" → 朝阳市, not Beijing's 朝阳区); a tie left at the best rank is
 * ambiguous and rejected. Hong Kong, Macau, Taiwan and overseas words come from the table.
 */
export class RegionResolver {
  private readonly regions = Regions.get();
  private readonly cache = new Map<string, FieldResult<string>>();

  constructor(
    private readonly table: ReadonlyMap<string, RegionTarget>,
    private readonly stripLabel: boolean,
  ) {}

  resolve(cell: string, district = ''): FieldResult<string> {
    const key = `${cell}\u0000${district}`;
    let result = this.cache.get(key);
    if (!result) {
      result = this.resolveUncached(cell, district);
      if (this.cache.size < 50_000) this.cache.set(key, result);
    }
    return result;
  }

  private resolveUncached(cell: string, district: string): FieldResult<string> {
    const original = [cell.trim(), district.trim()].filter(Boolean).join(' / ');
    const text = normalizeCell(cell, { stripLabel: this.stripLabel });
    if (text === '') return fail('region_missing', 'place of work is empty');
    const whole = this.fromTable(text);
    if (whole) return whole;
    const extra = normalizeCell(district, { stripLabel: this.stripLabel });
    const parts = [...text.split(SEPARATORS), ...(extra ? extra.split(SEPARATORS) : [])].filter(Boolean).flatMap((p) => this.splitRun(p));

    const head = this.fromTable(parts[0]!);
    if (head) return head;
    const first = this.pick(parts[0]!, null);
    if (!first.ok) {
      return first.code === 'region_unknown'
        ? fail(
            'region_unknown',
            `place "${original}" is not a GB/T 2260 division, Hong Kong, Macau or Taiwan (add it to synonyms.region to map or reject it)`,
          )
        : fail(first.code, `place "${original}": ${first.message}`);
    }
    let region = first.value;
    for (const part of parts.slice(1)) {
      // Later parts only narrow: a street or business district that is no division is ignored.
      const inner = this.pick(part, region.code);
      if (inner.ok) region = inner.value;
    }
    if (MUNICIPALITIES.has(region.code)) return ok(`${region.code.slice(0, 2)}0100`);
    return ok(region.code);
  }

  private fromTable(text: string): FieldResult<string> | null {
    const target = this.table.get(synonymKey(text));
    if (target === undefined) return null;
    return typeof target === 'string' ? ok(target) : fail('region_outside_scope', `place "${text}": ${target.reject}`);
  }

  private pick(name: string, scope: string | null): FieldResult<Region> {
    const seen = new Set<string>();
    let candidates = this.regions.findByName(name).filter((r) => !seen.has(r.code) && seen.add(r.code));
    if (scope) {
      // Municipalities' districts sit under the province code; a scope is the subtree either way.
      candidates = candidates.filter((r) => r.code !== scope && this.regions.within(r.code, scope));
    }
    if (candidates.length === 0) return fail('region_unknown', `"${name}" is not a division`);
    const best = Math.min(...candidates.map(rank));
    const top = candidates.filter((r) => rank(r) === best);
    if (top.length > 1) {
      const list = top.map((r) => `${r.code} ${this.describe(r)}`).join(', ');
      return fail('region_ambiguous', `"${name}" matches several divisions (${list}); write the city too, e.g. "城市-区县"`);
    }
    return ok(top[0]!);
  }

  /** "深圳市南山区" → "深圳市", "南山区", when the run as a whole is no division. */
  private splitRun(part: string): string[] {
    if (this.regions.findByName(part).length > 0) return [part];
    const m = /^(.+?(?:省|自治区|市|自治州|地区|盟))(.+)$/.exec(part);
    return m && this.regions.findByName(m[1]!).length > 0 ? [m[1]!, ...this.splitRun(m[2]!)] : [part];
  }

  private describe(r: Region): string {
    const names = [r.provinceCode, r.cityCode, r.code].map((c) => (c ? this.regions.name(c) : undefined));
    return names.filter((n, i) => n && names.indexOf(n) === i).join('');
  }
}

/** Prefecture-level cities without districts (东莞, 中山, 儋州) are stored as county rows whose code is their city code. */
function rank(r: Region): number {
  if (r.level === 'city' || r.code === r.cityCode) return 0;
  if (r.level === 'province') return 1;
  if (r.name.endsWith('市')) return 2;
  return 3;
}
