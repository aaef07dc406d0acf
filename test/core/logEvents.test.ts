import { describe, expect, it } from 'vitest';
import { LOG_EVENTS } from '../../src/core/logEvents.ts';
import { configureLogging, Logger } from '../../src/core/Logger.ts';

describe('LOG_EVENTS: the event names of each namespace', () => {
  it('holds snake_case names, each once per namespace', () => {
    for (const [ns, events] of Object.entries(LOG_EVENTS)) {
      expect(new Set(events).size, ns).toBe(events.length);
      for (const e of events) expect(e, ns).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it('writes the namespace and the typed event on every line', () => {
    const lines: string[] = [];
    configureLogging({ format: 'json', level: 'debug', sink: { write: (l) => lines.push(l) } });
    try {
      Logger.for('serve').info('serve_ready', { url: 'http://127.0.0.1:1' });
      // @ts-expect-error: not an event of the serve namespace
      Logger.for('serve').info('serve_redy');
    } finally {
      configureLogging({ level: 'warn', sink: { write: (l) => process.stderr.write(`${l}\n`) } });
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({ ns: 'serve', event: 'serve_ready', url: 'http://127.0.0.1:1' });
  });
});
