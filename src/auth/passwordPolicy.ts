import { ConfigError } from '../core/PipelineError.ts';

const COMMON = new Set([
  'password',
  'passw0rd',
  'qwerty',
  '12345678',
  '123456789',
  'letmein',
  'welcome',
  'admin',
  'labourflow',
  'iloveyou',
]);

/**
 * The problems with a password, or [] when it is acceptable: at least 12 characters, at least
 * three of lower case, upper case, digits and other characters (or 20 characters of anything),
 * not built around the user name or a well-known password.
 */
export function passwordProblems(name: string, password: string): string[] {
  const problems: string[] = [];
  const chars = [...password];
  if (chars.length < 12) problems.push('is shorter than 12 characters');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3 && chars.length < 20)
    problems.push('needs three of: lower case, upper case, digits, other characters (or 20 characters)');
  const lower = password.toLowerCase();
  if (name.length >= 3 && lower.includes(name.toLowerCase())) problems.push('contains the user name');
  const core = lower.replace(/[^a-z0-9]/g, '').replace(/\d+$/, '');
  if (COMMON.has(core) || COMMON.has(lower)) problems.push('is a well-known password');
  if (new Set(chars).size < 5) problems.push('repeats too few different characters');
  return problems;
}

export function assertStrongPassword(name: string, password: string): void {
  const problems = passwordProblems(name, password);
  if (problems.length) {
    throw new ConfigError(`the password for ${name} ${problems.join('; ')}`, {
      code: 'PASSWORD_WEAK',
      hint: 'choose at least 12 characters mixing upper and lower case, digits and symbols, or a passphrase of 20 or more',
    });
  }
}
