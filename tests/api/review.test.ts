import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink, setStatus } from '../helpers/share';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';

/**
 * Advanced review: PUT /api/share/:token/images/:imageId/review {decision, note?},
 * GET /api/share/:token/review, and the studio's checklist and "back to in review".
 */
const MARKS = 'plugin::client-gallery.review-mark';
let booted: BootedStrapi;
let strapi: Core.Strapi;
let fileId: number;
let sequence = 0;
let studio: string;
let viewer: string;

const http = () => request(booted.baseUrl);

async function reviewLink(options: { reviewEnabled?: boolean; kind?: 'private' | 'general' } = {}) {
  sequence += 1;
  const { gallery, images } = await makeGallery(strapi, `Review ${sequence}`, fileId, { images: 3, extra: { reviewEnabled: options.reviewEnabled ?? true } });
  const kind = options.kind ?? 'private';
  const { link, token } = await makeLink(strapi, gallery.documentId, kind === 'private' ? { recipientEmail: `rev-${sequence}@client.test` } : { kind });
  return { gallery, link, token, ids: images.map((image: any) => image.documentId as string) };
}

const marksOf = (linkId: number) => strapi.db.query(MARKS).count({ where: { link: { id: linkId } } });

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  fileId = (await uploadFile(strapi, await makeJpeg(31), 'review.jpg')).id;
  studio = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'review studio')).token;
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'review viewer')).token;
});


describe('advanced review', () => {
  describe('refusals', () => {
    it('refuses marks where the gallery has no advanced review, and on a general link before a claim', async () => {
      const off = await reviewLink({ reviewEnabled: false });
      const res = await http().put(`/api/share/${off.token}/images/${off.ids[0]}/review`).send({ decision: 'approved' });
      expect(res.body.error).toMatchObject({
        status: 403,
        name: 'ActionNotAllowedError',
        details: { reason: 'advanced review is not enabled for this gallery' },
      });
      const general = await reviewLink({ kind: 'general' });
      expect((await http().put(`/api/share/${general.token}/images/${general.ids[0]}/review`).send({ decision: 'approved' })).body.error.name).toBe(
        'ClaimRequiredError',
      );
      expect(await marksOf(off.link.id)).toBe(0);
    });

    it.each([
      ['no decision', {}],
      ['an unknown decision', { decision: 'maybe' }],
      ['"in review" (the studio sets it)', { decision: 'in-review' }],
      ['changes requested without a note', { decision: 'changes-requested' }],
      ['changes requested with a blank note', { decision: 'changes-requested', note: '   ' }],
      ['a note past 2000 characters', { decision: 'changes-requested', note: 'n'.repeat(2001) }],
      ['unknown fields', { decision: 'approved', stars: 5 }],
    ])('answers %s with 400 and stores nothing', async (_label, body) => {
      const { link, token, ids } = await reviewLink();
      expect((await http().put(`/api/share/${token}/images/${ids[0]}/review`).send(body)).status).toBe(400);
      expect(await marksOf(link.id)).toBe(0);
    });

    it('refuses marks once the gallery is locked, yet shows them', async () => {
      const { gallery, token, ids } = await reviewLink();
      await http().put(`/api/share/${token}/images/${ids[0]}/review`).send({ decision: 'approved' });
      await setStatus(strapi, gallery.documentId, 'locked');
      expect((await http().put(`/api/share/${token}/images/${ids[1]}/review`).send({ decision: 'approved' })).status).toBe(403);
      expect((await http().get(`/api/share/${token}/review`)).body.data).toMatchObject({ open: false, marks: [{ imageId: ids[0], decision: 'approved' }] });
    });

    it('lets only an admin with Modify set a photo back to in review, and only a marked photo', async () => {
      const { link, token, ids } = await reviewLink();
      await http().put(`/api/share/${token}/images/${ids[0]}/review`).send({ decision: 'changes-requested', note: 'Softer skin' });
      const path = (id: string) => `/client-gallery/links/${link.documentId}/review/${id}/in-review`;
      expect((await http().post(path(ids[0])).set('Authorization', `Bearer ${viewer}`)).status).toBe(403);
      expect((await http().post(path(ids[1])).set('Authorization', `Bearer ${studio}`)).status).toBe(404);
    });
  });

  describe('the happy path', () => {
    it('marks photos, changes its mind, and the studio sets one back to in review after a new version', async () => {
      const { link, token, ids } = await reviewLink();
      const approved = await http().put(`/api/share/${token}/images/${ids[0]}/review`).send({ decision: 'approved' });
      expect(approved.status).toBe(200);
      expect(approved.body.data).toMatchObject({ imageId: ids[0], decision: 'approved', note: null, decidedBy: 'client' });
      await http().put(`/api/share/${token}/images/${ids[1]}/review`).send({ decision: 'changes-requested', note: ' Remove the sign in the back ' });
      // Changing one's mind updates the one mark (link, photo): never a second.
      await http().put(`/api/share/${token}/images/${ids[0]}/review`).send({ decision: 'changes-requested', note: 'Actually, brighter' });
      expect(await marksOf(link.id)).toBe(2);

      const checklist = await http().get(`/client-gallery/links/${link.documentId}/review`).set('Authorization', `Bearer ${viewer}`);
      expect(checklist.body.data.map((m: any) => [m.imageId, m.decision, m.note])).toEqual([
        [ids[0], 'changes-requested', 'Actually, brighter'],
        [ids[1], 'changes-requested', 'Remove the sign in the back'],
      ]);
      const back = await http().post(`/client-gallery/links/${link.documentId}/review/${ids[1]}/in-review`).set('Authorization', `Bearer ${studio}`);
      expect(back.body.data).toMatchObject({ imageId: ids[1], decision: 'in-review', decidedBy: 'studio', note: 'Remove the sign in the back' });
      const mine = await http().get(`/api/share/${token}/review`);
      expect(mine.body.data.open).toBe(true);
      expect(mine.body.data.marks.map((m: any) => [m.imageId, m.decision])).toEqual([
        [ids[0], 'changes-requested'],
        [ids[1], 'in-review'],
      ]);
    });

    it('leaves one mark for 10 concurrent marks of one photo', async () => {
      const { link, token, ids } = await reviewLink();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          http()
            .put(`/api/share/${token}/images/${ids[2]}/review`)
            .send(i % 2 ? { decision: 'approved' } : { decision: 'changes-requested', note: `try ${i}` }),
        ),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(await marksOf(link.id)).toBe(1);
    });
  });
});
