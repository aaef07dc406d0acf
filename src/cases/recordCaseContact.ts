import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Logger } from '../core/Logger.ts';
import { RequestError } from '../core/PipelineError.ts';
import { RecordBatchWriter } from '../ingest/RecordBatchWriter.ts';
import { validateEnvelope } from '../records/envelope.ts';
import { FOLLOW_UP_CHANNELS, FOLLOW_UP_RESULTS, IsoDate } from '../records/fields.ts';
import { type Actor, actorScopePrefix, parseInput } from '../review/Actor.ts';
import type { DeskStoreLike } from '../review/DeskStore.ts';
import { addDays, type CaseDetail, CONTACT_INTERVAL_DAYS, changeOpenCase, chinaDate, recordCaseEvent } from './caseDesk.ts';
import { sqlFile } from '../store/sqlFile.ts';

/** Where console contacts are recorded in `ingest_batches` (kind 'console'; the position is the case id). */
export const CONSOLE_SOURCE = 'console:cases';

export const ContactInput = z
  .object({
    date: IsoDate,
    channel: z.enum(FOLLOW_UP_CHANNELS),
    result: z.enum(FOLLOW_UP_RESULTS),
    /** The next contact agreed; default a month on (policy: monthly-follow-up). */
    nextDate: IsoDate.optional(),
    note: z.string().max(2000).optional(),
    /**
     * The console's id for this request: sent again (a retry, a double click), it records nothing
     * twice. The ledger record's id is derived from it.
     */
    requestId: z
      .string()
      .regex(/^[\w.:-]{1,48}$/, { message: 'requestId may use letters, digits, _ . : - (at most 48)' })
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.date > chinaDate()) ctx.addIssue({ code: 'custom', path: ['date'], message: 'a contact cannot be in the future' });
    if (c.nextDate !== undefined && c.nextDate < c.date) {
      ctx.addIssue({ code: 'custom', path: ['nextDate'], message: 'the next contact comes after this one' });
    }
  });
export type ContactInput = z.input<typeof ContactInput>;

/**
 * Records a contact with the case's seeker. It goes into the follow-up ledger (policy: monthly-follow-up)
 * as a `follow_up` record through the path every other record takes: the envelope validated by
 * the record kind's schema, then stored by the RecordBatchWriter (newest version wins, an
 * `ingest_batches` row with source 'console:cases', kind 'console'), so the follow-up compliance
 * query counts it like any other. Its id is 'fu-case-' and the request id (or a random UUID):
 * unique beside ledger ids from other systems, and a repeated request is stale and records
 * nothing twice. The case's contact dates move on and a 'contact' event names the record, all in
 * one transaction.
 *
 * `recordWriter`: in `labourflow serve` pass the writer connection's shared RecordBatchWriter (its
 * staging tables are per connection); embedded, one is made for the call.
 */
export async function recordCaseContact(
  target: DeskStoreLike,
  actor: Actor,
  caseId: string,
  input: ContactInput,
  options: { recordWriter?: RecordBatchWriter } = {},
): Promise<CaseDetail & { follow_up_id: string; recorded: boolean }> {
  actorScopePrefix(actor);
  const contact = parseInput(ContactInput, input, 'contact');
  const followUpId = `fu-case-${contact.requestId ?? randomUUID()}`;
  const nextDate = contact.nextDate ?? addDays(contact.date, CONTACT_INTERVAL_DAYS);
  let recorded = false;
  const detail = await changeOpenCase(target, actor, caseId, async (store, row, at) => {
    const [seen] = await store.all<{ case_id: string }>('SELECT case_id FROM case_events WHERE follow_up_id = $id', { id: followUpId });
    if (seen) {
      if (seen.case_id !== caseId) {
        throw new RequestError('conflict', `request ${contact.requestId} was used for another case`, { code: 'REQUEST_ID_REUSED' });
      }
      return;
    }
    const [seeker] = await store.all<{ office: string }>(
      'SELECT coalesce(office_region, residence_region) AS office FROM seekers WHERE id = $id',
      {
        id: row.seeker_id,
      },
    );
    const envelope = {
      type: 'follow_up',
      id: followUpId,
      version: 1,
      event_time: at,
      payload: {
        seeker_id: row.seeker_id,
        date: contact.date,
        channel: contact.channel,
        result: contact.result,
        office_region: row.office_region ?? seeker?.office ?? null,
        caseworker_id: actor.name,
        ...(contact.note ? { note: contact.note } : {}),
      },
    };
    const validated = validateEnvelope(envelope);
    if (!validated.ok) {
      throw new RequestError(
        'invalid',
        `the contact is not a valid follow-up record: ${validated.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        {
          code: 'FOLLOW_UP_INVALID',
          issues: validated.issues,
        },
      );
    }
    const writer = options.recordWriter ?? (await RecordBatchWriter.create(store));
    try {
      await writer.write({
        source: CONSOLE_SOURCE,
        kind: 'console',
        firstPosition: caseId,
        lastPosition: caseId,
        valid: [validated.record],
        rejects: [],
      });
    } finally {
      if (!options.recordWriter) await writer.close();
    }
    await store.run(await sqlFile('cases/contact'), { case_id: caseId, date: contact.date, next_date: nextDate, at });
    await recordCaseEvent(
      store,
      row,
      'contact',
      actor.name,
      at,
      // The note as validated: ID numbers in it are masked (docs/security.md, personal data).
      {
        date: contact.date,
        channel: contact.channel,
        result: contact.result,
        next_date: nextDate,
        note: (validated.record.payload as { note?: string | null }).note ?? null,
      },
      { followUpId },
    );
    recorded = true;
  });
  if (recorded) Logger.for('cases').info('case_contact_recorded', { case_id: caseId, follow_up_id: followUpId, by: actor.name });
  return { ...detail, follow_up_id: followUpId, recorded };
}
