import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { createAdmin, createApiToken, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient, createImage, makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeLink } from '../helpers/share';

/**
 * The studio's side of proofing in the plugin: a gallery's proofing options, the
 * Proofing overview per recipient, and exports of a selection or favourites list (CSV, file
 * names, a Lightroom / Capture One filter string). Reads need View, changes need Modify.
 */
const GALLERY = 'plugin::client-gallery.gallery';
let booted: BootedStrapi;
let strapi: Core.Strapi;
let viewer: string;
let modifier: string;
let galleryId: string;
let imageIds: string[];
let link: { documentId: string };
let token: string;

const http = () => request(booted.baseUrl);
const as = (bearer: string) => ({
  get: (path: string) => http().get(`/client-gallery${path}`).set('Authorization', `Bearer ${bearer}`),
  put: (path: string, body: object) => http().put(`/client-gallery${path}`).set('Authorization', `Bearer ${bearer}`).send(body),
  post: (path: string, body: object = {}) => http().post(`/client-gallery${path}`).set('Authorization', `Bearer ${bearer}`).send(body),
});

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'proofing viewer')).token;
  modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'proofing modifier')).token;
  const client = await createClient(strapi, 'Ola Export');
  imageIds = [];
  for (const [i, name] of ['IMG_0101.jpg', 'IMG_0102.jpg', 'IMG_0103.jpg'].entries()) {
    const file = await uploadFile(strapi, await makeJpeg(70 + i), name);
    imageIds.push(
      (
        await createImage(strapi, {
          fileId: file.id,
          clientDocumentId: client.documentId,
          takenAt: `2026-05-0${i + 1}T10:00:00.000Z`,
          label: i === 0 ? 'Ceremony' : undefined,
        })
      ).documentId,
    );
  }
  const gallery = await strapi.documents(GALLERY).create({
    data: { title: 'Ola proofing', client: client.documentId, images: imageIds, cover: imageIds[0], stage: 'proofing', deadline: '2099-01-01' } as any,
  });
  await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
  galleryId = gallery.documentId;
  const made = await makeLink(strapi, galleryId, { recipientEmail: 'ola@client.test', recipientName: 'Ola' });
  link = made.link;
  token = made.token;
});


