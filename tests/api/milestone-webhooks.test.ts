import http from 'http';
import type { AddressInfo } from 'net';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createClient, makeJpeg, uploadFile } from '../helpers/fixtures';
import { binary, ingestPhoto } from '../helpers/downloads';
import { createSuperAdmin } from '../helpers/admin';
import { makeGallery, makeLink, stringsIn } from '../helpers/share';
import type { ProfileBoot } from '../helpers/profiles';
import { useProfile } from '../helpers/shared-boot';

/**
 * Milestones reach Strapi's webhooks: a webhook subscribed to `client-gallery.milestone` (made
 * through the admin API, as Settings → Webhooks makes one) gets one POST per milestone, of every
 * kind, caused through the real routes (and, for the kinds a scheduled task finds, the task with
 * its clock), and nothing in it opens a gallery: no token, hash, password or link.
 */
const EVENT = 'plugin::client-gallery.activity-event';
const PACKAGE = 'plugin::client-gallery.download-package';
const GALLERY = 'plugin::client-gallery.gallery';
const COMMENTS = 'plugin::client-gallery.comment';
const PASSWORD = 'hydrangea-2031';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: any;
}

let booted: ProfileBoot;
let strapi: Core.Strapi;
let owner: string;
let webhookId: string;
let receiver: http.Server;
let receiverUrl: string;
const received: Received[] = [];
/** Every token and password this file handed out: none may reach a webhook. */
const secrets: string[] = [PASSWORD];

const api = () => request(booted.baseUrl);
const service = (name: string) => strapi.plugin('client-gallery').service(name);
const milestonesFor = (match: (m: any) => boolean) => received.filter((r) => r.body?.event === 'client-gallery.milestone' && match(r.body.milestone));

