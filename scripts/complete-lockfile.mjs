#!/usr/bin/env node
// Adds lock entries for platform-specific optional packages that `npm install` could not record.
//
// Why: the npm registry this project's machines reach serves native packages only for the
// platforms it mirrors (e.g. @duckdb/node-bindings-linux-x64 but not -darwin-arm64). npm then
// leaves those optional packages out of package-lock.json, and `npm ci` refuses the lock
// ("Missing: … from lock file"). An entry naming the package's os/cpu lets `npm ci` see that it
// is for another platform and skip it, exactly as it would with a complete lock.
//
// Run after `npm install` changes the lock: node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM = [
  [/-android-arm-eabi$/, { os: ['android'], cpu: ['arm'] }],
  [/-android-arm64$/, { os: ['android'], cpu: ['arm64'] }],
  [/-darwin-arm64$/, { os: ['darwin'], cpu: ['arm64'] }],
  [/-darwin-x64$/, { os: ['darwin'], cpu: ['x64'] }],
  [/-freebsd-x64$/, { os: ['freebsd'], cpu: ['x64'] }],
  [/-linux-arm-gnueabihf$/, { os: ['linux'], cpu: ['arm'], libc: ['glibc'] }],
  [/-linux-arm64-gnu$/, { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] }],
  [/-linux-arm64-musl$/, { os: ['linux'], cpu: ['arm64'], libc: ['musl'] }],
  [/-linux-arm64$/, { os: ['linux'], cpu: ['arm64'] }],
  [/-win32-arm64(-msvc)?$/, { os: ['win32'], cpu: ['arm64'] }],
  [/-win32-ia32(-msvc)?$/, { os: ['win32'], cpu: ['ia32'] }],
  [/-win32-x64(-msvc)?$/, { os: ['win32'], cpu: ['x64'] }],
];

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
let added = 0;
for (const [key, node] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(node.optionalDependencies ?? {})) {
    const nested = `${key}/node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[hoisted]) continue;
    const platform = PLATFORM.find(([pattern]) => pattern.test(name))?.[1];
    if (!platform) {
      console.error(`complete-lockfile: ${name}@${version} is missing and its platform is unknown; add a pattern for it`);
      process.exitCode = 1;
      continue;
    }
    lock.packages[hoisted] = { version, optional: true, ...platform };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: ${added} platform entries added`);
