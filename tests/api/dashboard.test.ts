import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { galleryImageIds, makeGallery, makeLink } from '../helpers/share';
import { countEvents, utcDay } from '../../src/plugins/client-gallery/server/src/lib/activity-counts';
import { clientTabPath, proofingThreadPath } from '../../src/plugins/client-gallery/shared/admin-paths';

/**
 * The studio's dashboard and counts (docs/dashboard.md): what needs attention links where the
 * studio acts on it, a view is one per visitor and day however often and however concurrently the
 * page loads, and every count equals a brute-force count of the stored events, on SQLite and on
 * PostgreSQL. Reads need View; the CSV is an attachment no spreadsheet reads a formula from.
 */
const EVENT = 'plugin::client-gallery.activity-event';
const LINK = 'plugin::client-gallery.share-link';
let booted: BootedStrapi;
let strapi: Core.Strapi;
let viewer: string;
let outsider: string;
let near: Awaited<ReturnType<typeof makeGallery>>;
let far: Awaited<ReturnType<typeof makeGallery>>;
let privateLink: { link: any; token: string };
let generalLink: { link: any; token: string };
let limitedLink: { link: any; token: string };
let failedMailSubject: string;

const http = () => request(booted.baseUrl);
const as = (bearer: string, path: string) => http().get(`/client-gallery${path}`).set('Authorization', `Bearer ${bearer}`);
const activity = () => strapi.plugin('client-gallery').service('activity');
const inDays = (days: number) => utcDay(new Date(Date.now() + days * 86_400_000));

/** Every event of a link, counted one by one: what the kept counters must equal. */
async function bruteForce(linkId: number) {
  const events = await strapi.db.query(EVENT).findMany({ where: { link: { id: linkId } }, select: ['type', 'details', 'milestone', 'createdAt'] });
  return countEvents(events);
}

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'dashboard viewer')).token;
  outsider = (await createAdmin(strapi, [], 'dashboard outsider')).token;
  const file = await uploadFile(strapi, await makeJpeg(901), 'dashboard.jpg');
  // A proofing gallery due tomorrow with no confirmed selection; its recipient's name would be a formula in a spreadsheet.
  near = await makeGallery(strapi, 'Dana Deadline', file.id, { deadline: inDays(1), extra: { commentsAllowed: true, selectionAllowed: true } });
  privateLink = await makeLink(strapi, near.gallery.documentId, { recipientEmail: 'dana@client.test', recipientName: '=HYPERLINK("http://evil.test")' });
  generalLink = await makeLink(strapi, near.gallery.documentId, { kind: 'general' });
  // A ready gallery whose link has used its download limit, and a package that failed on it.
  far = await makeGallery(strapi, 'Lars Limit', file.id, { status: 'ready' });
  limitedLink = await makeLink(strapi, far.gallery.documentId, { recipientEmail: 'lars@client.test', downloadsEnabled: true, downloadLimit: 2, resolutions: ['web'] });
  await strapi.db.query(LINK).update({ where: { id: limitedLink.link.id }, data: { downloadsUsed: 2 } });
  const farImages = await strapi.db.query('plugin::client-gallery.gallery-image').findMany({ where: { documentId: { $in: await galleryImageIds(strapi, far.gallery.documentId) } }, select: ['id'] });
  for (const image of farImages.slice(0, 2)) await activity().record({ type: 'download', linkId: limitedLink.link.id, imageId: image.id, details: { resolution: 'web' } });
  await activity().record({ type: 'package', linkId: limitedLink.link.id, details: { state: 'requested', resolution: 'web', imageCount: 2 } });
  await activity().record({ type: 'package', linkId: limitedLink.link.id, details: { resolution: 'web', imageCount: 2 }, deliveryKey: `package:dashboard-test:${limitedLink.link.id}` });
  await strapi.db.query('plugin::client-gallery.download-package').create({
    data: { link: limitedLink.link.id, resolution: 'web', status: 'failed', failure: 'disk full', imageCount: 2 },
  });
  failedMailSubject = `Dashboard failed mail ${Date.now()}`;
  await strapi.db.query('plugin::client-gallery.outbox-mail').create({
    data: { kind: 'milestone', recipient: 'studio@studio.test', subject: failedMailSubject, textBody: 'x', status: 'failed', attempts: 5, lastError: 'refused' },
  });
});

