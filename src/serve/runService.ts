import { Logger } from '../core/Logger.ts';
import { buildHttpServer, type Api, type RouteModule } from './buildHttpServer.ts';
import { ServiceRuntime, type ServiceRuntimeOptions } from './ServiceRuntime.ts';

export interface RunServiceOptions extends ServiceRuntimeOptions {
  port: number;
  host: string;
  routes: readonly RouteModule[];
  /** After the store is open and before anything listens or ingests (e.g. creating the first admin). */
  prepare?: (runtime: ServiceRuntime) => Promise<void>;
  /** Told the address once the server listens (the command prints it). */
  onListening?: (url: string, runtime: ServiceRuntime, app: Api) => void;
  /** Resolves to stop the service (default: SIGTERM or SIGINT). */
  stopSignal?: Promise<string>;
}

/**
 * `labourflow serve` from start to exit: opens the store, listens (so /health answers 503 while
 * the consumer and scheduler start, then 200), runs until SIGTERM/SIGINT, then shuts down in order:
 * the batch in flight commits and the running job finishes, the scheduler stops, the HTTP server
 * finishes its requests and closes, the store closes. Returns the exit code: 0, or 1 when the
 * consumer failed for good (a supervisor restarts the service; the store's offsets say where).
 */
export async function runService(options: RunServiceOptions): Promise<number> {
  const log = Logger.for('serve');
  let fatal: unknown = null;
  let onFatal!: (reason: string) => void;
  const failed = new Promise<string>((resolve) => {
    onFatal = resolve;
  });
  const runtime = await ServiceRuntime.create({
    ...options,
    onFatal: (error) => {
      fatal = error;
      onFatal('ingest failed');
    },
  });
  let app: Api | null = null;
  const signals = options.stopSignal ? null : waitForSignal();
  try {
    await options.prepare?.(runtime);
    app = await buildHttpServer(runtime, { routes: options.routes });
    const address = await app.listen({ port: options.port, host: options.host });
    options.onListening?.(address, runtime, app);
    log.info('serve_listening', { url: address });
    await runtime.start();
    log.info('serve_ready', { url: address });
  } catch (error) {
    signals?.cancel();
    await app?.close().catch(() => undefined);
    await runtime.close().catch(() => undefined);
    throw error;
  }
  const reason = await Promise.race([options.stopSignal ?? signals!.promise, failed]);
  log.info('serve_shutting_down', { reason });
  try {
    await runtime.stop(reason);
    await app.close();
    await runtime.close();
  } finally {
    // Until here a second signal is only logged, so the shutdown is never cut short.
    signals?.cancel();
  }
  log.info('serve_exited', { reason, code: fatal ? 1 : 0 });
  return fatal ? 1 : 0;
}

function waitForSignal(): { promise: Promise<string>; cancel: () => void } {
  let handler!: (signal: NodeJS.Signals) => void;
  const promise = new Promise<string>((resolve) => {
    handler = (signal) => {
      // A second signal during shutdown changes nothing: the batch in flight still commits.
      Logger.for('serve').info('serve_signal', { signal });
      resolve(`signal ${signal}`);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
  return {
    promise,
    cancel: () => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    },
  };
}
