import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CoreConfig } from '../config/Config.ts';
import { Logger } from '../core/Logger.ts';
import { SinkError } from '../core/PipelineError.ts';
import type { AlertRow } from './reconcileAlerts.ts';

export const ALERT_TOPIC_KEY = 'layoff-alerts';
export const OUTBOX_FILE = 'layoff-alerts.ndjson';

/** The message pushed for a new or escalated alert (Kafka value or one outbox line). */
export function alertMessage(row: AlertRow): Record<string, unknown> {
  return {
    type: 'layoff_alert',
    alert_id: row.alert_id,
    period: row.period,
    scope_kind: row.scope_kind,
    scope_key: row.scope_key,
    level: row.level,
    status: row.status,
    escalated_from: row.escalated_from,
    first_seen: row.first_seen,
    region_code: row.region_code,
    region_name: row.region_name,
    industry_code: row.industry_code,
    employer_credit_code: row.employer_credit_code,
    employer_name: row.employer_name,
    on_watch_list: row.on_watch_list,
    compliance_flags: row.compliance_flags,
    signals: row.signals.map(({ corroborating: _c, zh: _z, en: _e, ...s }) => s),
    explanation_zh: row.explanation_zh,
    explanation_en: row.explanation_en,
  };
}

interface Sink {
  readonly where: string;
  send(rows: readonly AlertRow[]): Promise<number>;
  close(): Promise<void>;
}

/**
 * Pushes new and escalated alerts to `labourflow.layoff-alerts` when Kafka brokers are
 * configured, otherwise appends them to `<outboxDir>/layoff-alerts.ndjson` (embedded mode).
 * kafkajs is loaded only when Kafka is in use.
 */
export class AlertPublisher {
  private readonly log = Logger.for('risk');

  private constructor(private readonly sink: Sink) {}

  static async create(
    core: Pick<CoreConfig, 'kafkaBrokers' | 'outboxDir' | 'topicPrefix' | 'configFile'> & Partial<CoreConfig>,
  ): Promise<AlertPublisher> {
    if (core.kafkaBrokers) {
      const { loadKafkaConfig } = await import('../kafka/KafkaConfig.ts');
      const { KafkaOutbox } = await import('../kafka/KafkaOutbox.ts');
      const kafka = loadKafkaConfig(core as CoreConfig);
      const outbox = await KafkaOutbox.create(kafka, 'layoff-alerts');
      const topic = outbox.topic(ALERT_TOPIC_KEY);
      return new AlertPublisher({
        where: `kafka:${topic}`,
        send: (rows) => outbox.publishRecords(ALERT_TOPIC_KEY, rows.map(alertMessage), (m) => String(m.scope_key)),
        close: () => outbox.close(),
      });
    }
    const file = join(core.outboxDir, OUTBOX_FILE);
    return new AlertPublisher({
      where: file,
      async send(rows) {
        if (rows.length === 0) return 0;
        try {
          await mkdir(core.outboxDir, { recursive: true });
          await appendFile(file, rows.map((r) => `${JSON.stringify(alertMessage(r))}\n`).join(''), 'utf8');
        } catch (error) {
          throw new SinkError(`cannot write the alert outbox ${file}: ${(error as Error).message}`, {
            code: 'OUTBOX_WRITE_FAILED',
            cause: error,
            hint: 'check that --outbox-dir / LABOURFLOW_OUTBOX_DIR is a writable directory',
          });
        }
        return rows.length;
      },
      close: async () => undefined,
    });
  }

  get where(): string {
    return this.sink.where;
  }

  async publish(rows: readonly AlertRow[]): Promise<number> {
    const sent = await this.sink.send(rows);
    if (sent > 0) this.log.info('alerts_pushed', { count: sent, to: this.sink.where });
    return sent;
  }

  async close(): Promise<void> {
    await this.sink.close();
  }
}
