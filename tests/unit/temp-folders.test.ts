import path from 'path';
import { isPartFile, parseTempFolder, tempFolderPrefix, tempFolderVerdict } from '../../src/plugins/client-gallery/server/src/lib/temp-folders';

/** Which temp folders the leftover sweeper removes: those of dead processes, never a live one's. */
const HOST = '0a1b2c3d';
const OTHER_HOST = 'ffffffff';
const HOUR = 3600_000;
const alive = new Set([100, 200]);
const facts = (name: string, ageMs: number) => ({ name, ageMs, host: HOST, ownPid: 100, pidAlive: (pid: number) => alive.has(pid), staleMs: 24 * HOUR });

describe('temp folders', () => {
  it('names a folder with its kind, host and pid, and reads them back', () => {
    const prefix = tempFolderPrefix('/tmp', 'upload', 4242, HOST);
    expect(prefix).toBe(path.join('/tmp', `client-gallery-upload-${HOST}-4242-`));
    expect(parseTempFolder(`${path.basename(prefix)}Ab12Cd`)).toEqual({ kind: 'upload', host: HOST, pid: 4242 });
  });

  it.each<[string, string, number, 'remove' | 'keep']>([
    ['a dead process of this host, just made', `client-gallery-upload-${HOST}-300-Ab12Cd`, 0, 'remove'],
    ['a dead process of this host, old', `client-gallery-markup-${HOST}-300-Ab12Cd`, 48 * HOUR, 'remove'],
    ['a live process of this host', `client-gallery-upload-${HOST}-200-Ab12Cd`, HOUR, 'keep'],
    ['a live pid past the stale age (a reused pid)', `client-gallery-source-${HOST}-200-Ab12Cd`, 25 * HOUR, 'remove'],
    ['this very process, however old', `client-gallery-upload-${HOST}-100-Ab12Cd`, 48 * HOUR, 'keep'],
    ['another host, young', `client-gallery-upload-${OTHER_HOST}-300-Ab12Cd`, HOUR, 'keep'],
    ['another host, past the stale age', `client-gallery-comparison-${OTHER_HOST}-300-Ab12Cd`, 25 * HOUR, 'remove'],
    ['an older name, young', 'client-gallery-upload-Ab12Cd', HOUR, 'keep'],
    ['an older name, past the stale age', 'cg-source-Ab12Cd', 25 * HOUR, 'remove'],
    ['a folder that is not ours', 'cg-fixture-Ab12Cd', 48 * HOUR, 'keep'],
    ['a name that only looks like ours', `client-gallery-upload-${HOST}-300-Ab12Cd-extra`, 48 * HOUR, 'keep'],
  ])('%s: %s', (_label, name, ageMs, verdict) => {
    expect(tempFolderVerdict(facts(name, ageMs))).toBe(verdict);
  });

  it.each([
    ['photo.jpg.0123456789ab.part', true],
    ['derivatives/x/thumb.jpg.abcdef012345.part', true],
    ['photo.part', false],
    ['photo.jpg', false],
    ['photo.jpg.0123456789AB.part', false],
  ])('%s is a provider part file: %s', (key, expected) => {
    expect(isPartFile(key as string)).toBe(expected);
  });
});
