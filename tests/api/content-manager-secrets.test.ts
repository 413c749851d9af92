import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createClient, createImages, makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { createAdmin, createAdminInRole, createApiToken, PLUGIN_ACTIONS } from '../helpers/admin';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';

/**
 * The Content Manager and the plugin's secrets. Share links, download packages and grants are not
 * in the Content Manager at all, for Strapi's own Editor and Author roles and for a role that was
 * given (or kept from before) read and update on them: not listed, read, filtered, sorted,
 * populated through a visible type, offered as relation choices, or written (no un-revoke, no
 * watermark off). Galleries and clients stay editable there, under the admin routes' rules, with
 * the admin routes' messages.
 */
const P = 'plugin::client-gallery';
const CM = '/content-manager/collection-types';
const LINK = `${P}.share-link`;
const GALLERY = `${P}.gallery`;
const COMMENT = `${P}.comment`;
const PACKAGE = `${P}.download-package`;
const GRANT = `${P}.download-grant`;

let booted: BootedStrapi;
let strapi: Core.Strapi;
let studio: string;
const roles: Record<'Editor' | 'Author' | 'custom role', string> = { Editor: '', Author: '', 'custom role': '' };
let fixture: {
  gallery: any;
  link: any;
  revoked: any;
  comment: any;
  pkg: any;
  foreignImage: string;
  secrets: string[];
};

const http = () => request(booted.baseUrl);
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const explorer = (action: string, subject: string) => ({ action: `plugin::content-manager.explorer.${action}`, subject });

function expectNoSecret(label: string, body: unknown) {
  const text = JSON.stringify(body ?? null);
  for (const secret of fixture.secrets) expect({ label, leaks: text.includes(secret) }).toEqual({ label, leaks: false });
}

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  const fileId = (await uploadFile(strapi, await makeJpeg(71), 'cm-secrets.jpg')).id;
  const { gallery, images } = await makeGallery(strapi, 'CM secrets', fileId, { images: 2 });
  const made = await makeLink(strapi, gallery.documentId, { recipientEmail: 'cm-secrets@client.test', password: 'cm-password', watermark: true });
  const other = await makeLink(strapi, gallery.documentId, { recipientEmail: 'cm-revoked@client.test' });
  await strapi.plugin('client-gallery').service('share-link').revoke(other.link.documentId);
  const link = await strapi.db.query(LINK).findOne({ where: { id: made.link.id } });
  const revoked = await strapi.db.query(LINK).findOne({ where: { id: other.link.id } });
  const galleryRow = await strapi.db.query(GALLERY).findOne({ where: { documentId: gallery.documentId, publishedAt: null } });
  const image = await strapi.db.query(`${P}.gallery-image`).findOne({ where: { documentId: images[0].documentId }, select: ['id'] });
  const comment = await strapi.db.query(COMMENT).create({ data: { link: link.id, image: image.id, gallery: galleryRow.id, body: 'Lovely', author: 'client' } });
  const packageHash = 'c'.repeat(64);
  const pkg = await strapi.db.query(PACKAGE).create({ data: { link: link.id, resolution: 'web', status: 'ready', tokenHash: packageHash, layout: { entries: ['secret-layout'] } } });
  const stranger = await createClient(strapi, 'CM secrets stranger');
  const [foreign] = await createImages(strapi, stranger.documentId, fileId, 1);
  fixture = {
    gallery,
    link,
    revoked,
    comment,
    pkg,
    foreignImage: foreign.documentId,
    secrets: [link.tokenHash, link.passwordHash, link.recipientKey, revoked.tokenHash, packageHash, 'secret-layout'].filter(Boolean),
  };
  expect(fixture.secrets.length).toBeGreaterThanOrEqual(5);

  studio = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'cm studio')).token;
  roles.Editor = (await createAdminInRole(strapi, 'strapi-editor', 'cm editor')).token;
  roles.Author = (await createAdminInRole(strapi, 'strapi-author', 'cm author')).token;
  // A role holding the Content Manager's read on the secret types, as one made before they were hidden keeps it.
  roles['custom role'] = (
    await createAdmin(
      strapi,
      [
        ...['read', 'create', 'update', 'delete', 'publish'].map((action) => explorer(action, GALLERY)),
        ...['read', 'update'].flatMap((action) => [explorer(action, COMMENT), explorer(action, `${P}.client`)]),
        // Strapi keeps `explorer.read` registered for hidden types (its own relation reads); update and delete go with visibility.
        explorer('read', LINK),
        explorer('read', PACKAGE),
        explorer('read', GRANT),
      ],
      'cm custom',
    )
  ).token;
});

