import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserStore } from '../../src/auth/UserStore.ts';
import { loadCoreConfig } from '../../src/config/config.ts';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { MatchingConfig } from '../../src/matching/MatchingConfig.ts';
import { runMatchJob } from '../../src/matching/runMatchJob.ts';
import { ReviewConfig } from '../../src/review/ReviewConfig.ts';
import { loadRiskConfig } from '../../src/risk/RiskConfig.ts';
import { watchLayoffs } from '../../src/risk/watchLayoffs.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { AS_OF, PASSWORD, SAMPLE_FILES, SAMPLES, USERS } from '../serve/apiFixture.ts';

/** Every source trusted: postings without a block finding are approved at ingest (docs/review.md, trusted sources). */
const TRUSTED = ReviewConfig.parse({ trustedSources: [{ ingest: '*' }] });
const COUNTY = '130506';

export interface ConsoleTemplate {
  db: string;
  /** Two postings of 130506 still pending review, each recommended to seekers when approved. */
  pending: [string, string];
}

/**
 * A store for the console's browser tests: data-samples/ ingested from trusted sources (so the
 * market has approved postings, recommendations and a wage guide), except two postings of
 * Nanhe (130506) left pending for the reviewer. The two are the ones a match run recommends
 * most when everything is approved (found on a scratch store first), so approving one puts it
 * in the next run's recommendations.
 */
export async function prepareConsoleTemplate(dir: string): Promise<ConsoleTemplate> {
  const lines = readFileSync(join(SAMPLES, 'postings.ndjson'), 'utf8').split('\n').filter(Boolean);
  const scratch = join(dir, 'scratch.duckdb');
  await withStore({ path: scratch }, (store) => ingestFiles({ store, from: SAMPLE_FILES, progress: false, review: TRUSTED }));
  await runMatchJob({
    core: loadCoreConfig({ db: scratch, outboxDir: join(dir, 'scratch-outbox') }, {}),
    config: MatchingConfig.parse({}),
    mode: 'full',
    now: new Date(`${AS_OF}T12:00:00Z`),
  });
  const top = await withStore({ path: scratch }, (store) =>
    store.all<{ posting_id: string }>(
      `SELECT r.posting_id FROM recommendations r JOIN postings p ON p.id = r.posting_id
       WHERE p.region_code = '${COUNTY}' GROUP BY r.posting_id ORDER BY count(*) DESC, r.posting_id LIMIT 2`,
    ),
  );
  if (top.length < 2) throw new Error('the samples have fewer than two recommended postings in 130506');
  const pending = top.map((t) => t.posting_id) as [string, string];
  const isPending = (line: string) => pending.includes((JSON.parse(line) as { id: string }).id);
  const trustedFile = join(dir, 'postings-trusted.ndjson');
  const pendingFile = join(dir, 'postings-pending.ndjson');
  writeFileSync(trustedFile, `${lines.filter((l) => !isPending(l)).join('\n')}\n`);
  writeFileSync(pendingFile, `${lines.filter(isPending).join('\n')}\n`);

  const db = join(dir, 'console-template.duckdb');
  await withStore({ path: db }, async (store) => {
    await ingestFiles({ store, from: [trustedFile, ...SAMPLE_FILES.slice(1)], progress: false, review: TRUSTED });
    // Not trusted: these wait for the reviewer.
    await ingestFiles({ store, from: [pendingFile], progress: false });
    const users = new UserStore(store);
    for (const u of USERS) await users.add({ name: u.name, role: u.role, region: u.region, password: PASSWORD }, 'fixture');
  });
  const core = loadCoreConfig({ db, outboxDir: join(dir, 'outbox') }, {});
  await runMatchJob({ core, config: MatchingConfig.parse({}), mode: 'full', now: new Date(`${AS_OF}T12:00:00Z`) });
  await withStore({ path: db }, async (store) => {
    for (const period of ['2026-04', '2026-05', '2026-06'])
      await watchLayoffs(store, period, loadRiskConfig(core), null, `risk-fixture-${period}`);
  });
  return { db, pending };
}
