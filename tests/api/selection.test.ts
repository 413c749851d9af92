import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink, setStatus } from '../helpers/share';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import type { TestSmtp } from '../helpers/smtp';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import type { ProfileBoot } from '../helpers/profiles';
import { useProfile } from '../helpers/shared-boot';

/**
 * The proofing selection on the public share API: GET/PUT/DELETE
 * /api/share/:token/selection[/:imageId], POST …/selection/confirm, and the studio's reopen and
 * compare. Refusals first, then the happy path; the limits also hold across two processes.
 */
const ITEMS = 'plugin::client-gallery.selection-item';
const ROUNDS = 'plugin::client-gallery.selection';
let booted: ProfileBoot;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let worker: StrapiWorker;
let fileId: number;
let sequence = 0;
let studio: string;
let viewer: string;

const http = () => request(booted.baseUrl);
const PROOFING = { selectionAllowed: true, selectionMin: 2, selectionMax: 10 };

/** A published gallery with `images` photos and a private link to it. */
async function proofingLink(
  options: { images?: number; status?: 'proofing' | 'locked' | 'ready' | 'archived'; extra?: Record<string, unknown>; kind?: 'private' | 'general' } = {},
) {
  sequence += 1;
  const { gallery, images } = await makeGallery(strapi, `Selection ${sequence}`, fileId, {
    images: options.images ?? 4,
    status: options.status,
    extra: { ...PROOFING, ...options.extra },
  });
  const kind = options.kind ?? 'private';
  const { link, token } = await makeLink(
    strapi,
    gallery.documentId,
    kind === 'private' ? { recipientEmail: `sel-${sequence}@client.test`, recipientName: `Client ${sequence}` } : { kind },
  );
  return { gallery, link, token, ids: images.map((image: any) => image.documentId as string) };
}

const itemCount = (linkId: number) => strapi.db.query(ITEMS).count({ where: { link: { id: linkId } } });
const roundCount = (linkId: number) => strapi.db.query(ROUNDS).count({ where: { link: { id: linkId } } });

beforeAll(async () => {
  booted = await useProfile('smtp');
  smtp = booted.smtp!;
  strapi = booted.strapi;
  fileId = (await uploadFile(strapi, await makeJpeg(17), 'selection.jpg')).id;
  studio = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'proofing studio')).token;
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'proofing viewer')).token;
  worker = await startStrapiWorker(booted.env);
});

afterAll(async () => {
  await worker?.stop();
});

