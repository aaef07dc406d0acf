import { requireEnvSetting } from '../core/envSettings.ts';
import { createHmac } from 'node:crypto';
import { Logger } from '../core/Logger.ts';

/**
 * Resident identity card number (公民身份号码), GB 11643-1999: 17 digits and a mod-11 check
 * character (0-9 or X). The raw number must never be stored, logged or dead-lettered: it is
 * checked here and replaced by a keyed hash before anything else sees the record.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export function isValidIdNumber(raw: string): boolean {
  const id = raw.toUpperCase();
  if (!SHAPE.test(id)) return false;
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return idNumberCheckChar(id.slice(0, 17)) === id[17];
}

const DEV_KEY = 'labourflow-development-key-do-not-use-in-production';
let warnedAboutDevKey = false;

/** The HMAC key comes from LABOURFLOW_ID_HASH_KEY; a development key is used (with a warning) without it. */
export function idHashKey(env: NodeJS.ProcessEnv = process.env): string {
  const key = requireEnvSetting('LABOURFLOW_ID_HASH_KEY', env);
  if (key && key.length > 0) return key;
  if (!warnedAboutDevKey) {
    warnedAboutDevKey = true;
    Logger.for('config').warn('id_hash_key_missing', {
      hint: 'set LABOURFLOW_ID_HASH_KEY to a secret of 32+ characters; a built-in development key is hashing ID numbers now',
    });
  }
  return DEV_KEY;
}

/** Keyed, so a leaked table cannot be reversed by hashing all 10^17 possible numbers. */
export function hashIdNumber(raw: string, key: string = idHashKey()): string {
  return createHmac('sha256', key).update(raw.toUpperCase()).digest('hex');
}
