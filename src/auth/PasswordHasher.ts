import { envSetting } from '../config/config.ts';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../core/PipelineError.ts';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  len: number;
}

export interface StoredPassword {
  hash: string;
  salt: string;
  params: string;
}

/**
 * OWASP's scrypt choice N=2^15, r=8, p=3: 32 MiB of memory per hash (memory-hard, so GPU and
 * ASIC guessing is expensive) and about a third of a second on one core. The parameters are
 * stored beside each hash, so a later change applies to new passwords and old ones still verify.
 * LABOURFLOW_SCRYPT_LOG2N lowers or raises N for a deployment (never below 2^14).
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** scryptLog2N(), r: 8, p: 3, len: 32 };

function scryptLog2N(): number {
  return envSetting('LABOURFLOW_SCRYPT_LOG2N') ?? 15;
}

/** At most this many hashes at once: each holds 128·N·r bytes, and the machine has two cores. */
const MAX_CONCURRENT = 2;

export class PasswordHasher {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly params: ScryptParams = DEFAULT_SCRYPT) {}

  async hash(password: string): Promise<StoredPassword> {
    const salt = randomBytes(16);
    const key = await this.derive(password, salt, this.params);
    return { hash: key.toString('base64'), salt: salt.toString('base64'), params: formatParams(this.params) };
  }

  async verify(password: string, stored: StoredPassword): Promise<boolean> {
    const params = parseParams(stored.params);
    const expected = Buffer.from(stored.hash, 'base64');
    const key = await this.derive(password, Buffer.from(stored.salt, 'base64'), params);
    return key.length === expected.length && timingSafeEqual(key, expected);
  }

  /** Spends the same work as a real check, so an unknown user name answers as slowly as a wrong password. */
  async burn(password: string): Promise<void> {
    await this.derive(password, randomBytes(16), this.params);
  }

  private async derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
    await this.acquire();
    try {
      return await new Promise<Buffer>((resolve, reject) =>
        scrypt(
          password.normalize('NFC'),
          salt,
          params.len,
          { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r },
          (error, key) => (error ? reject(error) : resolve(key)),
        ),
      );
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.running < MAX_CONCURRENT) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

export function formatParams(p: ScryptParams): string {
  return `scrypt:N=${p.N},r=${p.r},p=${p.p},len=${p.len}`;
}

export function parseParams(text: string): ScryptParams {
  const m = /^scrypt:N=(\d+),r=(\d+),p=(\d+),len=(\d+)$/.exec(text);
  if (!m) throw new ConfigError(`unknown password hash parameters "${text}"`, { code: 'PASSWORD_PARAMS_UNKNOWN' });
  return { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]), len: Number(m[4]) };
}
