import { writeCaps, type VisitorWrite } from '../../src/plugins/client-gallery/server/src/lib/visitor-limits';
import { configProblems, DEFAULT_CONFIG } from '../../src/plugins/client-gallery/server/src/config';

/** Which counters a visitor write takes a slot in (lib/visitor-limits.ts). */
const LIMITS = { windowMinutes: 60, commentsPerLink: 120, commentsPerThread: 30, marksPerLink: 5000, packagesPerLink: 30 };

describe('writeCaps', () => {
  it.each<[string, VisitorWrite, Array<{ key: string; max: number }>]>([
    ['a photo comment: its link and its photo thread', { kind: 'comment', linkId: 7, imageId: 42 }, [{ key: 'visitor-write:comment:7', max: 120 }, { key: 'visitor-write:comment:7:42', max: 30 }]],
    ['a gallery comment: its link and the gallery thread', { kind: 'comment', linkId: 7, imageId: null }, [{ key: 'visitor-write:comment:7', max: 120 }, { key: 'visitor-write:comment:7:gallery', max: 30 }]],
    ['a mark: its link', { kind: 'mark', linkId: 7 }, [{ key: 'visitor-write:mark:7', max: 5000 }]],
    ['a package order: its link', { kind: 'package', linkId: 7 }, [{ key: 'visitor-write:package:7', max: 30 }]],
  ])('%s', (_name, write, expected) => {
    expect(writeCaps(write, LIMITS)).toEqual(expected);
  });

  it('keys of different links never meet, and fit the counter column (200)', () => {
    expect(writeCaps({ kind: 'comment', linkId: 1, imageId: 2 }, LIMITS)[1].key).not.toBe(writeCaps({ kind: 'comment', linkId: 12, imageId: null }, LIMITS)[1].key);
    expect(writeCaps({ kind: 'comment', linkId: Number.MAX_SAFE_INTEGER, imageId: Number.MAX_SAFE_INTEGER }, LIMITS)[1].key.length).toBeLessThanOrEqual(200);
  });
});

describe('visitorWrites config', () => {
  it.each([
    ['the defaults', DEFAULT_CONFIG.visitorWrites, []],
    ['a zero cap', { ...DEFAULT_CONFIG.visitorWrites, commentsPerThread: 0 }, ['visitorWrites.commentsPerThread']],
    ['an unknown key', { ...DEFAULT_CONFIG.visitorWrites, likesPerLink: 3 }, ['visitorWrites']],
  ])('%s', (_name, visitorWrites, paths) => {
    expect(configProblems({ ...DEFAULT_CONFIG, visitorWrites }).map((problem) => problem.split(':')[0])).toEqual(paths);
  });
});
