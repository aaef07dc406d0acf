import { envSetting } from './envSettings.ts';
/**
 * Structured logs: one JSON object per line on stderr (stdout is kept for results, so
 * `labourflow query … > out.csv` stays clean). Namespaces name the stage, event names are typed.
 */
import type { LogEvent, LogNamespace } from './logEvents.ts';
import { maskForLog } from './personalData.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type { LogEvent, LogNamespace } from './logEvents.ts';

export interface LogSink {
  write(line: string): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** `json` for machines (default when stderr is not a terminal), `pretty` for people. */
  format?: 'json' | 'pretty';
  sink?: LogSink;
}

let globalOptions: Required<LoggerOptions> = {
  level: envSetting('LABOURFLOW_LOG_LEVEL') ?? 'info',
  format: envSetting('LABOURFLOW_LOG_FORMAT') === 'json' || !process.stderr.isTTY ? 'json' : 'pretty',
  sink: { write: (line) => process.stderr.write(`${line}\n`) },
};

export function configureLogging(options: LoggerOptions): void {
  globalOptions = { ...globalOptions, ...options };
}

export class Logger<N extends LogNamespace = LogNamespace> {
  constructor(readonly namespace: N) {}

  static for<N extends LogNamespace>(namespace: N): Logger<N> {
    return new Logger(namespace);
  }

  debug(event: LogEvent<N>, fields: Record<string, unknown> = {}): void {
    this.log('debug', event, fields);
  }
  info(event: LogEvent<N>, fields: Record<string, unknown> = {}): void {
    this.log('info', event, fields);
  }
  warn(event: LogEvent<N>, fields: Record<string, unknown> = {}): void {
    this.log('warn', event, fields);
  }
  error(event: LogEvent<N>, fields: Record<string, unknown> = {}): void {
    this.log('error', event, fields);
  }

  /** Every line leaves with ID and mobile numbers masked, whatever a field holds (docs/security.md). */
  private log(level: LogLevel, event: LogEvent<N>, fields: Record<string, unknown>): void {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[globalOptions.level]) return;
    const time = new Date().toISOString();
    if (globalOptions.format === 'json') {
      globalOptions.sink.write(maskForLog(JSON.stringify({ time, level, ns: this.namespace, event, ...fields }, jsonSafe)));
    } else {
      const rest = Object.entries(fields)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v, jsonSafe)}`)
        .join(' ');
      globalOptions.sink.write(
        maskForLog(`${time.slice(11, 19)} ${level.padEnd(5)} [${this.namespace}] ${event}${rest ? ` ${rest}` : ''}`),
      );
    }
  }
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
