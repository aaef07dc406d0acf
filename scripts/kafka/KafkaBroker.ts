import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { ConfigError, SourceError } from '../../src/core/PipelineError.ts';
import { Logger } from '../../src/core/Logger.ts';

/**
 * A real single-node Apache Kafka (KRaft, combined broker+controller) for development and tests.
 * The jars come from Maven Central through the machine's `mvn` into the git-ignored
 * `.cache/kafka/<version>/libs`, so only the first start pays for the download. The broker
 * listens on 127.0.0.1 only, on free ports, with its log dir in a fresh temp folder.
 */
export const KAFKA_VERSION = '3.9.1';
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_CACHE_DIR = join(REPO_ROOT, '.cache', 'kafka');

export interface KafkaBrokerOptions {
  cacheDir?: string;
  /** Log dir parent; a fresh temp folder when absent. Removed on stop unless `keepData`. */
  dataDir?: string;
  keepData?: boolean;
  heapMb?: number;
  /** How long to wait for the broker to answer, ms. */
  startTimeoutMs?: number;
  /**
   * true (default): a watchdog kills the JVM when this Node process dies, even by SIGKILL, so a
   * crashed test run leaves no orphan. false: the broker outlives us (`broker.ts start`).
   */
  tiedToParent?: boolean;
  /** Default partition count for topics created without one. */
  defaultPartitions?: number;
}

export interface BrokerState {
  pid: number;
  brokers: string;
  dataDir: string;
  startedAt: string;
}

const log = Logger.for('kafka');

function requireTool(command: string, args: string[]): void {
  const probe = spawnSync(command, args, { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new ConfigError(`\`${command}\` is not available on this machine; the development Kafka broker needs Java 17+ and Maven`, {
      code: 'KAFKA_TOOLING_MISSING',
      hint:
        'install openjdk-17-jre-headless and maven (e.g. `sudo apt-get install -y openjdk-17-jre-headless ' +
        'maven`), or set KAFKA_BROKERS=host:port to use an existing cluster',
    });
  }
}

function pomXml(): string {
  // reload4j gives the broker a logging backend so its log file explains failures.
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>labourflow.dev</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
`;
}

/** Downloads the broker jars once; later calls return the cached folder immediately. */
export async function ensureKafkaJars(cacheDir: string = DEFAULT_CACHE_DIR): Promise<string> {
  const versionDir = join(cacheDir, KAFKA_VERSION);
  const libs = join(versionDir, 'libs');
  const marker = join(versionDir, '.complete');
  if (existsSync(marker)) return libs;
  requireTool('java', ['-version']);
  requireTool('mvn', ['-v']);
  mkdirSync(versionDir, { recursive: true });
  writeFileSync(join(versionDir, 'pom.xml'), pomXml());
  log.info('kafka_jars_fetch', { version: KAFKA_VERSION, into: libs });
  const result = await runProcess('mvn', [
    '-q',
    '-B',
    '-f',
    join(versionDir, 'pom.xml'),
    'dependency:copy-dependencies',
    `-DoutputDirectory=${libs}`,
    '-DincludeScope=runtime',
  ]);
  if (result.code !== 0 || !existsSync(libs) || !readdirSync(libs).some((f) => f.startsWith('kafka_2.13-'))) {
    throw new SourceError(`mvn could not fetch org.apache.kafka:kafka_2.13:${KAFKA_VERSION}: ${result.output.slice(-2000)}`, {
      code: 'KAFKA_FETCH_FAILED',
      retriable: true,
      hint: 'check network access to Maven Central (repo.maven.apache.org) or a mirror in ~/.m2/settings.xml',
    });
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return libs;
}

function runProcess(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function serverProperties(nodeDir: string, brokerPort: number, controllerPort: number, partitions: number): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${brokerPort}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${join(nodeDir, 'data')}`,
    `num.partitions=${partitions}`,
    // One node: every internal topic has one replica; few partitions keep group start-up fast.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=4',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=4',
    'group.initial.rebalance.delay.ms=0',
    // Topics are created explicitly (`labourflow topics create`) so a typo fails instead of silently making a topic.
    'auto.create.topics.enable=false',
    'num.network.threads=2',
    'num.io.threads=2',
    'log.retention.hours=24',
    '',
  ].join('\n');
}

function log4jProperties(nodeDir: string): string {
  return [
    'log4j.rootLogger=WARN, file',
    'log4j.logger.kafka.server.BrokerServer=INFO',
    'log4j.logger.kafka.server.KafkaRaftServer=INFO',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${join(nodeDir, 'server.log')}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    '',
  ].join('\n');
}

