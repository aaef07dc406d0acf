import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/PipelineError.ts';
import { capLevel, defaultRiskConfig, levelOn, loadRiskConfig, raiseLevel } from '../../src/risk/RiskConfig.ts';

describe('risk levels and config', () => {
  it('bands values on a ladder at the thresholds', () => {
    const ladder = [0.01, 0.02, 0.04, 0.08] as [number, number, number, number];
    expect(levelOn(ladder, 0.0099)).toBe('none');
    expect(levelOn(ladder, 0.01)).toBe('blue');
    expect(levelOn(ladder, 0.0199)).toBe('blue');
    expect(levelOn(ladder, 0.02)).toBe('yellow');
    expect(levelOn(ladder, 0.04)).toBe('orange');
    expect(levelOn(ladder, 0.08)).toBe('red');
    expect(levelOn([0.1, 0.2, null, null], 0.9)).toBe('yellow');
    expect(raiseLevel('orange')).toBe('red');
    expect(raiseLevel('red')).toBe('red');
    expect(capLevel('red', 'yellow')).toBe('yellow');
  });

  it('has defaults for every section', () => {
    const c = defaultRiskConfig();
    expect(c.art41).toEqual({ minPersons: 20, minShare: 0.1, noticeDays: 30, level: 'orange' });
    expect(c.refund.layoffRateTarget).toBe(0.055);
    expect(c.enterprise.layoffRate).toEqual([0.02, 0.05, 0.1, 0.3]);
  });

  it('reads the risk section of a config file and says what to fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'risk-config-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ risk: { refund: { layoffRateTarget: 0.05 }, watchList: ['91350100M000100Y43'] } }));
    const c = loadRiskConfig({ configFile: good });
    expect(c.refund.layoffRateTarget).toBe(0.05);
    expect(c.refund.smallEnterpriseMaxRate).toBe(0.2);
    expect(c.watchList).toEqual(['91350100M000100Y43']);

    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ risk: { cell: { lossRate: [0.05, 0.02, 0.04, 0.08] }, watchList: ['91350100M000100Y44'], typo: 1 } }),
    );
    let error: unknown;
    try {
      loadRiskConfig({ configFile: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/risk\.cell\.lossRate: ladder thresholds/);
    expect(message).toMatch(/risk\.watchList\.0: credit code check character/);
    expect(message).toMatch(/typo/);
  });
});