describe('dashboard', () => {
  describe('refusals', () => {
    it('needs View for the dashboard, the counts and their CSV', async () => {
      for (const path of ['/dashboard', `/galleries/${near.gallery.documentId}/counts`, `/clients/${near.client.documentId}/counts?format=csv`]) {
        expect((await as(outsider, path)).status).toBe(403);
        expect((await http().get(`/client-gallery${path}`)).status).toBe(401);
      }
    });

    it('answers an unknown gallery or client with 404 and a bad query with 400', async () => {
      expect((await as(viewer, '/galleries/nosuchgallery0000000000000/counts')).status).toBe(404);
      expect((await as(viewer, '/clients/nosuchclient00000000000000/counts')).status).toBe(404);
      expect((await as(viewer, `/galleries/${near.gallery.documentId}/counts?format=xlsx`)).status).toBe(400);
      for (const days of ['abc', '-1', '61', '1.5']) expect((await as(viewer, `/dashboard?deadlineDays=${days}`)).status).toBe(400);
    });
  });

  describe('views', () => {
    it('records one view per visitor and day, however many pages load at once', async () => {
      const loads = await Promise.all(Array.from({ length: 4 }, () => http().get(`/api/share/${privateLink.token}`)));
      expect(loads.map((res) => res.status)).toEqual([200, 200, 200, 200]);
      expect((await http().get(`/api/share/${privateLink.token}`)).status).toBe(200);
      const views = await strapi.db.query(EVENT).findMany({ where: { link: { id: privateLink.link.id }, type: 'view' }, select: ['milestone'] });
      // The day's one view is still the link's first-view milestone.
      expect(views.map((view: any) => view.milestone)).toEqual(['first-view']);
    });

    it("counts a general link's visitors once per day too (they have no identity of their own)", async () => {
      await Promise.all([http().get(`/api/share/${generalLink.token}`), http().get(`/api/share/${generalLink.token}`)]);
      expect(await strapi.db.query(EVENT).count({ where: { link: { id: generalLink.link.id }, type: 'view' } })).toBe(1);
    });
  });

  describe('counts', () => {
    beforeAll(async () => {
      const images = await galleryImageIds(strapi, near.gallery.documentId);
      for (const image of images.slice(0, 2)) expect((await http().put(`/api/share/${privateLink.token}/favourites/${image}`)).status).toBe(200);
      expect((await http().post(`/api/share/${privateLink.token}/images/${images[0]}/comments`).send({ body: 'Can this one be brighter?' })).status).toBe(201);
    });

    it("equal a brute-force count of each link's events", async () => {
      for (const { gallery, links } of [
        { gallery: near.gallery, links: [privateLink, generalLink] },
        { gallery: far.gallery, links: [limitedLink] },
      ]) {
        const res = await as(viewer, `/galleries/${gallery.documentId}/counts`);
        expect(res.status).toBe(200);
        expect(res.body.data).toHaveLength(1);
        const rows = res.body.data[0].links;
        expect(rows.map((row: any) => row.link.documentId).sort()).toEqual(links.map((made) => made.link.documentId).sort());
        for (const made of links) {
          const row = rows.find((r: any) => r.link.documentId === made.link.documentId);
          const expected = await bruteForce(made.link.id);
          expect(row).toMatchObject(expected);
        }
        for (const counter of ['views', 'favourites', 'selections', 'downloads', 'packages', 'comments']) {
          expect(res.body.data[0][counter]).toBe(rows.reduce((sum: number, row: any) => sum + row[counter], 0));
        }
      }
      // The fixed data, said plainly: one visitor-day per link, two favourites, one comment, two photos and one package delivered.
      const [nearCounts] = (await as(viewer, `/galleries/${near.gallery.documentId}/counts`)).body.data;
      expect(nearCounts).toMatchObject({ views: 2, favourites: 2, comments: 1, downloads: 0, packages: 0 });
      const [farCounts] = (await as(viewer, `/galleries/${far.gallery.documentId}/counts`)).body.data;
      expect(farCounts.links[0]).toMatchObject({ downloads: 2, packages: 1, downloadsUsed: 2, downloadLimit: 2, views: 0, lastVisitAt: null });
    });

    it("lists a client's galleries with the same counts", async () => {
      const byClient = await as(viewer, `/clients/${near.client.documentId}/counts`);
      const byGallery = await as(viewer, `/galleries/${near.gallery.documentId}/counts`);
      expect(byClient.body).toEqual(byGallery.body);
    });

    it('exports them as CSV that no spreadsheet reads a formula from', async () => {
      const res = await as(viewer, `/clients/${near.client.documentId}/counts?format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="counts-client-[a-z0-9]+-\d{4}-\d{2}-\d{2}\.csv"/);
      const lines = res.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'gallery,gallery_id,link_id,link_kind,recipient_name,recipient_email,revoked,visitor_days,favourites,selections_confirmed,downloads_used,download_limit,photos_downloaded,packages_downloaded,comments,last_visit',
      );
      expect(lines).toHaveLength(3);
      const dana = lines.find((line) => line.includes('dana@client.test'))!;
      expect(dana).toContain(`,"'=HYPERLINK(""http://evil.test"")",dana@client.test,no,1,2,0,0,,0,0,1,`);
    });
  });

  describe('needs attention', () => {
    it('lists the near deadline, the used-up limit, the failed package, the failed mail and the unanswered comment, each linking where the studio acts', async () => {
      const res = await as(viewer, '/dashboard');
      expect(res.status).toBe(200);
      const items: any[] = res.body.data.attention;
      const deadline = items.find((item) => item.kind === 'deadline' && item.gallery?.documentId === near.gallery.documentId);
      expect(deadline).toMatchObject({ details: { deadline: inDays(1) }, client: { documentId: near.client.documentId } });
      // The gallery's Proofing dialog, on its newest private link.
      expect(deadline.href).toBe(
        proofingThreadPath({ clientDocumentId: near.client.documentId, galleryDocumentId: near.gallery.documentId, linkDocumentId: privateLink.link.documentId, imageDocumentId: null }),
      );
      const sharing = clientTabPath(far.client.documentId, 'sharing', { galleryDocumentId: far.gallery.documentId, linkDocumentId: limitedLink.link.documentId });
      expect(items.find((item) => item.kind === 'limit-used-up' && item.link?.documentId === limitedLink.link.documentId)).toMatchObject({ href: sharing, details: { limit: 2, used: 2 } });
      expect(items.find((item) => item.kind === 'failed-package' && item.link?.documentId === limitedLink.link.documentId)).toMatchObject({ href: sharing, details: { photos: 2 } });
      expect(items.find((item) => item.kind === 'failed-mail' && item.details.subject === failedMailSubject)).toMatchObject({ href: '/admin/plugins/client-gallery/notifications' });
      const images = await galleryImageIds(strapi, near.gallery.documentId);
      expect(items.find((item) => item.kind === 'comment-awaiting-reply' && item.link?.documentId === privateLink.link.documentId)).toMatchObject({
        href: proofingThreadPath({ clientDocumentId: near.client.documentId, galleryDocumentId: near.gallery.documentId, linkDocumentId: privateLink.link.documentId, imageDocumentId: images[0] }),
      });
      // Not listed: a gallery due far away, and a link with downloads left.
      expect(items.some((item) => item.gallery?.documentId === far.gallery.documentId && item.kind === 'deadline')).toBe(false);
      expect(items.some((item) => item.kind === 'limit-used-up' && item.link?.documentId === privateLink.link.documentId)).toBe(false);
    });

    it('drops the deadline once a selection is confirmed, and the comment once the studio answers', async () => {
      const images = await galleryImageIds(strapi, near.gallery.documentId);
      const modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'dashboard modifier')).token;
      const reply = await http()
        .post(`/client-gallery/links/${privateLink.link.documentId}/comments`)
        .set('Authorization', `Bearer ${modifier}`)
        .send({ body: 'Yes, brighter it is.', imageId: images[0] });
      expect(reply.status).toBe(201);
      expect((await http().put(`/api/share/${privateLink.token}/selection/${images[0]}`)).status).toBe(200);
      expect((await http().post(`/api/share/${privateLink.token}/selection/confirm`).send({})).status).toBe(201);
      const items: any[] = (await as(viewer, '/dashboard')).body.data.attention;
      expect(items.some((item) => item.kind === 'deadline' && item.gallery?.documentId === near.gallery.documentId)).toBe(false);
      expect(items.some((item) => item.kind === 'comment-awaiting-reply' && item.link?.documentId === privateLink.link.documentId)).toBe(false);
      // The confirmed round is counted, still equal to the events.
      const [counts] = (await as(viewer, `/galleries/${near.gallery.documentId}/counts`)).body.data;
      expect(counts.links.find((row: any) => row.link.documentId === privateLink.link.documentId)).toMatchObject({ ...(await bruteForce(privateLink.link.id)), selections: 1 });
    });
  });

  describe('recent activity', () => {
    it("groups a client's repeated events of a day into one row that opens the client's activity", async () => {
      const groups: any[] = (await as(viewer, '/dashboard')).body.data.activity;
      const today = groups.filter((group) => group.client?.documentId === near.client.documentId && group.day === utcDay(new Date()));
      expect(today).toHaveLength(1);
      expect(today[0].counts).toMatchObject({ view: 2, favourite: 2, comment: 1, 'selection-confirmed': 1 });
      expect(today[0].galleries).toEqual([{ documentId: near.gallery.documentId, title: 'Dana Deadline gallery' }]);
      expect(today[0].href).toBe(clientTabPath(near.client.documentId, 'activity'));
    });
  });
});
