import fs from 'fs';
import path from 'path';
import {
  MILESTONE_EVENT,
  MILESTONE_KINDS,
  milestoneKey,
  milestoneOf,
  milestonePayload,
  type ActivityFacts,
  type Reached,
} from '../../src/plugins/client-gallery/server/src/lib/milestones';
import { MILESTONE_TEXT } from '../../src/plugins/client-gallery/server/src/mail-templates';
import type { MilestoneKind } from '../../src/plugins/client-gallery/shared/contracts';

const schema = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../src/plugins/client-gallery/server/src/content-types/activity-event/schema.json'), 'utf8'),
);
const settings = { passwordFailuresAfter: 5 };

describe('milestones', () => {
  it('names the same kinds as the stored enum and the mail texts, and its event as webhooks subscribe to it', () => {
    expect([...MILESTONE_KINDS].sort()).toEqual([...schema.attributes.milestone.enum].sort());
    expect(Object.keys(MILESTONE_TEXT).sort()).toEqual([...MILESTONE_KINDS].sort());
    expect(MILESTONE_EVENT).toBe('client-gallery.milestone');
  });

  describe('milestoneOf: whether an activity event is a milestone', () => {
    it.each<[string, ActivityFacts, Reached | null]>([
      ['a private view', { type: 'view', linkKind: 'private' }, { kind: 'first-view' }],
      ["a general link's view (nobody's)", { type: 'view', linkKind: 'general' }, null],
      ['a private favourite', { type: 'favourite', linkKind: 'private', details: null }, { kind: 'first-favourites' }],
      ["a general link's favourite", { type: 'favourite', linkKind: 'general' }, null],
      ['a download of the whole gallery', { type: 'download', linkKind: 'private', details: { scope: 'full-gallery' } }, { kind: 'full-gallery-download' }],
      ['a package of the whole gallery', { type: 'package', linkKind: 'private', details: { scope: 'full-gallery', imageCount: 3 } }, { kind: 'full-gallery-download' }],
      ['a download that used up the limit', { type: 'download', linkKind: 'private', details: { scope: 'limited' } }, { kind: 'limited-download' }],
      ['a package that used up the limit', { type: 'package', linkKind: 'general', details: { scope: 'limited' } }, { kind: 'limited-download' }],
      ['a download of some photos', { type: 'download', linkKind: 'private', details: { resolution: 'web' } }, null],
      ['a package ordered', { type: 'package', linkKind: 'private', details: { state: 'requested' } }, null],
      ['a package that failed', { type: 'package', linkKind: 'private', details: { state: 'failed', packageId: 'pkg1' } }, { kind: 'package-failed', occurrence: 'pkg1' }],
      ['a failed package with no id', { type: 'package', linkKind: 'private', details: { state: 'failed' } }, { kind: 'package-failed', occurrence: '' }],
      ['a failed download is not a package', { type: 'download', linkKind: 'private', details: { state: 'failed' } }, null],
      ['a confirmed selection, round 2', { type: 'selection-confirmed', linkKind: 'private', details: { round: 2, count: 12 } }, { kind: 'selection-confirmed', occurrence: '2' }],
      ['a confirmed selection with no round', { type: 'selection-confirmed', linkKind: 'private' }, { kind: 'selection-confirmed', occurrence: '0' }],
      ['the 4th wrong password of 5', { type: 'password-failed', linkKind: 'private', details: { failuresInWindow: 4, windowStart: 1700 } }, null],
      ['the 5th wrong password of 5', { type: 'password-failed', linkKind: 'private', details: { failuresInWindow: 5, windowStart: 1700 } }, { kind: 'password-failures', occurrence: '1700' }],
      ['the 6th wrong password (the same window)', { type: 'password-failed', linkKind: 'general', details: { failuresInWindow: 6, windowStart: 1700 } }, { kind: 'password-failures', occurrence: '1700' }],
      ['one comment (the digest tells)', { type: 'comment', linkKind: 'private' }, null],
      ['a deadline event (the deadline task tells)', { type: 'deadline-passed', linkKind: 'private' }, null],
      ['a claim', { type: 'access-claimed', linkKind: 'private' }, null],
      ['a reminder', { type: 'reminder-sent', linkKind: 'private' }, null],
      ['an invitation', { type: 'invitation-sent', linkKind: 'private' }, null],
      ['a staff download', { type: 'staff-download', linkKind: 'private' }, null],
    ])('%s', (_label, event, expected) => {
      expect(milestoneOf(event, settings)).toEqual(expected);
    });

    it('counts password failures against the setting', () => {
      const event: ActivityFacts = { type: 'password-failed', linkKind: 'private', details: { failuresInWindow: 3, windowStart: 9 } };
      expect(milestoneOf(event, { passwordFailuresAfter: 3 })).toEqual({ kind: 'password-failures', occurrence: '9' });
      expect(milestoneOf(event, { passwordFailuresAfter: 4 })).toBeNull();
    });
  });

  describe('milestoneKey: the stored once-only keys, unchanged', () => {
    it.each<[MilestoneKind, { linkId?: number; galleryId?: number }, string | undefined, string]>([
      ['first-view', { linkId: 7 }, undefined, '7:first-view'],
      ['first-favourites', { linkId: 7 }, undefined, '7:first-favourites'],
      ['full-gallery-download', { linkId: 7 }, undefined, '7:full-gallery-download'],
      ['limited-download', { linkId: 7 }, undefined, '7:limited-download'],
      ['password-failures', { linkId: 7 }, '1700', '7:password-failures:1700'],
      ['selection-confirmed', { linkId: 7, galleryId: 3 }, '2', '7:selection-confirmed:2'],
      ['new-comments', { linkId: 7 }, 'a1b2c3', '7:new-comments:a1b2c3'],
      ['deadline-passed', { galleryId: 3 }, '2030-01-10', 'gallery:3:deadline-passed:2030-01-10'],
      ['package-failed', { linkId: 7 }, 'pkg1', '7:package-failed:pkg1'],
      ['package-failed', { linkId: 7 }, '', '7:package-failed:'],
    ])('%s', (kind, about, occurrence, expected) => {
      expect(milestoneKey(kind, about, occurrence)).toBe(expected);
    });

    it.each<[string, () => string]>([
      ['a link kind without its link', () => milestoneKey('first-view', { galleryId: 3 })],
      ['a gallery kind without its gallery', () => milestoneKey('deadline-passed', { linkId: 7 }, '2030-01-10')],
      ['a round kind without its round', () => milestoneKey('selection-confirmed', { linkId: 7 })],
    ])('refuses %s', (_label, make) => {
      expect(make).toThrow();
    });
  });

  describe('milestonePayload: what the webhook carries', () => {
    const at = '2030-01-11T00:00:30.000Z';
    const link = { documentId: 'link1', kind: 'private' as const, recipientEmail: 'ana@client.test', tokenHash: 'SECRET', passwordHash: 'SECRET' };
    it.each<[string, Parameters<typeof milestonePayload>[0], Record<string, number>]>([
      ['first view: no counts', { documentId: 'e1', kind: 'first-view', createdAt: at, link }, {}],
      ['a package of the whole gallery: its photos', { documentId: 'e1', kind: 'full-gallery-download', createdAt: at, link, details: { scope: 'full-gallery', imageCount: 12, resolution: 'web' } }, { photos: 12 }],
      ['a single download: no count it does not have', { documentId: 'e1', kind: 'limited-download', createdAt: at, link, details: { scope: 'limited', imageCount: undefined } }, {}],
      ['wrong passwords: the failures', { documentId: 'e1', kind: 'password-failures', createdAt: at, link, details: { failuresInWindow: 5, windowStart: 1700 } }, { failures: 5 }],
      ['a selection: photos and round', { documentId: 'e1', kind: 'selection-confirmed', createdAt: at, link, details: { round: 2, count: 12 } }, { photos: 12, round: 2 }],
      ['new comments: how many', { documentId: 'e1', kind: 'new-comments', createdAt: at, link, details: { count: 3 } }, { comments: 3 }],
      ['a failed package: its photos, not its reason', { documentId: 'e1', kind: 'package-failed', createdAt: at, link, details: { imageCount: 4, reason: 'ENOSPC /srv/x', packageId: 'p' } }, { photos: 4 }],
      ['a count that is not a number is left out', { documentId: 'e1', kind: 'new-comments', createdAt: at, link, details: { count: '3' } }, {}],
    ])('%s', (_label, event, counts) => {
      const payload = milestonePayload(event);
      expect(payload.counts).toEqual(counts);
      expect(Object.keys(payload).sort()).toEqual(['at', 'client', 'counts', 'gallery', 'id', 'kind', 'link', 'recipientEmail']);
      expect(JSON.stringify(payload)).not.toMatch(/SECRET|ENOSPC|hash|token/i);
    });

    it('names a private link, its gallery and client by documentId, with the recipient and the time', () => {
      const payload = milestonePayload({
        documentId: 'e1',
        kind: 'first-view',
        createdAt: new Date(at),
        link,
        gallery: { documentId: 'g1', title: 'Wedding' } as any,
        client: { documentId: 'c1', name: 'Ana' } as any,
      });
      expect(payload).toEqual({ id: 'e1', kind: 'first-view', at, client: 'c1', gallery: 'g1', link: 'link1', recipientEmail: 'ana@client.test', counts: {} });
    });

    it("leaves out a general link's recipient, and names no link for a gallery's deadline", () => {
      expect(milestonePayload({ documentId: 'e1', kind: 'limited-download', createdAt: at, link: { documentId: 'l2', kind: 'general', recipientEmail: 'x@y.test' } }).recipientEmail).toBeNull();
      expect(milestonePayload({ documentId: 'e2', kind: 'deadline-passed', createdAt: at, link: null, gallery: { documentId: 'g1' }, client: null })).toMatchObject({
        link: null,
        recipientEmail: null,
        gallery: 'g1',
        client: null,
      });
    });
  });
});
