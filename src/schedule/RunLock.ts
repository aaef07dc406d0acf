import { open, readFile, unlink } from 'node:fs/promises';

/**
 * A lock file so scheduled runs never overlap, even across processes: created exclusively
 * (O_EXCL) with the holder's pid; a lock whose pid is gone is stale and taken over.
 */
export class RunLock {
  private held = false;

  constructor(readonly path: string) {}

  /** True if acquired; false if a live process holds it. */
  async tryAcquire(job: string): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(this.path, 'wx');
        await handle.writeFile(JSON.stringify({ pid: process.pid, job, since: new Date().toISOString() }));
        await handle.close();
        this.held = true;
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = await this.holder();
        if (holder !== null && isAlive(holder)) return false;
        await unlink(this.path).catch(() => undefined);
      }
    }
    return false;
  }

  async holder(): Promise<number | null> {
    try {
      const pid = Number(JSON.parse(await readFile(this.path, 'utf8')).pid);
      return Number.isInteger(pid) ? pid : null;
    } catch {
      return null;
    }
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await unlink(this.path).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
