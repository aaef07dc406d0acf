/**
 * Who may do what: the one table of the service's rules. Every route names the action it
 * performs (src/serve/routes/), and a request whose user's role is not granted that action is
 * refused before the route runs. What a granted action may read is then cut to the user's
 * region by the scope rules (src/query/scopeRules.ts), never by anything the request says.
 */
export const ROLES = ['admin', 'analyst', 'reviewer', 'caseworker', 'service'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = {
  session: 'who am I, log out, own API tokens (every signed-in user)',
  queries: "list and run the analysts' query pack",
  sql: 'read-only ad-hoc SQL in the sandbox',
  report: 'the HTML report',
  alerts: 'layoff-risk alerts',
  recommendations: "seekers' recommendations",
  queue: 'the caseworker queue',
  review: 'the posting review desk: the queue, approve, reject, return for correction',
  cases: 'the caseworker console: cases, contacts, assistance plans, referrals, closing',
  'ingest.status': 'ingest status (sources, lag, counts)',
  'ingest.upload': 'ingest an uploaded NDJSON file',
  'match.run': 'start a match run',
  'watch.run': 'start a watch-layoffs run',
  users: 'add, change, disable users and issue their tokens',
  'access_log.read': 'read the access trail',
} as const;
export type Action = keyof typeof ACTIONS;

const ALL = Object.keys(ACTIONS) as Action[];

export const GRANTS: Readonly<Record<Role, ReadonlySet<Action>>> = {
  admin: new Set(ALL),
  analyst: new Set<Action>(['session', 'queries', 'sql', 'report', 'alerts', 'ingest.status']),
  // Postings are reviewed by people before publication (policy: posting-review, commitment-acceptance).
  reviewer: new Set<Action>(['session', 'review']),
  // Graded guidance and expert focused service are the counsellors' (policy: five-way-service, monthly-follow-up).
  caseworker: new Set<Action>(['session', 'recommendations', 'queue', 'cases']),
  // Scheduled jobs and scripts: trigger runs, feed files, watch the consumer.
  service: new Set<Action>(['session', 'match.run', 'watch.run', 'ingest.upload', 'ingest.status']),
};

export function can(role: Role, action: Action): boolean {
  return GRANTS[role].has(action);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The authenticated caller of a request. `region` null = national (admins only). */
export interface Principal {
  name: string;
  role: Role;
  region: string | null;
  via: 'session' | 'token' | 'password';
  /** The API token's id when via = token. */
  tokenId?: string;
}
