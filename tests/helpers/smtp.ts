import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback (npm smtp-server) that keeps every message it receives,
 * with a small MIME reader good enough for the mails this app sends (text + HTML alternatives,
 * quoted-printable or base64).
 */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

function unfoldHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split(/\r\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset, encoding, text) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x: string, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
  ).replace(/\?=\s+=\?/g, '');
}

function decodeBody(body: string, encoding = ''): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function parsePart(raw: string, out: { text: string; html: string }) {
  const split = raw.indexOf('\r\n\r\n');
  const headers = unfoldHeaders(split >= 0 ? raw.slice(0, split) : raw);
  const body = split >= 0 ? raw.slice(split + 4) : '';
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      parsePart(part.replace(/^\r\n/, ''), out);
    }
    return headers;
  }
  const decoded = decodeBody(body, headers['content-transfer-encoding']);
  if (/text\/html/i.test(type)) out.html += decoded;
  else if (/text\/plain/i.test(type)) out.text += decoded;
  return headers;
}

export function parseMail(raw: string, envelope: { from: string; to: string[] }): ReceivedMail {
  const out = { text: '', html: '' };
  const headers = parsePart(raw, out);
  return { ...envelope, subject: decodeWords(headers.subject ?? ''), text: out.text, html: out.html, raw };
}

export interface TestSmtp {
  port: number;
  messages: ReceivedMail[];
  /** Resolves with the first message (received so far or later) matching `predicate`. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  stop(): Promise<void>;
  /** Listen again on the same port after stop() (the "SMTP server is back" case). */
  start(): Promise<void>;
  /** While true the server is up but refuses every recipient with 451 (a temporary failure); `refused` counts those refusals. */
  refusing: boolean;
  readonly refused: number;
}

export async function startSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const state = { refusing: false, refused: 0 };
  let server: SMTPServer;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onRcptTo(_address, _session, callback) {
          if (!state.refusing) return callback();
          state.refused += 1;
          callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            const envelope = {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            };
            messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), envelope));
            callback();
          });
        },
      });
      server.on('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.server.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    get port() {
      return port;
    },
    messages,
    get refusing() {
      return state.refusing;
    },
    set refusing(value: boolean) {
      state.refusing = value;
    },
    get refused() {
      return state.refused;
    },
    async waitFor(predicate, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching mail within ${timeoutMs} ms; got: ${messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    start: listen,
  };
}

/** SMTP settings for bootStrapi(…, env) pointing at this server. */
export function smtpEnv(smtp: TestSmtp, extra: Record<string, string> = {}) {
  return { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_SECURE: 'false', SMTP_IGNORE_TLS: 'true', SMTP_TIMEOUT_MS: '3000', SMTP_FROM: 'Studio <studio@studio.test>', ...extra };
}

/** The share token in a mailed gallery link (…/g/<token>). */
export function tokenFromMail(mail: ReceivedMail): string {
  const match = /\/g\/([A-Za-z0-9_.%-]+)/.exec(mail.text);
  if (!match) throw new Error(`no gallery link in mail: ${mail.text}`);
  return decodeURIComponent(match[1]);
}