async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received: ${JSON.stringify(received.map((r) => r.body?.milestone ?? r.body))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every key anywhere in a JSON value. */
const keysIn = (value: unknown): string[] =>
  value && typeof value === 'object' ? Object.entries(value).flatMap(([key, inner]) => [...(Array.isArray(value) ? [] : [key]), ...keysIn(inner)]) : [];

/** The one POST of this kind about this link (or gallery), once it came. */
const oneMilestone = (kind: string, about: { link?: string; gallery?: string }) =>
  waitFor(`${kind} for ${JSON.stringify(about)}`, () => {
    const found = milestonesFor((m) => m.kind === kind && (about.link ? m.link === about.link : m.gallery === about.gallery));
    return found.length > 0 && found;
  });

beforeAll(async () => {
  booted = await useProfile('smtp');
  strapi = booted.strapi;
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text: the assertions say what was wrong
      }
      received.push({ headers: req.headers, body: { ...(body as object), method: req.method } });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/studio-hook`;
  owner = (await createSuperAdmin(strapi)).token;
  const made = await api()
    .post('/admin/webhooks')
    .set('Authorization', `Bearer ${owner}`)
    .send({ name: 'Milestones to the studio CRM', url: receiverUrl, headers: {}, events: ['client-gallery.milestone'] });
  expect(made.status).toBe(201);
  webhookId = made.body.data.id;
});

afterAll(async () => {
  // The profile's Strapi outlives this file: its webhook goes with it.
  if (webhookId) await api().delete(`/admin/webhooks/${webhookId}`).set('Authorization', `Bearer ${owner}`);
  await service('download-package').settled();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('the client-gallery.milestone webhook event', () => {
  it("is one of the webhook store's events, so a webhook may subscribe to it (and an unknown event is still refused)", async () => {
    const store = strapi.get('webhookStore');
    expect(store.getAllowedEvent('CLIENT_GALLERY_MILESTONE')).toBe('client-gallery.milestone');
    const refused = await api()
      .post('/admin/webhooks')
      .set('Authorization', `Bearer ${owner}`)
      .send({ name: 'Bad', url: receiverUrl, headers: {}, events: ['client-gallery.no-such-thing'] });
    expect(refused.status).toBe(400);
  });

  it('is posted once per milestone, of every kind, caused through the real routes, and carries no secret', async () => {
    const fileId = (await uploadFile(strapi, await makeJpeg(71), 'milestones.jpg')).id;

    // Proofing: first view, first favourites, a confirmed selection, new comments, wrong passwords.
    const proofing = await makeGallery(strapi, 'Mila Milestone', fileId, { images: 3, extra: { selectionAllowed: true, selectionMin: 1, commentsAllowed: true } });
    const ids = proofing.images.map((image: any) => image.documentId as string);
    const visitor = await makeLink(strapi, proofing.gallery.documentId, { recipientEmail: 'mila@client.test', recipientName: 'Mila' });
    const guarded = await makeLink(strapi, proofing.gallery.documentId, { recipientEmail: 'guarded@client.test', password: PASSWORD });
    secrets.push(visitor.token, guarded.token);

    expect((await api().get(`/api/share/${visitor.token}`)).status).toBe(200);
    expect((await api().get(`/api/share/${visitor.token}`)).status).toBe(200); // a second view is no news
    expect((await api().put(`/api/share/${visitor.token}/favourites/${ids[0]}`)).status).toBe(200);
    expect((await api().put(`/api/share/${visitor.token}/favourites/${ids[1]}`)).status).toBe(200);
    expect((await api().put(`/api/share/${visitor.token}/selection/${ids[0]}`)).status).toBe(200);
    expect((await api().post(`/api/share/${visitor.token}/selection/confirm`)).status).toBe(201);
    for (const body of ['Warmer, please', 'Love this one']) expect((await api().post(`/api/share/${visitor.token}/comments`).send({ body })).status).toBe(201);
    for (let i = 0; i < 5; i += 1) expect((await api().post(`/api/share/${guarded.token}/unlock`).send({ password: `wrong-${i}` })).status).toBe(401);

    // The digest task (cron is off in the profile), with its clock past the wait; earlier files' comments are not this file's to mail.
    const mine = (await strapi.db.query(COMMENTS).findMany({ where: { link: { id: visitor.link.id } }, select: ['id'] })).map((row: any) => row.id);
    await strapi.db.query(COMMENTS).updateMany({ where: { notifiedAt: null, id: { $notIn: mine } }, data: { notifiedAt: new Date() } });
    expect(await service('comment').sendDigest({ now: Date.now() + 11 * 60_000 })).toBe(2);

    // Downloads: the whole gallery reaches one link; another link's limit is used up; a package fails.
    const client = await createClient(strapi, 'Dario Download');
    const photos: string[] = [];
    for (let i = 0; i < 2; i += 1) photos.push((await ingestPhoto(strapi, client.documentId, await makeJpeg(700 + i, 320, 240), `dario-${i}.jpg`)).documentId);
    const ready = await strapi.documents(GALLERY).create({ data: { title: 'Dario gallery', client: client.documentId, images: photos, stage: 'ready' } as any });
    await strapi.documents(GALLERY).publish({ documentId: ready.documentId });
    const settings = { downloadsEnabled: true, resolutions: ['web'], watermark: false };
    const whole = await makeLink(strapi, ready.documentId, { recipientEmail: 'dario@client.test', ...settings });
    const limited = await makeLink(strapi, ready.documentId, { recipientEmail: 'lim@client.test', downloadLimit: 1, ...settings });
    secrets.push(whole.token, limited.token);
    const download = (token: string, imageId: string) => api().get(`/api/share/${token}/images/${imageId}/download`).query({ resolution: 'web' }).buffer(true).parse(binary as any);
    for (const photo of photos) expect((await download(whole.token, photo)).status).toBe(200);
    expect((await download(limited.token, photos[0])).status).toBe(200);
    const ordered = await api().post(`/api/share/${whole.token}/packages`).send({ resolution: 'web' });
    expect(ordered.status).toBe(202);
    const pkg = await waitFor('the package', async () => {
      const row = await strapi.db.query(PACKAGE).findOne({ where: { documentId: ordered.body.data.id }, select: ['id', 'status'] });
      return row?.status === 'ready' && row;
    });
    expect(await service('download-package').fail(pkg.id, { id: pkg.id, status: 'ready' }, 'ENOSPC: the disk is full')).toBe(true);

    // The deadline task, with its clock past a proofing gallery's deadline.
    const late = await makeGallery(strapi, 'Lena Late', fileId, { images: 1, deadline: '2031-02-10', extra: { selectionAllowed: true } });
    expect(await service('deadline').lockPassed(Date.parse('2031-02-11T00:00:30Z'))).toContain(late.gallery.documentId);

    const expected = [
      { kind: 'first-view', link: visitor.link, client: proofing.client, gallery: proofing.gallery, email: 'mila@client.test', counts: {} },
      { kind: 'first-favourites', link: visitor.link, client: proofing.client, gallery: proofing.gallery, email: 'mila@client.test', counts: {} },
      { kind: 'selection-confirmed', link: visitor.link, client: proofing.client, gallery: proofing.gallery, email: 'mila@client.test', counts: { photos: 1, round: 1 } },
      { kind: 'new-comments', link: visitor.link, client: proofing.client, gallery: proofing.gallery, email: 'mila@client.test', counts: { comments: 2 } },
      { kind: 'password-failures', link: guarded.link, client: proofing.client, gallery: proofing.gallery, email: 'guarded@client.test', counts: { failures: 5 } },
      { kind: 'full-gallery-download', link: whole.link, client, gallery: ready, email: 'dario@client.test', counts: {} },
      { kind: 'limited-download', link: limited.link, client, gallery: ready, email: 'lim@client.test', counts: {} },
      { kind: 'package-failed', link: whole.link, client, gallery: ready, email: 'dario@client.test', counts: { photos: 2 } },
      { kind: 'deadline-passed', link: null, client: late.client, gallery: late.gallery, email: null, counts: {} },
    ];
    for (const want of expected) {
      const about = want.link ? { link: want.link.documentId } : { gallery: want.gallery.documentId };
      const [post] = await oneMilestone(want.kind, about);
      const stored = await strapi.db.query(EVENT).findOne({
        where: want.link ? { link: { id: want.link.id }, milestone: want.kind } : { gallery: { documentId: want.gallery.documentId }, milestone: want.kind },
        select: ['documentId', 'createdAt'],
      });
      expect(post.headers['x-strapi-event']).toBe('client-gallery.milestone');
      expect(post.body).toMatchObject({ event: 'client-gallery.milestone', method: 'POST' });
      expect(post.body.milestone).toEqual({
        id: stored.documentId,
        kind: want.kind,
        at: new Date(stored.createdAt).toISOString(),
        client: want.client.documentId,
        gallery: want.gallery.documentId,
        link: want.link?.documentId ?? null,
        recipientEmail: want.email,
        counts: want.counts,
      });
    }

    // One POST each: a moment more brings no second one (a second view and favourite were no news).
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const want of expected) {
      const mine = milestonesFor((m) => m.kind === want.kind && (want.link ? m.link === want.link.documentId : m.gallery === want.gallery.documentId));
      expect([want.kind, mine.length]).toEqual([want.kind, 1]);
    }

    // Nothing in any of them opens anything: no token, password, hash or URL.
    const ours = new Set([visitor.link, guarded.link, whole.link, limited.link].map((link) => link.documentId));
    const posts = milestonesFor((m) => ours.has(m.link) || m.gallery === late.gallery.documentId);
    expect(posts.length).toBe(expected.length);
    for (const post of posts) {
      const strings = stringsIn(post.body);
      for (const secret of secrets) expect(strings.filter((value) => value.includes(secret))).toEqual([]);
      expect(strings.filter((value) => /^(https?:|\/)|sa2\.|su2\.|ENOSPC/.test(value))).toEqual([]);
      expect(keysIn(post.body).filter((key) => /hash|token|password|secret|url/i.test(key))).toEqual([]);
    }
  }, 45_000);
});
