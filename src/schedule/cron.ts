import { ConfigError } from '../core/PipelineError.ts';

/**
 * Cron expressions: five fields (minute hour day-of-month month day-of-week) or six with a
 * leading seconds field. Each field takes `*`, `n`, `a-b`, lists `a,b`, steps `*\/n` and `a-b/n`;
 * months and weekdays also take names (jan, mon); weekday 7 is Sunday. As in Vixie cron, when both
 * day fields are restricted a day matching either one fires. Times are local to the process (TZ).
 */
export interface CronSchedule {
  expression: string;
  seconds: boolean[];
  minutes: boolean[];
  hours: boolean[];
  days: boolean[];
  months: boolean[];
  weekdays: boolean[];
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function parseField(text: string, min: number, max: number, what: string, names: string[] = [], nameBase = 0): boolean[] {
  const set = new Array<boolean>(max + 1).fill(false);
  const value = (token: string): number => {
    const byName = names.indexOf(token.toLowerCase());
    const n = byName >= 0 ? byName + nameBase : /^\d+$/.test(token) ? Number(token) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max)
      throw new ConfigError(`${what} "${token}" is outside ${min}-${max}`, { code: 'SCHEDULE_CRON_INVALID' });
    return n;
  };
  for (const part of text.split(',')) {
    const m = /^(\*|[\w]+(?:-[\w]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new ConfigError(`${what} field "${text}" is not a number, range, list or step`, { code: 'SCHEDULE_CRON_INVALID' });
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) throw new ConfigError(`${what} step must be at least 1`, { code: 'SCHEDULE_CRON_INVALID' });
    let lo = min,
      hi = max;
    if (m[1] !== '*') {
      const [a, b] = m[1]!.split('-');
      lo = value(a!);
      hi = b === undefined ? (m[2] === undefined ? lo : max) : value(b);
      if (hi < lo) throw new ConfigError(`${what} range ${m[1]} runs backwards`, { code: 'SCHEDULE_CRON_INVALID' });
    }
    for (let v = lo; v <= hi; v += step) set[v] = true;
  }
  return set;
}

export function parseCron(expression: string): CronSchedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new ConfigError(`cron expression "${expression}" has ${fields.length} fields`, {
      code: 'SCHEDULE_CRON_INVALID',
      hint: 'use "minute hour day month weekday" (e.g. "5 * * * *") or six fields with seconds first (e.g. "*/10 * * * * *")',
    });
  }
  const [sec, min, hour, day, month, weekday] = fields.length === 6 ? fields : ['0', ...fields];
  try {
    const weekdays = parseField(weekday!, 0, 7, 'weekday', WEEKDAYS);
    if (weekdays[7]) weekdays[0] = true;
    return {
      expression,
      seconds: parseField(sec!, 0, 59, 'second'),
      minutes: parseField(min!, 0, 59, 'minute'),
      hours: parseField(hour!, 0, 23, 'hour'),
      days: parseField(day!, 1, 31, 'day of month'),
      months: parseField(month!, 1, 12, 'month', MONTHS, 1),
      weekdays,
      dayRestricted: day !== '*',
      weekdayRestricted: weekday !== '*',
    };
  } catch (error) {
    throw new ConfigError(`cron expression "${expression}": ${(error as Error).message}`, {
      code: 'SCHEDULE_CRON_INVALID',
      hint: 'fix the expression in the "schedule" section of the config file',
    });
  }
}

function dayMatches(c: CronSchedule, d: Date): boolean {
  const dom = c.days[d.getDate()]!;
  const dow = c.weekdays[d.getDay()]!;
  if (c.dayRestricted && c.weekdayRestricted) return dom || dow;
  return dom && dow;
}

/** The first time strictly after `after` that the schedule fires, or null if none within 5 years. */
export function nextRun(c: CronSchedule, after: Date): Date | null {
  const t = new Date(after.getTime());
  t.setMilliseconds(0);
  t.setSeconds(t.getSeconds() + 1);
  const limit = after.getTime() + 5 * 366 * 86_400_000;
  while (t.getTime() <= limit) {
    if (!c.months[t.getMonth() + 1]) {
      t.setMonth(t.getMonth() + 1, 1);
      t.setHours(0, 0, 0);
      continue;
    }
    if (!dayMatches(c, t)) {
      t.setDate(t.getDate() + 1);
      t.setHours(0, 0, 0);
      continue;
    }
    if (!c.hours[t.getHours()]) {
      t.setHours(t.getHours() + 1, 0, 0);
      continue;
    }
    if (!c.minutes[t.getMinutes()]) {
      t.setMinutes(t.getMinutes() + 1, 0);
      continue;
    }
    if (!c.seconds[t.getSeconds()]) {
      t.setSeconds(t.getSeconds() + 1);
      continue;
    }
    return t;
  }
  return null;
}
