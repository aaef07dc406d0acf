import { EDUCATION_RANK } from '../records/fields.ts';
import type { Channel, MatchSeeker } from './matchTypes.ts';

/**
 * Where a seeker's recommendations go. T3/T4 go to the caseworker queue (counsellor and expert
 * stages, policy: five-way-service). Otherwise the seeker's own preference wins; older and low-skilled
 * workers get SMS, or a phone call when both (policy: phone-sms-push), because they use apps least.
 * Age here only adds help (a call instead of an app notice), it never changes a score.
 */
export function routeChannel(
  seeker: Pick<MatchSeeker, 'contact_channel' | 'birth_year' | 'education' | 'skills' | 'key_groups'>,
  route: 'push' | 'caseworker',
  olderAge: number,
  now: Date,
): Channel {
  if (route === 'caseworker') return 'caseworker';
  if (seeker.contact_channel === 'sms' || seeker.contact_channel === 'phone') return seeker.contact_channel;
  const older = now.getUTCFullYear() - seeker.birth_year >= olderAge || seeker.key_groups.includes('older_4050');
  const lowSkilled = EDUCATION_RANK[seeker.education] <= EDUCATION_RANK.junior_high && new Set(seeker.skills).size <= 1;
  if (older && lowSkilled) return 'phone';
  if (older || lowSkilled) return 'sms';
  return 'app';
}
