import path from 'path';
import request from 'supertest';
import { galleryImageIds } from '../helpers/share';
import type { Core } from '@strapi/strapi';
import { restoreFixtureDatabase, usePostgres } from '../helpers/database';
import { derivativeDir } from '../../src/plugins/client-gallery/server/src/lib/variants';
import { fetchUrl } from '../helpers/http';
import { binary, derivativeBytes } from '../helpers/downloads';
import { setStatus } from '../helpers/share';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { COUNTERS, countEvents } from '../../src/plugins/client-gallery/server/src/lib/activity-counts';

/**
 * A database made by the first version (the domain in the app's src/api, UIDs api::*) boots on the plugin
 * (UIDs plugin::client-gallery.*) with every row intact and every credential still working.
 * The fixture was made by commit e53db91 (tests/fixtures/wave1/README.md); the migration is
 * database/migrations/2026.11.29T00.00.00.client-gallery-moves-into-its-plugin.js, finished by
 * the plugin's bootstrap for the watermark designs.
 */
const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'wave1');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const manifest = require(path.join(FIXTURE, 'manifest.json'));
const run = usePostgres ? manifest.postgres : manifest.sqlite;
const P = 'plugin::client-gallery';

let booted: BootedStrapi;
let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);
const knex = () => strapi.db.connection;

async function adminToken(email: string, password: string) {
  const res = await http().post('/admin/login').send({ email, password });
  expect(res.status).toBe(200);
  return res.body.data.token as string;
}

beforeAll(async () => {
  const database = await restoreFixtureDatabase('migration', { sqlite: path.join(FIXTURE, 'sqlite.sql'), postgres: path.join(FIXTURE, 'postgres.sql') });
  booted = await bootStrapi(
    'migration',
    { STUDIO_NAME: 'Wave One Studio', STUDIO_NOTIFY_EMAIL: '', CRON_ENABLED: 'false', OUTBOX_DIR: '.tmp/outbox-migration' },
    { database, uploadsFrom: path.join(FIXTURE, usePostgres ? 'uploads-pg' : 'uploads') },
  );
  strapi = booted.strapi;
});

afterAll(async () => {
  await booted?.stop();
});