describe('selection', () => {
  describe('refusals', () => {
    it('answers an unknown token with the same 404 on every selection route', async () => {
      const bad = 'n'.repeat(43);
      expect((await http().get(`/api/share/${bad}/selection`)).status).toBe(404);
      expect((await http().put(`/api/share/${bad}/selection/abc`)).status).toBe(404);
      expect((await http().delete(`/api/share/${bad}/selection/abc`)).status).toBe(404);
      expect((await http().post(`/api/share/${bad}/selection/confirm`)).status).toBe(404);
    });

    it('refuses to select where the gallery does not allow selection, and stores nothing', async () => {
      const { link, token, ids } = await proofingLink({ extra: { selectionAllowed: false } });
      const res = await http().put(`/api/share/${token}/selection/${ids[0]}`);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'ActionNotAllowedError',
        details: { action: 'select', reason: 'selection is not enabled for this gallery' },
      });
      expect(await itemCount(link.id)).toBe(0);
    });

    it.each(['locked', 'ready', 'archived'] as const)('refuses to change the selection outside proofing (%s), yet shows it read-only', async (status) => {
      const { link, token, ids, gallery } = await proofingLink();
      expect((await http().put(`/api/share/${token}/selection/${ids[0]}`)).status).toBe(200);
      await setStatus(strapi, gallery.documentId, status);
      expect((await http().put(`/api/share/${token}/selection/${ids[1]}`)).body.error).toMatchObject({ status: 403, name: 'ActionNotAllowedError' });
      expect((await http().delete(`/api/share/${token}/selection/${ids[0]}`)).status).toBe(403);
      expect((await http().post(`/api/share/${token}/selection/confirm`)).status).toBe(403);
      const view = await http().get(`/api/share/${token}/selection`);
      expect(view.status).toBe(200);
      expect(view.body.data).toMatchObject({ items: [{ id: ids[0] }], count: 1, open: false });
      expect(await itemCount(link.id)).toBe(1);
    });

    it('asks a general link to claim first, for reading and for selecting', async () => {
      const { token, ids } = await proofingLink({ kind: 'general' });
      for (const res of [await http().get(`/api/share/${token}/selection`), await http().put(`/api/share/${token}/selection/${ids[0]}`)]) {
        expect(res.status).toBe(403);
        expect(res.body.error).toMatchObject({ name: 'ClaimRequiredError', details: { claim: 'POST /api/share/:token/claim' } });
      }
    });

    it('answers a photo of another gallery with the same 404 as an unknown link', async () => {
      const mine = await proofingLink();
      const other = await proofingLink();
      expect((await http().put(`/api/share/${mine.token}/selection/${other.ids[0]}`)).status).toBe(404);
      expect((await http().put(`/api/share/${mine.token}/selection/${'x'.repeat(65)}`)).status).toBe(404);
      expect(await itemCount(mine.link.id)).toBe(0);
    });

    it('refuses the photo past max with 409 SelectionFull, and keeps the max', async () => {
      const { link, token, ids } = await proofingLink({ images: 4, extra: { selectionMin: 1, selectionMax: 3 } });
      for (const id of ids.slice(0, 3)) expect((await http().put(`/api/share/${token}/selection/${id}`)).status).toBe(200);
      const res = await http().put(`/api/share/${token}/selection/${ids[3]}`);
      expect(res.status).toBe(409);
      expect(res.body.error.details).toEqual({ name: 'SelectionFull', max: 3, count: 3 });
      // Selecting one already selected is not "one more".
      expect((await http().put(`/api/share/${token}/selection/${ids[0]}`)).status).toBe(200);
      expect(await itemCount(link.id)).toBe(3);
    });

    it('refuses to confirm under min (or empty) with 409 SelectionTooSmall, and freezes nothing', async () => {
      const { link, token, ids } = await proofingLink({ extra: { selectionMin: 2 } });
      const empty = await http().post(`/api/share/${token}/selection/confirm`);
      expect(empty.status).toBe(409);
      expect(empty.body.error.details).toEqual({ name: 'SelectionTooSmall', min: 2, count: 0 });
      await http().put(`/api/share/${token}/selection/${ids[0]}`);
      expect((await http().post(`/api/share/${token}/selection/confirm`)).body.error.details).toEqual({ name: 'SelectionTooSmall', min: 2, count: 1 });
      expect(await roundCount(link.id)).toBe(0);
    });

    it('refuses every change after confirm with 409 SelectionConfirmed, until the studio reopens', async () => {
      const { link, token, ids } = await proofingLink();
      for (const id of ids.slice(0, 2)) await http().put(`/api/share/${token}/selection/${id}`);
      expect((await http().post(`/api/share/${token}/selection/confirm`)).status).toBe(201);
      for (const res of [
        await http().put(`/api/share/${token}/selection/${ids[2]}`),
        await http().delete(`/api/share/${token}/selection/${ids[0]}`),
        await http().post(`/api/share/${token}/selection/confirm`),
      ]) {
        expect(res.status).toBe(409);
        expect(res.body.error.details).toEqual({ name: 'SelectionConfirmed', round: 1 });
      }
      expect(await itemCount(link.id)).toBe(2);
      expect(await roundCount(link.id)).toBe(1);
    });

    it('lets only an admin with Modify reopen, with a reason; reopening an open selection is 409', async () => {
      const { link, token, ids } = await proofingLink();
      const reopen = (bearer: string | null, body: unknown) => {
        const req = http().post(`/client-gallery/links/${link.documentId}/selection/reopen`);
        return (bearer ? req.set('Authorization', `Bearer ${bearer}`) : req).send(body as object);
      };
      expect((await reopen(null, { reason: 'x' })).status).toBe(401);
      expect((await reopen(studio, { reason: 'Please pick one more' })).body.error.details).toEqual({ name: 'SelectionNotConfirmed' });
      for (const id of ids.slice(0, 2)) await http().put(`/api/share/${token}/selection/${id}`);
      await http().post(`/api/share/${token}/selection/confirm`);
      expect((await reopen(viewer, { reason: 'x' })).status).toBe(403);
      expect((await reopen(studio, { reason: '   ' })).status).toBe(400);
      expect((await reopen(studio, { reason: 'y'.repeat(2001) })).status).toBe(400);
      expect((await reopen(studio, {})).status).toBe(400);
      expect((await http().get(`/api/share/${token}/selection`)).body.data).toMatchObject({ round: 1, confirmedAt: expect.any(String), open: false });
      expect(
        (
          await http()
            .get(`/client-gallery/links/${'z'.repeat(24)}/selection`)
            .set('Authorization', `Bearer ${studio}`)
        ).status,
      ).toBe(404);
    });
  });

  describe('the happy path', () => {
    it('selects, unselects and lists in selection order, apart from favourites', async () => {
      const { token, ids } = await proofingLink({ images: 4 });
      expect((await http().put(`/api/share/${token}/favourites/${ids[3]}`)).status).toBe(200);
      for (const id of [ids[2], ids[0], ids[1]]) {
        const res = await http().put(`/api/share/${token}/selection/${id}`);
        expect(res.status).toBe(200);
        expect(res.body.data).toMatchObject({ id, selected: true, max: 10 });
      }
      const removed = await http().delete(`/api/share/${token}/selection/${ids[0]}`);
      expect(removed.body.data).toEqual({ id: ids[0], selected: false, count: 2, max: 10 });
      expect((await http().delete(`/api/share/${token}/selection/${ids[0]}`)).status).toBe(200);

      const view = await http().get(`/api/share/${token}/selection`);
      expect(view.status).toBe(200);
      expect(view.body.data).toEqual({
        items: [
          { id: ids[2], selectedAt: expect.any(String) },
          { id: ids[1], selectedAt: expect.any(String) },
        ],
        count: 2,
        min: 2,
        max: 10,
        round: 1,
        confirmedAt: null,
        reopenReason: null,
        open: true,
      });
      const favourites = await http().get(`/api/share/${token}/images?favourites=true`);
      expect(favourites.body.data.map((image: any) => image.id)).toEqual([ids[3]]);
      // Photo details for the lightbox: the file name as the studio uploaded it.
      expect(favourites.body.data[0]).toMatchObject({ fileName: 'selection.jpg' });
      // The page's "Selected" filter: the visitor's own selection, in the gallery's order.
      const selected = await http().get(`/api/share/${token}/images?selected=true`);
      expect(selected.body.data.map((image: any) => image.id)).toEqual([ids[1], ids[2]]);
      expect((await http().get(`/api/share/${token}/images?selected=true&favourites=true`)).body.data).toEqual([]);
      expect((await http().get(`/api/share/${token}/images?selected=maybe`)).status).toBe(400);
    });

    it('confirms round 1 as a frozen snapshot, notifies the studio once, and shows it read-only', async () => {
      const { link, token, ids } = await proofingLink();
      for (const id of [ids[1], ids[0]]) await http().put(`/api/share/${token}/selection/${id}`);
      const confirmed = await http().post(`/api/share/${token}/selection/confirm`);
      expect(confirmed.status).toBe(201);
      expect(confirmed.body.data).toEqual({
        round: 1,
        confirmedAt: expect.any(String),
        confirmedBy: `Client ${sequence} <sel-${sequence}@client.test>`,
        count: 2,
        items: [ids[1], ids[0]],
        reopenedAt: null,
        reopenReason: null,
      });
      const view = await http().get(`/api/share/${token}/selection`);
      expect(view.body.data).toMatchObject({ round: 1, count: 2, confirmedAt: confirmed.body.data.confirmedAt, open: false });

      await strapi.plugin('client-gallery').service('activity').settled();
      const events = await strapi.db.query('plugin::client-gallery.activity-event').findMany({ where: { link: { id: link.id }, type: 'selection-confirmed' } });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ milestone: 'selection-confirmed', details: { round: 1, count: 2 } });
      const mail = await smtp.waitFor(
        (m) => m.to.includes('studio@studio.test') && m.subject.includes(`Client ${sequence}`) && /confirmed their final selection/.test(m.subject),
      );
      expect(mail.text).toContain(`Selection ${sequence} gallery`);
      expect(smtp.messages.filter((m) => m.subject === mail.subject)).toHaveLength(1);
    });

    it('reopens with a reason the client sees, confirms round 2, and compares the rounds', async () => {
      const { link, token, ids } = await proofingLink({ images: 4 });
      for (const id of [ids[0], ids[1], ids[2]]) await http().put(`/api/share/${token}/selection/${id}`);
      await http().post(`/api/share/${token}/selection/confirm`);

      const reopened = await http()
        .post(`/client-gallery/links/${link.documentId}/selection/reopen`)
        .set('Authorization', `Bearer ${studio}`)
        .send({ reason: 'We lost photo 2 in retouching: choose another' });
      expect(reopened.status).toBe(200);
      expect(reopened.body.data).toMatchObject({ round: 2, confirmed: false, count: 3 });
      const view = await http().get(`/api/share/${token}/selection`);
      expect(view.body.data).toMatchObject({ round: 2, confirmedAt: null, open: true, reopenReason: 'We lost photo 2 in retouching: choose another' });

      await http().delete(`/api/share/${token}/selection/${ids[1]}`);
      await http().put(`/api/share/${token}/selection/${ids[3]}`);
      const second = await http().post(`/api/share/${token}/selection/confirm`);
      expect(second.body.data).toMatchObject({ round: 2, items: [ids[0], ids[2], ids[3]] });

      const rounds = await http().get(`/api/share/${token}/selection/rounds`);
      expect(rounds.body.data.map((r: any) => [r.round, r.count, r.reopenReason])).toEqual([
        [2, 3, null],
        [1, 3, 'We lost photo 2 in retouching: choose another'],
      ]);
      const compare = await http().get(`/client-gallery/links/${link.documentId}/selection/compare?from=1&to=2`).set('Authorization', `Bearer ${viewer}`);
      expect(compare.status).toBe(200);
      expect(compare.body.data).toEqual({ from: 1, to: 2, added: [ids[3]], removed: [ids[1]], kept: [ids[0], ids[2]] });
      expect((await http().get(`/client-gallery/links/${link.documentId}/selection/compare?from=1&to=3`).set('Authorization', `Bearer ${viewer}`)).status).toBe(
        404,
      );
      expect((await http().get(`/client-gallery/links/${link.documentId}/selection/compare?from=one`).set('Authorization', `Bearer ${viewer}`)).status).toBe(
        400,
      );
      expect(await roundCount(link.id)).toBe(2);
    });
  });

  describe('photos taken out of the gallery', () => {
    const takeOut = (galleryDocumentId: string, imageIds: string[]) =>
      http().post(`/client-gallery/galleries/${galleryDocumentId}/images/remove`).set('Authorization', `Bearer ${studio}`).send({ imageIds });
    const selected = async (token: string) => (await http().get(`/api/share/${token}/selection`)).body.data.items.map((item: { id: string }) => item.id);

    it('leave every open selection of the gallery, while a confirmed round keeps them until the studio reopens it', async () => {
      const { gallery, token: open, ids } = await proofingLink({ images: 4 });
      const { link: frozenLink, token: frozen } = await makeLink(strapi, gallery.documentId, { recipientEmail: `sel-frozen-${sequence}@client.test` });
      for (const token of [open, frozen]) for (const id of ids.slice(0, 3)) expect((await http().put(`/api/share/${token}/selection/${id}`)).status).toBe(200);
      expect((await http().post(`/api/share/${frozen}/selection/confirm`)).status).toBe(201);

      expect((await takeOut(gallery.documentId, [ids[0]])).status).toBe(200);
      expect(await selected(open)).toEqual([ids[1], ids[2]]);
      expect((await http().put(`/api/share/${open}/selection/${ids[0]}`)).status).toBe(404);
      // The confirmed round is history: it and the frozen working set still name the photo.
      expect(await selected(frozen)).toEqual([ids[0], ids[1], ids[2]]);
      expect((await http().get(`/api/share/${frozen}/selection/rounds`)).body.data[0].items).toEqual([ids[0], ids[1], ids[2]]);

      const reopened = await http().post(`/client-gallery/links/${frozenLink.documentId}/selection/reopen`).set('Authorization', `Bearer ${studio}`).send({ reason: 'Pick again' });
      expect(reopened.body.data).toMatchObject({ round: 2, confirmed: false, count: 2, items: [ids[1], ids[2]] });
      expect((await http().get(`/api/share/${frozen}/selection/rounds`)).body.data[0].items).toEqual([ids[0], ids[1], ids[2]]);
    });

    it('is never left in a working selection by an add racing its removal on a second process', async () => {
      const second = request(`http://127.0.0.1:${worker.port}`);
      const { gallery, link, token, ids } = await proofingLink({ images: 6 });
      const results = await Promise.all([...ids.slice(0, 5).map((id) => second.put(`/api/share/${token}/selection/${id}`)), takeOut(gallery.documentId, ids.slice(0, 5))]);
      expect(results.slice(0, 5).every((r) => [200, 404].includes(r.status))).toBe(true);
      expect(await itemCount(link.id)).toBe(0);
    });
  });

  describe('under concurrency', () => {
    it('gives exactly max for 20 concurrent adds against a max of 10', async () => {
      const { link, token, ids } = await proofingLink({ images: 20 });
      const results = await Promise.all(ids.map((id) => http().put(`/api/share/${token}/selection/${id}`)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(10);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.error.details.name === 'SelectionFull')).toBe(true);
      expect(results.filter((r) => r.status === 409)).toHaveLength(10);
      expect(await itemCount(link.id)).toBe(10);
    });

    it('gives exactly max for 20 concurrent adds split over two server processes', async () => {
      const { link, token, ids } = await proofingLink({ images: 20 });
      const second = request(`http://127.0.0.1:${worker.port}`);
      const results = await Promise.all(ids.map((id, i) => (i % 2 === 0 ? http() : second).put(`/api/share/${token}/selection/${id}`)));
      expect(results.map((r) => r.status).sort()).toEqual([...Array(10).fill(200), ...Array(10).fill(409)]);
      expect(await itemCount(link.id)).toBe(10);
    });

    it('makes one round of two concurrent confirms, in one process and across two', async () => {
      const second = request(`http://127.0.0.1:${worker.port}`);
      for (const other of [http, () => second]) {
        const { link, token, ids } = await proofingLink();
        for (const id of ids.slice(0, 3)) await http().put(`/api/share/${token}/selection/${id}`);
        const results = await Promise.all([http().post(`/api/share/${token}/selection/confirm`), other().post(`/api/share/${token}/selection/confirm`)]);
        expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
        expect(await roundCount(link.id)).toBe(1);
      }
    });
  });
});