/** A running (or stopped) development broker. */
export class KafkaBroker {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly exitHook = (): void => {
    if (this.child?.pid) {
      try {
        process.kill(this.child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };

  private constructor(
    readonly libs: string,
    readonly nodeDir: string,
    readonly brokerPort: number,
    readonly controllerPort: number,
    private readonly options: Required<Omit<KafkaBrokerOptions, 'dataDir' | 'cacheDir'>>,
  ) {}

  /** Fetches the jars if needed, formats a fresh KRaft log dir and starts the broker; resolves when it answers. */
  static async create(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
    requireTool('java', ['-version']);
    const libs = await ensureKafkaJars(options.cacheDir);
    const parent = options.dataDir ?? tmpdir();
    mkdirSync(parent, { recursive: true });
    const nodeDir = mkdtempSync(join(parent, 'labourflow-kafka-'));
    const brokerPort = await freePort();
    let controllerPort = await freePort();
    while (controllerPort === brokerPort) controllerPort = await freePort();
    const broker = new KafkaBroker(libs, nodeDir, brokerPort, controllerPort, {
      keepData: options.keepData ?? false,
      heapMb: options.heapMb ?? 512,
      startTimeoutMs: options.startTimeoutMs ?? 90_000,
      tiedToParent: options.tiedToParent ?? true,
      defaultPartitions: options.defaultPartitions ?? 3,
    });
    writeFileSync(
      join(nodeDir, 'server.properties'),
      serverProperties(nodeDir, brokerPort, controllerPort, broker.options.defaultPartitions),
    );
    writeFileSync(join(nodeDir, 'log4j.properties'), log4jProperties(nodeDir));
    await broker.format();
    await broker.start();
    return broker;
  }

  get brokers(): string {
    return `127.0.0.1:${this.brokerPort}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  private javaArgs(mainClass: string, ...args: string[]): string[] {
    return [
      `-Xmx${this.options.heapMb}m`,
      '-Xms64m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${join(this.nodeDir, 'log4j.properties')}`,
      '-cp',
      `${this.libs}/*`,
      mainClass,
      ...args,
    ];
  }

  private async format(): Promise<void> {
    const clusterId = kraftClusterId();
    const result = await runProcess(
      'java',
      this.javaArgs('kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', join(this.nodeDir, 'server.properties')),
    );
    if (result.code !== 0) {
      throw new SourceError(`formatting the KRaft log dir failed: ${result.output.slice(-2000)}`, { code: 'KAFKA_FORMAT_FAILED' });
    }
  }

  /** Starts the JVM on the same ports and log dir (also used to restart after `stop`). */
  async start(): Promise<void> {
    if (this.child) return;
    const detached = !this.options.tiedToParent;
    const out = detached ? 'ignore' : 'pipe';
    const child = spawn('java', this.javaArgs('kafka.Kafka', join(this.nodeDir, 'server.properties')), {
      stdio: ['ignore', out, out],
      detached,
    });
    let tail = '';
    const keep = (d: Buffer): void => {
      tail = (tail + d.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    let exitedEarly: string | null = null;
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        exitedEarly = `exit code ${code ?? ''}${signal ? ` signal ${signal}` : ''}`;
        if (this.child === child) this.child = null;
        process.off('exit', this.exitHook);
        resolve();
      }),
    );
    if (detached) {
      child.unref();
    } else {
      process.on('exit', this.exitHook);
      this.startWatchdog(child.pid!);
    }
    const deadline = Date.now() + this.options.startTimeoutMs;
    const kafka = new Kafka({
      brokers: [this.brokers],
      clientId: 'labourflow-broker-probe',
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 1000,
    });
    for (;;) {
      if (exitedEarly) {
        throw new SourceError(`the Kafka broker exited during start-up (${exitedEarly}): ${tail}${this.serverLogTail()}`, {
          code: 'KAFKA_START_FAILED',
        });
      }
      const admin = kafka.admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        if (cluster.controller !== null && cluster.brokers.length > 0) {
          await admin.disconnect();
          break;
        }
      } catch {
        // not up yet
      }
      await admin.disconnect().catch(() => undefined);
      if (Date.now() > deadline) {
        await this.stop();
        throw new SourceError(
          `the Kafka broker did not answer on ${this.brokers} within ${this.options.startTimeoutMs} ms${this.serverLogTail()}`,
          {
            code: 'KAFKA_START_TIMEOUT',
            retriable: true,
          },
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    log.info('kafka_broker_started', { brokers: this.brokers, pid: child.pid, dir: this.nodeDir });
  }

  /** Kills the JVM if this Node process dies first (even by SIGKILL, when no exit hook runs). */
  private startWatchdog(jvmPid: number): void {
    const script =
      `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${jvmPid} 2>/dev/null; do sleep 1; done; kill ` +
      `${jvmPid} 2>/dev/null; sleep 10; kill -9 ${jvmPid} 2>/dev/null; exit 0`;
    spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
  }

  private serverLogTail(): string {
    const file = join(this.nodeDir, 'server.log');
    return existsSync(file) ? `\n--- ${file} (tail) ---\n${readFileSync(file, 'utf8').slice(-3000)}` : '';
  }

  /** Stops the JVM (SIGTERM, then SIGKILL after `graceMs`); the log dir is kept so `start` can resume. */
  async stop(graceMs = 20_000): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    log.info('kafka_broker_stopped', { brokers: this.brokers });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the broker and removes its log dir (unless keepData). */
  async close(): Promise<void> {
    await this.stop();
    if (!this.options.keepData) rmSync(this.nodeDir, { recursive: true, force: true });
  }

  state(): BrokerState {
    return { pid: this.pid ?? 0, brokers: this.brokers, dataDir: this.nodeDir, startedAt: new Date().toISOString() };
  }
}

/**
 * A KRaft cluster id: 16 random bytes, base64url without padding. One in 64 starts with '-', which
 * StorageTool's argument parser reads as an option ("--cluster-id: expected one argument"), so
 * such a draw is drawn again, as Kafka's own Uuid.randomUuid does.
 */
export function kraftClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