describe.each(['Editor', 'Author', 'custom role'] as const)('the Content Manager, for the %s', (role) => {
  const token = () => roles[role];

  it('does not list, read, filter or sort share links, packages or grants', async () => {
    const probes = [
      `${CM}/${LINK}`,
      `${CM}/${LINK}/${fixture.link.documentId}`,
      `${CM}/${LINK}?filters[tokenHash][$eq]=${fixture.link.tokenHash}`,
      `${CM}/${LINK}?sort=tokenHash:asc`,
      `${CM}/${encodeURIComponent(LINK)}`,
      `${CM}/${PACKAGE}`,
      `${CM}/${PACKAGE}/${fixture.pkg.documentId}`,
      `${CM}/${GRANT}`,
      `/content-manager/content-types/${LINK}/configuration`,
    ];
    for (const path of probes) {
      const res = await http().get(path).set(as(token()));
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expectNoSecret(path, res.body);
    }
  });

  it('shows no link through a visible type: populate, filter, sort, relation choices', async () => {
    const gallery = fixture.gallery.documentId;
    for (const path of [
      `${CM}/${GALLERY}/${gallery}?populate[shareLinks]=*`,
      `${CM}/${GALLERY}/${gallery}?populate=*`,
      `${CM}/${GALLERY}?populate[shareLinks][populate]=*&sort=shareLinks.tokenHash:asc`,
      `${CM}/${COMMENT}/${fixture.comment.documentId}`,
      `${CM}/${COMMENT}?populate[link]=*`,
    ]) {
      const res = await http().get(path).set(as(token()));
      // An Author reads only what it made: lists answer (empty), the fixture's rows are refused.
      expect({ path, status: res.status }).toEqual({ path, status: role === 'Author' ? (path.includes('?populate[shareLinks][populate]') || path.endsWith('populate[link]=*') ? 200 : 403) : 200 });
      expectNoSecret(path, res.body);
    }
    // A filter on a link's hash answers the same for the right hash and a wrong one: no oracle.
    const filtered = async (hash: string) => {
      const res = await http().get(`${CM}/${GALLERY}?filters[shareLinks][tokenHash][$eq]=${hash}&filters[title][$eq]=CM secrets gallery`).set(as(token()));
      return [res.status, (res.body.results ?? []).map((row: any) => row.documentId)];
    };
    expect(await filtered(fixture.link.tokenHash)).toEqual(await filtered('0'.repeat(64)));
    for (const path of [
      `/content-manager/relations/${GALLERY}/shareLinks`,
      `/content-manager/relations/${GALLERY}/${gallery}/shareLinks`,
      `/content-manager/relations/${COMMENT}/link`,
      `/content-manager/relations/${COMMENT}/${fixture.comment.documentId}/link`,
    ]) {
      const res = await http().get(path).set(as(token()));
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('cannot un-revoke a link, turn its watermark off, or move it off its gallery', async () => {
    const unrevoke = await http().put(`${CM}/${LINK}/${fixture.revoked.documentId}`).set(as(token())).send({ revokedAt: null });
    const unwatermark = await http().put(`${CM}/${LINK}/${fixture.link.documentId}`).set(as(token())).send({ watermark: false, downloadLimit: null });
    const remove = await http().delete(`${CM}/${LINK}/${fixture.link.documentId}`).set(as(token()));
    expect([unrevoke.status, unwatermark.status, remove.status]).toEqual([404, 404, 404]);
    await http()
      .put(`${CM}/${GALLERY}/${fixture.gallery.documentId}`)
      .set(as(token()))
      .send({ shareLinks: { disconnect: [{ documentId: fixture.link.documentId }], connect: [] } });
    const [revoked, link] = await Promise.all([
      strapi.db.query(LINK).findOne({ where: { id: fixture.revoked.id } }),
      strapi.db.query(LINK).findOne({ where: { id: fixture.link.id }, populate: { gallery: { select: ['documentId'] } } }),
    ]);
    expect(revoked.revokedAt).not.toBeNull();
    expect([link.watermark, link.gallery?.documentId]).toEqual([true, fixture.gallery.documentId]);
    // The old /media URLs stay dead: the revoked link still refuses its visitor.
    expect((await http().get(`/api/share/${'x'.repeat(10)}`)).status).toBe(404);
  });
});

describe('a Content Manager write to a visible type meets the admin routes\' rules', () => {
  async function both(cm: () => request.Test, admin: () => request.Test) {
    const [viaCm, viaAdmin] = [await cm(), await admin()];
    return { cm: [viaCm.status, viaCm.body?.error?.message], admin: [viaAdmin.status, viaAdmin.body?.error?.message] };
  }

  it('refuses selection bounds out of order, as PUT /client-gallery/galleries/:id does, and saves nothing', async () => {
    const id = fixture.gallery.documentId;
    const body = { selectionMin: 5, selectionMax: 2 };
    const answers = await both(
      () => http().put(`${CM}/${GALLERY}/${id}`).set(as(roles.Editor)).send(body),
      () => http().put(`/client-gallery/galleries/${id}`).set(as(studio)).send(body),
    );
    expect(answers.cm).toEqual([400, 'selectionMin cannot be above selectionMax']);
    expect(answers.cm).toEqual(answers.admin);
    const row = await strapi.db.query(GALLERY).findOne({ where: { documentId: id, publishedAt: null } });
    expect([row.selectionMin, row.selectionMax]).not.toEqual([5, 2]);
  });

  it('refuses a cover that is not one of the gallery\'s photos, as the cover route does', async () => {
    const id = fixture.gallery.documentId;
    const before = await strapi.db.query(GALLERY).findOne({ where: { documentId: id, publishedAt: null }, populate: { cover: { select: ['documentId'] } } });
    const answers = await both(
      () => http().put(`${CM}/${GALLERY}/${id}`).set(as(roles.Editor)).send({ cover: { connect: [{ documentId: fixture.foreignImage }], disconnect: [] } }),
      () => http().put(`/client-gallery/galleries/${id}/cover`).set(as(studio)).send({ imageId: fixture.foreignImage }),
    );
    expect(answers.cm).toEqual([400, "The cover must be one of the gallery's photos"]);
    expect(answers.cm).toEqual(answers.admin);
    const after = await strapi.db.query(GALLERY).findOne({ where: { documentId: id, publishedAt: null }, populate: { cover: { select: ['documentId'] } } });
    expect(after.cover?.documentId).toBe(before.cover?.documentId);
  });

  it("refuses a client's bad details, as PUT /client-gallery/clients/:id does", async () => {
    const client = await createClient(strapi, 'CM rules client');
    const body = { phone: '5'.repeat(41) };
    const answers = await both(
      () => http().put(`${CM}/${P}.client/${client.documentId}`).set(as(roles.Editor)).send(body),
      () => http().put(`/client-gallery/clients/${client.documentId}`).set(as(studio)).send(body),
    );
    expect(answers.cm[0]).toBe(400);
    expect(answers.cm).toEqual(answers.admin);
    expect((await strapi.db.query(`${P}.client`).findOne({ where: { documentId: client.documentId } })).phone).not.toBe(body.phone);
  });

  it('still saves a good edit', async () => {
    const client = await createClient(strapi, 'CM good client');
    const res = await http().put(`${CM}/${P}.client/${client.documentId}`).set(as(roles.Editor)).send({ name: '  Renamed in the CM  ', phone: '' });
    expect(res.status).toBe(200);
    const row = await strapi.db.query(`${P}.client`).findOne({ where: { documentId: client.documentId } });
    expect([row.name, row.phone]).toEqual(['Renamed in the CM', null]);
  });
});

describe('activity is history: no writer but the plugin makes or edits an event', () => {
  const EVENT = `${P}.activity-event`;
  const milestone = () => ({ type: 'view', milestone: 'first-view', details: { forged: true } });
  const forged = () => strapi.db.query(EVENT).count({ where: { details: { $notNull: true }, milestone: 'first-view', type: 'view', link: null } });

  it('refuses a milestone made or edited in the Content Manager, even by the super admin, and keeps no row', async () => {
    const owner = (await createAdminInRole(strapi, 'strapi-super-admin', 'cm history owner')).token;
    const before = await forged();
    for (const token of [owner, roles.Editor]) {
      const made = await http().post(`${CM}/${EVENT}`).set(as(token)).send(milestone());
      expect([made.status, made.body?.error?.name]).toEqual([403, 'ForbiddenError']);
    }
    expect(await forged()).toBe(before);
    const event = await strapi.db.query(EVENT).create({ data: { type: 'view', link: fixture.link.id } });
    const edited = await http().put(`${CM}/${EVENT}/${event.documentId}`).set(as(owner)).send({ milestone: 'first-view' });
    expect(edited.status).toBe(403);
    expect((await strapi.db.query(EVENT).findOne({ where: { id: event.id } })).milestone).toBeNull();
  });

  it('serves the REST activity routes read-only to a full-access API token', async () => {
    const token = await createApiToken(strapi);
    const before = await forged();
    const made = await http().post('/api/activity-events').set(as(token)).send({ data: milestone() });
    expect([404, 405]).toContain(made.status);
    expect(await forged()).toBe(before);
    expect((await http().get('/api/activity-events').set(as(token))).status).toBe(200);
  });
});
