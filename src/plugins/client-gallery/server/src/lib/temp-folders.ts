import crypto from 'crypto';
import os from 'os';
import path from 'path';

/**
 * The plugin's temp folders say which process made them, so a sweeper can remove those of
 * processes that died (kill -9 skips every `finally`) and never touch a live one's:
 *
 *   <tmpdir>/client-gallery-<kind>-<host>-<pid>-<6 random characters from mkdtemp>
 *
 * `host` is a short digest of the machine's hostname (a temp dir may be shared, e.g. a mounted
 * volume, and a pid means nothing on another machine). A folder is removed when:
 * - it is of this host and its pid is gone (the process died), whatever its age; or
 * - its process cannot be checked (another host, or a name from before this scheme) and it has not
 *   changed for `staleMs`. This also covers a pid reused by an unrelated process: the folder then
 *   looks alive until it is that old.
 * A folder of this very process is never removed.
 */
const PREFIX = 'client-gallery-';
export const TEMP_KINDS = ['upload', 'source', 'markup', 'comparison'] as const;
export type TempKind = (typeof TEMP_KINDS)[number];

const NAME = new RegExp(`^${PREFIX}(${TEMP_KINDS.join('|')})-([0-9a-f]{8})-(\\d{1,10})-[A-Za-z0-9]{6}$`);
/** Names of the plugin's temp folders before they carried host and pid. */
const LEGACY = /^(?:client-gallery-upload-|cg-source-|cg-markup-|cg-comparison-)[A-Za-z0-9]{6}$/;

export function hostTag(hostname = os.hostname()): string {
  return crypto.createHash('sha256').update(hostname).digest('hex').slice(0, 8);
}

/** The prefix to give fs.mkdtemp for a temp folder of this process. */
export function tempFolderPrefix(dir: string, kind: TempKind, pid = process.pid, host = hostTag()): string {
  return path.join(dir, `${PREFIX}${kind}-${host}-${pid}-`);
}

export interface TempFolderName {
  kind: TempKind;
  host: string;
  pid: number;
}

/** Host and pid of a folder name this plugin made; `legacy` for an older name; null for anything else. */
export function parseTempFolder(name: string): TempFolderName | 'legacy' | null {
  const match = NAME.exec(name);
  if (match) return { kind: match[1] as TempKind, host: match[2], pid: Number(match[3]) };
  return LEGACY.test(name) ? 'legacy' : null;
}

export interface TempFolderFacts {
  name: string;
  /** Milliseconds since the folder last changed. */
  ageMs: number;
  host: string;
  ownPid: number;
  /** Whether a process with this pid exists on this host. */
  pidAlive: (pid: number) => boolean;
  staleMs: number;
}

/** Whether the sweeper removes this folder (see above). */
export function tempFolderVerdict({ name, ageMs, host, ownPid, pidAlive, staleMs }: TempFolderFacts): 'remove' | 'keep' {
  const parsed = parseTempFolder(name);
  if (parsed === null) return 'keep';
  if (parsed !== 'legacy' && parsed.host === host) {
    if (parsed.pid === ownPid) return 'keep';
    if (!pidAlive(parsed.pid)) return 'remove';
  }
  return ageMs >= staleMs ? 'remove' : 'keep';
}

/** Whether a process with this pid exists here (signal 0 checks without sending anything). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A provider's half-written file (`<key>.<12 hex>.part`, written beside the target and renamed). */
export const isPartFile = (key: string) => /\.[0-9a-f]{12}\.part$/.test(key);
