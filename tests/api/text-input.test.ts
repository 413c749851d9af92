import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { createAdmin, createApiToken, PLUGIN_ACTIONS } from '../helpers/admin';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';

/**
 * Text in every request (middlewares/text-input.ts): a NUL, a lone surrogate, bytes that are not
 * UTF-8 or escapes that do not decode to it are refused with 400 before any controller, in every
 * route family, and nothing is written. On PostgreSQL a NUL that reached a query was a 500.
 */
const COMMENTS = 'plugin::client-gallery.comment';
const FAVOURITES = 'plugin::client-gallery.favourite';
const IMAGES = 'plugin::client-gallery.gallery-image';

let booted: BootedStrapi;
let strapi: Core.Strapi;
let token: string;
let linkId: number;
let imageIds: string[];
let studio: string;
let apiToken: string;

const http = () => request(booted.baseUrl);
const INVALID_JSON = (field: string) => Buffer.concat([Buffer.from(`{"${field}":"a`), Buffer.from([0xff, 0xfe]), Buffer.from('b","password":"x"}')]);
const comments = () => strapi.db.query(COMMENTS).count({ where: { link: { id: linkId } } });
const favourites = () => strapi.db.query(FAVOURITES).count({ where: { link: { id: linkId } } });
const labelOf = async () => (await strapi.db.query(IMAGES).findOne({ where: { documentId: imageIds[0] }, select: ['label'] }))?.label ?? null;

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  const fileId = (await uploadFile(strapi, await makeJpeg(71), 'text-input.jpg')).id;
  const { gallery, images } = await makeGallery(strapi, 'Text Input', fileId, { images: 2, extra: { commentsAllowed: true } });
  const made = await makeLink(strapi, gallery.documentId, { recipientEmail: 'text-input@client.test' });
  token = made.token;
  linkId = made.link.id;
  imageIds = images.map((image: any) => image.documentId as string);
  studio = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'text studio')).token;
  apiToken = await createApiToken(strapi);
});

type Send = (agent: ReturnType<typeof http>) => request.Test;
interface Case {
  family: string;
  name: string;
  send: Send;
  /** What the request would have written, read before and after. */
  written?: () => Promise<unknown>;
}

const json = (test: request.Test, body: unknown) => test.set('Content-Type', 'application/json').send(body as object);
/** The bytes as they are (superagent would serialize a Buffer as JSON otherwise). */
const raw = (test: request.Test, bytes: Buffer, type = 'application/json') =>
  test
    .set('Content-Type', type)
    .serialize((body: unknown) => body as string)
    .send(bytes as unknown as string);

