import { spawn, type ChildProcess } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import net from 'net';
import path from 'path';
import { SMTPServer } from 'smtp-server';

/**
 * The bare host app as its own process: examples/host-app, installed with the packed plugin into
 * HOST_APP_DIR by scripts/host-app-smoke.sh. It runs the host's own `strapi start` (its own
 * node_modules, its own @strapi/strapi), with secrets made here, on a free loopback port.
 */
export interface HostApp {
  dir: string;
  baseUrl: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

export function hostAppDir(): string {
  const dir = process.env.HOST_APP_DIR;
  if (!dir) throw new Error('HOST_APP_DIR is not set: run this suite through `npm run test:host-app` (scripts/host-app-smoke.sh)');
  const resolved = path.resolve(dir);
  if (!fs.existsSync(path.join(resolved, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'))) {
    throw new Error(`${resolved} has no installed @strapi/strapi: run scripts/host-app-smoke.sh`);
  }
  return resolved;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const secret = () => crypto.randomBytes(24).toString('base64');

function tail(file: string, lines = 80): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * The Strapi version the host was installed with: scripts/host-app-smoke.sh passes it (it may
 * install another 5.x than examples/host-app names), else the one examples/host-app names.
 */
export function expectedStrapiVersion(): string {
  if (process.env.HOST_APP_STRAPI_VERSION) return process.env.HOST_APP_STRAPI_VERSION;
  const example = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'examples', 'host-app', 'package.json'), 'utf8'));
  return example.dependencies['@strapi/strapi'];
}

/** The host's database: SQLite files by default, PostgreSQL when the script made one (HOST_APP_DATABASE_CLIENT=postgres). */
export function hostDatabaseClient(): 'sqlite' | 'postgres' {
  return process.env.HOST_APP_DATABASE_CLIENT === 'postgres' ? 'postgres' : 'sqlite';
}

function databaseEnv(freshFile: string): Record<string, string> {
  if (hostDatabaseClient() === 'sqlite') return { DATABASE_FILENAME: process.env.HOST_APP_DATABASE_FILENAME || freshFile };
  const name = process.env.HOST_APP_DATABASE_NAME;
  if (!name) throw new Error('HOST_APP_DATABASE_CLIENT=postgres needs HOST_APP_DATABASE_NAME (a fresh database: scripts/host-app-smoke.sh makes one)');
  return {
    DATABASE_CLIENT: 'postgres',
    DATABASE_HOST: process.env.HOST_APP_DATABASE_HOST ?? '127.0.0.1',
    DATABASE_PORT: process.env.HOST_APP_DATABASE_PORT ?? '5432',
    DATABASE_USERNAME: process.env.HOST_APP_DATABASE_USERNAME ?? 'postgres',
    DATABASE_NAME: name,
  };
}

export interface StartOptions {
  /** A fixed port, so that the host's own URL stays the same from one boot to the next. */
  port?: number;
}

/** Starts the host and resolves once it answers GET /_health. */
export async function startHostApp(extraEnv: Record<string, string>, options: StartOptions = {}): Promise<HostApp> {
  const dir = hostAppDir();
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const stamp = `${Date.now()}-${process.pid}`;
  fs.mkdirSync(path.join(dir, '.tmp'), { recursive: true });
  const logFile = path.join(dir, '.tmp', 'host-app.log');
  const log = fs.createWriteStream(logFile, { flags: 'a' });

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    LANG: process.env.LANG,
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    NODE_ENV: 'production',
    STRAPI_TELEMETRY_DISABLED: 'true',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    APP_KEYS: [secret(), secret(), secret(), secret()].join(','),
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    MEDIA_SIGNING_SECRET: secret(),
    // A fresh database and store per run; the script names the database when a later step
    // (the uninstall check) boots the host on it again, or names a PostgreSQL database it made.
    ...databaseEnv(`.tmp/smoke-${stamp}.db`),
    UPLOAD_DIR: `data/uploads-${stamp}`,
    ...extraEnv,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];

  const child: ChildProcess = spawn(process.execPath, [path.join(dir, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'start'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });

  async function stop() {
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20000).unref())]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    await new Promise<void>((resolve) => log.end(() => resolve()));
  }

  const deadline = Date.now() + 150000;
  for (;;) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`the host app exited (code ${exitCode}) before answering; its log:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/_health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 204 || res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the host app did not answer within 150 s; its log:\n${tail(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { dir, baseUrl, pid: child.pid!, logFile, stop };
}

/** Files the process has mapped (native add-ons, shared libraries): Linux only, else null. */
export function mappedFiles(pid: number): string[] | null {
  try {
    const maps = fs.readFileSync(`/proc/${pid}/maps`, 'utf8');
    return [...new Set(maps.split('\n').map((line) => line.split(/\s+/).slice(5).join(' ')).filter((file) => file.startsWith('/')))];
  } catch {
    return null;
  }
}

/** A loopback SMTP server (npm smtp-server) that keeps what it receives. */
export interface Mailbox {
  port: number;
  mails: Array<{ to: string[]; subject: string; text: string }>;
  waitFor(predicate: (mail: { to: string[]; subject: string; text: string }) => boolean, timeoutMs?: number): Promise<{ to: string[]; subject: string; text: string }>;
  stop(): Promise<void>;
}

function decodeMail(raw: string): { subject: string; text: string } {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, headerEnd).replace(/\r\n[ \t]+/g, ' ');
  const encodedSubject = /^subject:\s*(.*)$/im.exec(headers)?.[1] ?? '';
  const subject = encodedSubject
    .replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=\s*/g, (_m, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    )
    .trim();
  // Good enough for links: undo quoted-printable soft breaks and escapes, and base64 parts.
  let text = raw.slice(headerEnd + 4).replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  for (const block of text.match(/(?:^[A-Za-z0-9+/=]{40,}\r?\n)+/gm) ?? []) text += `\n${Buffer.from(block.replace(/\s+/g, ''), 'base64').toString('utf8')}`;
  return { subject, text };
}

export async function startMailbox(): Promise<Mailbox> {
  const mails: Mailbox['mails'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), ...decodeMail(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as net.AddressInfo).port));
  });
  return {
    port,
    mails,
    async waitFor(predicate, timeoutMs = 30000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching mail within ${timeoutMs} ms; received: ${mails.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ') || 'none'}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The host's own content (examples/host-app/src/api/article): written by the smoke suite while the
 * plugin is installed, and read back by the uninstall check once it is gone.
 */
export const HOST_ARTICLE = { title: 'Opening hours', body: 'Monday to Friday, nine to five.' };

/** Accounts the smoke suite makes (the first admin, a client's portal account) and later checks log in with. */
export const OWNER = { email: 'owner@host.test', password: 'Owner-Passw0rd' };
export const PORTAL_ACCOUNT = { username: 'ada', email: 'ada@client.test', password: 'Client-Passw0rd' };