describe('moving the domain into the plugin', () => {
  describe('keeps every row', () => {
    it.each([
      ['clients', 3],
      ['gallery_images', 11],
      ['galleries', 4],
      ['share_links', 3],
      ['download_grants', 3],
      ['download_packages', 1],
      ['favourites', 2],
      ['client_merges', 1],
      ['access_attempts', 2],
      ['client_notes', 1],
      ['forms', 1],
      ['appointments', 1],
    ])('%s: %i rows', async (table, rows) => {
      const [{ count }] = await knex()(table).count({ count: '*' });
      expect(Number(count)).toBe(rows);
    });

    it('keeps the activity history (and adds to it)', async () => {
      const [{ count }] = await knex()('activity_events').count({ count: '*' });
      expect(Number(count)).toBeGreaterThanOrEqual(9);
    });

    it("counts each link's earlier activity, as a brute-force count of its events does", async () => {
      const links = await strapi.db.query(`${P}.share-link`).findMany({ select: ['id'] });
      expect(links.length).toBeGreaterThan(0);
      let counted = 0;
      for (const link of links) {
        const events = await strapi.db.query(`${P}.activity-event`).findMany({ where: { link: { id: link.id } }, select: ['type', 'details', 'milestone', 'createdAt'] });
        const { lastVisitAt, ...expected } = countEvents(events);
        const row = await knex()('link_stats').where('link_id', link.id).first();
        const kept = Object.fromEntries(COUNTERS.map((counter) => [counter, Number(row?.[counter] ?? 0)]));
        expect(kept).toEqual(expected);
        expect(row?.last_visit_at ? new Date(Number.isFinite(Number(row.last_visit_at)) ? Number(row.last_visit_at) : row.last_visit_at).toISOString() : null).toBe(lastVisitAt);
        counted += expected.views + expected.favourites + expected.downloads + expected.packages;
      }
      // The fixture has views, favourites and downloads to count: the comparison is not of zeros.
      expect(counted).toBeGreaterThan(0);
      expect(await knex().schema.hasTable('client_gallery_link_stats_backfill')).toBe(false);
    });

    it('keeps each gallery\'s stage (the attribute was renamed from status)', async () => {
      for (const [stage, gallery] of Object.entries<any>(run.galleries)) {
        const rows = await strapi.db.query(`${P}.gallery`).findMany({ where: { documentId: gallery.documentId }, select: ['stage'] });
        expect(rows.map((row: { stage: string }) => row.stage)).toEqual([stage, stage]);
      }
      expect(await knex().schema.hasColumn('galleries', 'status')).toBe(false);
    });

    it('keeps each gallery\'s photos in the order the studio set, now as gallery entries', async () => {
      for (const gallery of Object.values<any>(run.galleries)) {
        expect(await galleryImageIds(strapi, gallery.documentId)).toEqual(gallery.imageOrder);
      }
      // The old ordered relation and the holding table of the move are gone.
      expect(await knex().schema.hasTable('galleries_images_lnk')).toBe(false);
      expect(await knex().schema.hasTable('client_gallery_moved_memberships')).toBe(false);
    });
  });

  describe('rewrites what stored the old UIDs', () => {
    it('points every media link at the new content types, and no longer at the component', async () => {
      const rows = await knex()('files_related_mph').select('related_type').count({ n: '*' }).groupBy('related_type');
      const byType = Object.fromEntries(rows.map((r: any) => [r.related_type, Number(r.n)]));
      expect(byType).toMatchObject({ [`${P}.gallery-image`]: 11, 'api::client-note.client-note': 1, 'api::form.form': 1, 'api::appointment.appointment': 1 });
      expect(Object.keys(byType).filter((type) => /^api::(gallery|client\.|share)|^design\./.test(type))).toEqual([]);
    });

    it('leaves no old UID in permissions, token actions or Content Manager settings', async () => {
      const old = /^api::(access-attempt|activity-event|client|client-merge|comment|download-grant|download-package|favourite|gallery|gallery-image|selection|share-link|portal)\./;
      const subjects = (await knex()('admin_permissions').whereNotNull('subject').select('subject')).map((r: any) => r.subject);
      const actions = [
        ...(await knex()('up_permissions').select('action')).map((r: any) => r.action),
        ...(await knex()('strapi_api_token_permissions').select('action')).map((r: any) => r.action),
      ];
      const keys = (await knex()('strapi_core_store_settings').select('key')).map((r: any) => r.key.split('::').slice(1).join('::'));
      expect([...subjects, ...actions, ...keys].filter((uid) => old.test(uid))).toEqual([]);
      expect(subjects).toContain(`${P}.client`);
      expect(actions).toEqual(expect.arrayContaining([`${P}.gallery.find`, `${P}.share-link.createLink`, `${P}.portal.galleries`]));
    });

    it('turns each gallery\'s watermark component into a watermark design, logo included, and drops the holding table', async () => {
      const proofing = await strapi.db.query(`${P}.gallery`).findMany({ where: { documentId: run.galleries.proofing.documentId }, populate: { watermarkDesign: true } });
      expect(proofing).toHaveLength(2);
      for (const row of proofing) expect(row.watermarkDesign).toMatchObject({ mode: 'text', text: run.galleries.proofing.watermarkDesign.text, position: 'tiled' });
      const ready = await strapi.db.query(`${P}.gallery`).findOne({ where: { documentId: run.galleries.ready.documentId }, populate: { watermarkDesign: { populate: { logo: true } } } });
      expect(ready.watermarkDesign.mode).toBe('logo');
      expect(ready.watermarkDesign.logo?.id).toBe(run.media.watermarkLogo.id);
      expect(await knex().schema.hasTable('client_gallery_moved_watermarks')).toBe(false);
      expect(await knex().schema.hasTable('components_design_watermarks')).toBe(false);
    });
  });

  describe('keeps every credential working', () => {
    it('opens the general link, lists its photos and serves a watermarked thumb', async () => {
      const view = await http().get(`/api/share/${run.links.readyGeneral.token}`);
      expect(view.status).toBe(200);
      expect(view.body.data.title).toBe(run.galleries.ready.title);
      const images = await http().get(`/api/share/${run.links.readyGeneral.token}/images`);
      expect(images.status).toBe(200);
      expect(images.body.data).toHaveLength(3);
      const thumb = await fetchUrl(strapi, images.body.data[0].thumbUrl);
      expect([thumb.status, thumb.headers['content-type']]).toEqual([200, 'image/jpeg']);
      expect(images.body.data[0].watermarked).toBe(true);
      // The first version kept derivatives in folders anyone with the photo could compute; they are made again under the keyed folder on first use.
      const row = await strapi.db.query(`${P}.gallery-image`).findOne({ where: { documentId: images.body.data[0].id }, select: ['checksum', 'derivatives'] });
      const keyed = derivativeDir(row.checksum, strapi.plugin('client-gallery').service('share-tokens').signingKey());
      for (const url of [images.body.data[0].thumbUrl, images.body.data[0].previewUrl]) expect(new URL(url, 'http://x').pathname).toMatch(new RegExp(`^/media/${keyed}/`));
      expect(Object.values<any>(row.derivatives).filter((d) => d.path === keyed).length).toBeGreaterThanOrEqual(2);
    });

    it('asks for the private link\'s password, unlocks with it, and remembers the downloads used', async () => {
      const locked = await http().get(`/api/share/${run.links.readyPrivate.token}`);
      expect([locked.status, locked.body.error?.name]).toEqual([401, 'PasswordRequiredError']);
      const unlock = await http().post(`/api/share/${run.links.readyPrivate.token}/unlock`).send({ password: manifest.fixed.linkPassword });
      expect(unlock.status).toBe(200);
      const view = await http().get(`/api/share/${run.links.readyPrivate.token}`).set('X-Share-Unlock', unlock.body.data.unlockToken);
      expect(view.status).toBe(200);
      expect(view.body.data.link.downloads).toEqual({ limit: 10, used: 3, remaining: 7 });
    });

    it('keeps the client\'s favourites on the proofing link', async () => {
      const images = await http().get(`/api/share/${run.links.proofingPrivate.token}/images`).query({ favourites: 'true' });
      expect(images.status).toBe(200);
      expect(images.body.data.map((image: any) => image.id).sort()).toEqual([...run.favourites.images].sort());
    });

    it('refuses a package link mailed before package links were bound to the link\'s token and password, and a new one costs nothing', async () => {
      expect((await fetchUrl(strapi, `/api/packages/${run.downloads.package.token}`)).status).toBe(404);
      const token = run.links.readyPrivate.token;
      const unlock = await http().post(`/api/share/${token}/unlock`).send({ password: manifest.fixed.linkPassword });
      const again = await http().post(`/api/share/${token}/packages`).set('X-Share-Unlock', unlock.body.data.unlockToken).send({ resolution: 'web' });
      expect(again.status).toBe(202);
      await strapi.plugin('client-gallery').service('download-package').settled();
      const zip = await fetchUrl(strapi, new URL(again.body.data.downloadUrl).pathname);
      expect(zip.status).toBe(200);
      expect(zip.body.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
      const view = await http().get(`/api/share/${token}`).set('X-Share-Unlock', unlock.body.data.unlockToken);
      expect(view.body.data.link.downloads.used).toBe(3);
    });

    it('lets the portal account see its gallery', async () => {
      const login = await http().post('/api/auth/local').send({ identifier: manifest.portalUser.email, password: manifest.portalUser.password });
      expect(login.status).toBe(200);
      const galleries = await http().get('/api/portal/galleries').set('Authorization', `Bearer ${login.body.jwt}`);
      expect(galleries.status).toBe(200);
      expect(galleries.body.data.map((g: any) => g.title)).toEqual([run.galleries.ready.title]);
    });

    it('keeps the API tokens\' permissions and the public role\'s', async () => {
      const custom = `Bearer ${run.apiTokens.custom.accessKey}`;
      expect((await http().get('/api/galleries').set('Authorization', custom)).status).toBe(200);
      expect((await http().get('/api/clients').set('Authorization', custom)).status).toBe(403);
      expect((await http().get('/api/galleries')).status).toBe(200);
    });

    it('keeps the editor\'s Content Manager access and the staff\'s view of record photos', async () => {
      const editor = await adminToken(manifest.admin.editor.email, manifest.admin.editor.password);
      const clients = await http().get(`/content-manager/collection-types/${P}.client`).set('Authorization', `Bearer ${editor}`);
      expect(clients.status).toBe(200);
      const photos = await http().get(`/client-gallery/clients/${run.clients.A.documentId}/images`).set('Authorization', `Bearer ${editor}`);
      expect(photos.status).toBe(200);
      // The Editor role may read every record type, so it sees every kind of photo, as before the move.
      expect([...new Set(photos.body.results.map((image: any) => image.source))].sort()).toEqual(run.checks.editorSeesASources);
    });

    it('undoes the merge made before the move (its record of what moved names the new UIDs)', async () => {
      const owner = await adminToken(manifest.admin.superAdmin.email, manifest.admin.superAdmin.password);
      const undone = await http().post(`/client-gallery/merges/${run.merge.documentId}/undo`).set('Authorization', `Bearer ${owner}`);
      expect(undone.status).toBe(200);
      expect(undone.body.data.restored).toEqual({ [`${P}.gallery-image`]: 1 });
      const back = await strapi.db.query(`${P}.gallery-image`).count({ where: { client: { documentId: run.clients.C.documentId } } });
      expect(back).toBe(1);
    });
  });

  // Last: it opens the proofing gallery for downloads.
  describe('keeps what each link\'s downloads carry, now that "Downloaded images have watermarks" is a setting of its own', () => {
    it('marks the downloads of every watermarked link as watermarked, and leaves a clean link\'s choice', async () => {
      const stored = async (documentId: string) =>
        (await strapi.db.query(`${P}.share-link`).findOne({ where: { documentId }, select: ['watermark', 'downloadsWatermarked'] })) as { watermark: boolean; downloadsWatermarked: boolean };
      // proofingPrivate was watermarked with the column's old default (false): it is the one the migration changes.
      expect(await stored(run.links.proofingPrivate.documentId)).toEqual({ watermark: true, downloadsWatermarked: true });
      expect(await stored(run.links.readyGeneral.documentId)).toEqual({ watermark: true, downloadsWatermarked: true });
      expect(await stored(run.links.readyPrivate.documentId)).toEqual({ watermark: false, downloadsWatermarked: false });
      // Once: a later boot never overwrites a studio's clean choice.
      const ran = (await knex()('strapi_migrations_internal').select('name')).map((row: { name: string }) => row.name);
      expect(ran).toContain('client-gallery::2026.12.07-downloads-watermarked-becomes-its-own-setting');
    });

    it('still watermarks the downloads of a watermarked link that never chose', async () => {
      const link = run.links.proofingPrivate;
      await strapi.db.query(`${P}.share-link`).update({ where: { documentId: link.documentId }, data: { downloadsEnabled: true, resolutions: ['web'] } });
      await setStatus(strapi, run.galleries.proofing.documentId, 'ready');
      const photo = run.galleries.proofing.imageOrder[0];
      const res = await http().get(`/api/share/${link.token}/images/${photo}/download`).query({ resolution: 'web' }).buffer(true).parse(binary as any);
      expect(res.status).toBe(200);
      const access = await strapi.plugin('client-gallery').service('share-access').resolve(link.token);
      const design = await strapi.plugin('client-gallery').service('watermark').forGallery(access.gallery);
      expect(design).toBeTruthy();
      expect(res.body.equals(await derivativeBytes(strapi, photo, 'web', { watermark: design }))).toBe(true);
      expect(res.body.equals(await derivativeBytes(strapi, photo, 'web', { watermark: null }))).toBe(false);
    });
  });
});