const CASES: Case[] = [
  // The visitor's share API.
  { family: 'share', name: 'NUL in the label filter', send: (a) => a.get(`/api/share/${token}/images?label=a%00b`) },
  { family: 'share', name: 'NUL as :imageId', send: (a) => a.put(`/api/share/${token}/favourites/%00`), written: favourites },
  { family: 'share', name: 'a broken escape as :imageId', send: (a) => a.get(`/api/share/${token}/images/%C3%28/comments`) },
  { family: 'share', name: 'NUL in imageIds of downloads', send: (a) => json(a.post(`/api/share/${token}/downloads`), { imageIds: ['\u0000'] }) },
  { family: 'share', name: 'NUL in imageIds of a package', send: (a) => json(a.post(`/api/share/${token}/packages`), { imageIds: ['x\u0000'] }) },
  { family: 'share', name: 'NUL in a comment', send: (a) => json(a.post(`/api/share/${token}/comments`), { body: 'hi\u0000' }), written: comments },
  { family: 'share', name: 'a lone surrogate in a comment', send: (a) => raw(a.post(`/api/share/${token}/comments`), Buffer.from('{"body":"x\\ud800y"}')), written: comments },
  { family: 'share', name: 'invalid UTF-8 bytes in a comment', send: (a) => raw(a.post(`/api/share/${token}/comments`), INVALID_JSON('body')), written: comments },
  { family: 'share', name: 'an urlencoded password escaping a non-UTF-8 byte', send: (a) => raw(a.post(`/api/share/${token}/unlock`), Buffer.from('password=%FF'), 'application/x-www-form-urlencoded') },
  { family: 'share', name: 'invalid UTF-8 in a query (%FF)', send: (a) => a.get(`/api/share/${token}/images?label=%FF`) },
  // /media.
  { family: 'media', name: 'NUL in the key', send: (a) => a.get('/media/a%00b.jpg?exp=1&sig=x') },
  { family: 'media', name: 'invalid UTF-8 in the signature', send: (a) => a.get('/media/a.jpg?exp=1&sig=%FF') },
  // The portal (users-permissions' routes and the plugin's).
  { family: 'portal', name: 'NUL in the log-in identifier', send: (a) => json(a.post('/api/auth/local'), { identifier: 'a\u0000@client.test', password: 'x' }) },
  { family: 'portal', name: 'invalid UTF-8 in the log-in identifier', send: (a) => raw(a.post('/api/auth/local'), INVALID_JSON('identifier')) },
  { family: 'portal', name: 'NUL as a gallery id', send: (a) => a.post('/api/portal/galleries/%00/open') },
  // Strapi's own admin log-in.
  { family: 'admin login', name: 'NUL in the email', send: (a) => json(a.post('/admin/login'), { email: 'a\u0000@studio.test', password: 'x' }) },
  { family: 'admin login', name: 'invalid UTF-8 in the email', send: (a) => raw(a.post('/admin/login'), INVALID_JSON('email')) },
  // The plugin's admin routes.
  { family: 'admin', name: 'NUL in a label', send: (a) => json(a.post('/client-gallery/images/batch/label').set('Authorization', `Bearer ${studio}`), { imageIds: [imageIds[0]], label: 'a\u0000b' }), written: labelOf },
  { family: 'admin', name: 'NUL as :documentId', send: (a) => a.get('/client-gallery/images/%00/markup').set('Authorization', `Bearer ${studio}`) },
  // The REST content API (an API token).
  { family: 'rest', name: 'NUL in a filter', send: (a) => a.get('/api/galleries?filters[title][$eq]=%00').set('Authorization', `Bearer ${apiToken}`) },
  {
    family: 'rest',
    name: 'NUL in a multipart field',
    send: (a) => a.post('/api/gallery-images/ingest').set('Authorization', `Bearer ${apiToken}`).field('client', 'a\u0000b').attach('files', Buffer.from('x'), { filename: 'a.jpg', contentType: 'image/jpeg' }),
  },
  {
    family: 'rest',
    name: 'NUL in a multipart file name',
    send: (a) => a.post('/api/gallery-images/ingest').set('Authorization', `Bearer ${apiToken}`).field('client', 'nobody').attach('files', Buffer.from('x'), { filename: 'a\u0000.jpg', contentType: 'image/jpeg' }),
  },
];

describe.each(CASES)('$family: $name', ({ send, written }) => {
  it('is refused with 400 before any controller, and writes nothing', async () => {
    const before = written ? await written() : undefined;
    const res = await send(http());
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ name: 'ValidationError', details: { problem: expect.any(String) } });
    if (written) expect(await written()).toEqual(before);
  });
});

describe('good text passes', () => {
  it('a literal U+FFFD and other Unicode in a comment are stored as sent', async () => {
    const body = 'Lovely \uFFFD caf\u00e9 \uD83D\uDE00';
    const res = await http().post(`/api/share/${token}/comments`).send({ body });
    expect(res.status).toBe(201);
    expect(res.body.data.body).toBe(body);
  });

  it('a percent-encoded UTF-8 label filter answers 200', async () => {
    const res = await http().get(`/api/share/${token}/images?label=C%C3%A9r%C3%A9monie`);
    expect(res.status).toBe(200);
  });
});