describe('proofing in the admin', () => {
  describe('gallery options', () => {
    it('refuses options from View-only staff, and bad options with 400, changing nothing', async () => {
      expect((await as(viewer).put(`/galleries/${galleryId}`, { selectionAllowed: true })).status).toBe(403);
      for (const body of [{ selectionMin: 5, selectionMax: 2 }, { selectionMax: 0 }, { selectionMin: -1 }, { commentsAllowed: 'yes' }, { selectionMin: 1.5 }]) {
        expect([body, (await as(modifier).put(`/galleries/${galleryId}`, body)).status]).toEqual([body, 400]);
      }
      expect((await http().get(`/api/share/${token}`)).body.data.selection).toBeNull();
    });

    it('turns on selection with bounds, comments and review, and visitors see it at once', async () => {
      const res = await as(modifier).put(`/galleries/${galleryId}`, {
        selectionAllowed: true,
        selectionMin: 1,
        selectionMax: 2,
        commentsAllowed: true,
        reviewEnabled: true,
        filtersEnabled: false,
      });
      expect(res.status).toBe(200);
      expect(res.body.data.proofing).toEqual({
        selectionAllowed: true,
        selectionMin: 1,
        selectionMax: 2,
        commentsAllowed: true,
        reviewEnabled: true,
        filtersEnabled: false,
        remindersEnabled: true,
        reminderDays: null,
        defaultReminderDays: [3, 1],
      });
      const view = await http().get(`/api/share/${token}`);
      expect(view.body.data).toMatchObject({
        selection: { min: 1, max: 2 },
        commentsAllowed: true,
        reviewEnabled: true,
        filtersEnabled: false,
        link: { can: { select: true, comment: true, review: true } },
      });
    });

    describe('deadline reminders', () => {
      const BAD: Array<[unknown, RegExp]> = [
        [[], /at least one/],
        [[0], /whole days from 1 to 60/],
        [[61], /whole days from 1 to 60/],
        [[1.5], /whole days/],
        [[3, 3], /repeat/],
        [[1, 2, 3, 4, 5, 6], /at most 5/],
        [['3'], /./],
        ['3,1', /./],
      ];

      it('refuses a bad schedule with a 400 that says why, saving nothing (not even the other fields sent with it)', async () => {
        for (const [reminderDays, reason] of BAD) {
          const res = await as(modifier).put(`/galleries/${galleryId}`, { reminderDays, title: 'Renamed by a bad request' });
          expect([reminderDays, res.status]).toEqual([reminderDays, 400]);
          expect(JSON.stringify(res.body.error)).toMatch(reason);
        }
        expect((await as(modifier).put(`/galleries/${galleryId}`, { remindersEnabled: 'no' })).status).toBe(400);
        const rows = await strapi.db.query(GALLERY).findMany({ where: { documentId: galleryId }, select: ['title', 'reminderDays', 'remindersEnabled'] });
        expect(rows.map((row: any) => [row.title, row.reminderDays])).toEqual([
          ['Ola proofing', null],
          ['Ola proofing', null],
        ]);
      });

      it("keeps the gallery's own days (largest first), turns reminders off and back to the default", async () => {
        const own = await as(modifier).put(`/galleries/${galleryId}`, { reminderDays: [2, 7, 14] });
        expect(own.status).toBe(200);
        expect(own.body.data.proofing).toMatchObject({ remindersEnabled: true, reminderDays: [14, 7, 2], defaultReminderDays: [3, 1] });
        const off = await as(modifier).put(`/galleries/${galleryId}`, { remindersEnabled: false });
        expect(off.body.data.proofing).toMatchObject({ remindersEnabled: false, reminderDays: [14, 7, 2] });
        const back = await as(modifier).put(`/galleries/${galleryId}`, { remindersEnabled: true, reminderDays: null });
        expect(back.body.data.proofing).toMatchObject({ remindersEnabled: true, reminderDays: null });
        expect((await as(viewer).put(`/galleries/${galleryId}`, { remindersEnabled: false })).status).toBe(403);
      });

      it('refuses a bad schedule on the REST route too (400, nothing saved)', async () => {
        const apiToken = await createApiToken(strapi);
        const rest = (data: object) => http().put(`/api/galleries/${galleryId}`).set('Authorization', `Bearer ${apiToken}`).send({ data });
        const refused = await rest({ reminderDays: [3, 3] });
        expect(refused.status).toBe(400);
        expect(refused.body.error.message).toMatch(/repeat/);
        const rows = await strapi.db.query(GALLERY).findMany({ where: { documentId: galleryId }, select: ['reminderDays'] });
        expect(rows.every((row: any) => row.reminderDays === null)).toBe(true);
        const accepted = await rest({ reminderDays: [5] });
        expect(accepted.status).toBe(200);
        expect(accepted.body.data.reminderDays).toEqual([5]);
        await rest({ reminderDays: null });
      });
    });
  });

  describe('overview and exports', () => {
    beforeAll(async () => {
      await http().put(`/api/share/${token}/selection/${imageIds[2]}`);
      await http().put(`/api/share/${token}/selection/${imageIds[0]}`);
      await http().put(`/api/share/${token}/favourites/${imageIds[1]}`);
      await http().post(`/api/share/${token}/images/${imageIds[0]}/comments`).send({ body: 'Crop tighter?' });
      await http().put(`/api/share/${token}/images/${imageIds[1]}/review`).send({ decision: 'approved' });
      expect((await http().post(`/api/share/${token}/selection/confirm`)).status).toBe(201);
    });

    it("shows each recipient's favourites, selection with rounds, comments and review marks, with file names", async () => {
      expect((await http().get(`/client-gallery/galleries/${galleryId}/proofing`)).status).toBe(401);
      const res = await as(viewer).get(`/galleries/${galleryId}/proofing`);
      expect(res.status).toBe(200);
      const [recipient] = res.body.data.recipients;
      expect(recipient).toMatchObject({
        link: { documentId: link.documentId, recipientEmail: 'ola@client.test' },
        favourites: [imageIds[1]],
        selection: { round: 1, confirmed: true, count: 2, items: [imageIds[2], imageIds[0]], rounds: [{ round: 1, items: [imageIds[2], imageIds[0]] }] },
        comments: [{ imageId: imageIds[0], body: 'Crop tighter?', author: 'client' }],
        review: [{ imageId: imageIds[1], decision: 'approved' }],
      });
      expect(res.body.data.fileNames).toEqual({ [imageIds[0]]: 'IMG_0101.jpg', [imageIds[1]]: 'IMG_0102.jpg', [imageIds[2]]: 'IMG_0103.jpg' });
      expect(JSON.stringify(res.body)).not.toMatch(/tokenHash|passwordHash|pairKey|roundKey/);
    });

    it('refuses bad export requests: 400 for an unknown list or format, 404 for an unknown link or round', async () => {
      expect((await as(viewer).get(`/links/${link.documentId}/export?list=hearts&format=csv`)).status).toBe(400);
      expect((await as(viewer).get(`/links/${link.documentId}/export?list=selection&format=xlsx`)).status).toBe(400);
      expect((await as(viewer).get(`/links/${'q'.repeat(24)}/export?list=selection&format=csv`)).status).toBe(404);
      expect((await as(viewer).get(`/links/${link.documentId}/export?list=selection&format=csv&round=7`)).status).toBe(404);
    });

    it('exports the selection as CSV, file names and a Lightroom string, and the favourites', async () => {
      const csv = await as(viewer).get(`/links/${link.documentId}/export?list=selection&format=csv&round=1`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe('attachment; filename="selection-ola-client-test-round-1.csv"');
      expect(csv.text.split('\r\n').slice(0, 3)).toEqual([
        'position,file_name,label,taken_at,image_id',
        `1,IMG_0103.jpg,,2026-05-03T10:00:00.000Z,${imageIds[2]}`,
        `2,IMG_0101.jpg,Ceremony,2026-05-01T10:00:00.000Z,${imageIds[0]}`,
      ]);
      expect((await as(viewer).get(`/links/${link.documentId}/export?list=selection&format=filenames`)).text).toBe('IMG_0103.jpg\nIMG_0101.jpg\n');
      expect((await as(viewer).get(`/links/${link.documentId}/export?list=selection&format=lightroom`)).text).toBe('IMG_0103, IMG_0101');
      expect((await as(viewer).get(`/links/${link.documentId}/export?list=favourites&format=filenames`)).text).toBe('IMG_0102.jpg\n');
    });
  });
});
