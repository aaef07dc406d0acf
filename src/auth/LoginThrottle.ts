/**
 * Slows password guessing: failures are counted per user name and per client address over a
 * window; from the fifth, each key is locked for a doubling time (2 s, 4 s, … up to 15 min)
 * during which every attempt is refused unchecked, so a correct guess then tells nothing.
 * A success clears the user's and the address's counts. Kept in memory: a restart forgets
 * the counts, which costs an attacker a restart they cannot cause.
 */
export interface ThrottleOptions {
  /** Failures allowed before locking (default 5). */
  free?: number;
  /** First lock, ms (default 2 s); doubles per further failure. */
  baseMs?: number;
  /** Longest lock, ms (default 15 min). */
  maxMs?: number;
  /** Failures older than this are forgotten, ms (default 15 min). */
  windowMs?: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly free: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: ThrottleOptions = {}) {
    this.free = options.free ?? 5;
    this.baseMs = options.baseMs ?? 2_000;
    this.maxMs = options.maxMs ?? 15 * 60_000;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until this user may try from this address again (0 = now). */
  waitMs(user: string, address: string): number {
    const now = this.now();
    return Math.max(0, ...[this.entry(`u:${user}`, now), this.entry(`a:${address}`, now)].map((e) => (e ? e.lockedUntil - now : 0)));
  }

  failed(user: string, address: string): void {
    const now = this.now();
    for (const key of [`u:${user}`, `a:${address}`]) {
      const entry = this.entry(key, now) ?? { failures: 0, lastFailure: now, lockedUntil: 0 };
      entry.failures++;
      entry.lastFailure = now;
      if (entry.failures >= this.free) entry.lockedUntil = now + Math.min(this.maxMs, this.baseMs * 2 ** (entry.failures - this.free));
      this.entries.set(key, entry);
    }
    if (this.entries.size > 100_000) this.prune(now);
  }

  succeeded(user: string, address: string): void {
    this.entries.delete(`u:${user}`);
    this.entries.delete(`a:${address}`);
  }

  private entry(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.lastFailure > this.windowMs && now >= entry.lockedUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(now: number): void {
    for (const key of [...this.entries.keys()]) this.entry(key, now);
  }
}
