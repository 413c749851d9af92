import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import sharp from 'sharp';
import { client, describeReply, type Reply } from './http';
import { describeDomainErrors } from './domain-errors';
import { expectedStrapiVersion, hostDatabaseClient, HOST_ARTICLE, mappedFiles, OWNER, PORTAL_ACCOUNT, startHostApp, startMailbox, type HostApp, type Mailbox } from './host';

/**
 * Client Galleries installs into a bare Strapi 5 app with `npm install` plus one config entry. The
 * host (examples/host-app: package.json, config and one content type of its own, `article`) runs
 * as its own process from its own node_modules; this suite speaks HTTP only. The script runs it on
 * Strapi 5.54 with SQLite, and on the oldest 5.x the plugin's peer range names with PostgreSQL.
 */
const READ = 'plugin::client-gallery.gallery.read';
const UPDATE = 'plugin::client-gallery.gallery.update';
const SETTINGS = 'plugin::client-gallery.settings.manage';
const repoRoot = path.resolve(__dirname, '..', '..');

let host: HostApp;
let mailbox: Mailbox;
let http: ReturnType<typeof client>;

/** What later specifications build on, made by earlier ones in this file's order. */
const state: {
  owner?: string;
  viewer?: string;
  editor?: string;
  nobody?: string;
  apiToken?: string;
  clientId?: string;
  imageIds: string[];
  galleryId?: string;
  generalToken?: string;
  privateToken?: string;
  portalJwt?: string;
} = { imageIds: [] };

function expectStatus(reply: Reply, ...statuses: number[]) {
  if (!statuses.includes(reply.status)) throw new Error(`expected ${statuses.join(' or ')}, got ${describeReply(reply)}`);
}

async function jpeg(seed: number): Promise<Buffer> {
  const hue = (seed * 67) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <rect width="100%" height="100%" fill="hsl(${hue},60%,55%)"/>
    <circle cx="220" cy="240" r="120" fill="hsl(${(hue + 180) % 360},70%,45%)"/>
  </svg>`;
  return sharp(Buffer.from(svg))
    .withExif({ IFD0: { Make: 'HostAppCam' }, IFD2: { DateTimeOriginal: `2026:05:0${seed} 10:00:00` } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** A staff account with one role: created by the owner, then registered with its invitation token. */
async function staffWithRole(roleName: string, actions: string[], email: string): Promise<string> {
  const role = await http.post('/admin/roles', { token: state.owner, json: { name: roleName, description: `${roleName} (host-app smoke)` } });
  expectStatus(role, 200, 201);
  const permissions = actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }));
  expectStatus(await http.put(`/admin/roles/${role.body.data.id}/permissions`, { token: state.owner, json: { permissions } }), 200);

  const created = await http.post('/admin/users', { token: state.owner, json: { firstname: roleName.split(' ')[0], lastname: 'Staff', email, roles: [role.body.data.id] } });
  expectStatus(created, 201);
  const registered = await http.post('/admin/register', {
    json: { registrationToken: created.body.data.registrationToken, userInfo: { firstname: roleName.split(' ')[0], lastname: 'Staff', password: 'Staff-Passw0rd' } },
  });
  expectStatus(registered, 200, 201);
  const login = await http.post('/admin/login', { json: { email, password: 'Staff-Passw0rd' } });
  expectStatus(login, 200);
  return login.body.data.token;
}

function zipEntries(zip: Buffer): string[] {
  // The central directory: one "PK\1\2" record per entry, its name at offset 46.
  const names: string[] = [];
  for (let at = zip.indexOf('PK\u0001\u0002', 0, 'latin1'); at >= 0; at = zip.indexOf('PK\u0001\u0002', at + 4, 'latin1')) {
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
  }
  return names;
}

function unzipTest(zip: Buffer): string | null {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
  } catch {
    return null; // unzip is not installed: the PK checks above still ran
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'host-app-zip-')), 'package.zip');
  fs.writeFileSync(file, zip);
  try {
    return execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

async function expectZipOf(url: string, imageCount: number) {
  const zip = await http.get(url);
  expectStatus(zip, 200);
  expect(zip.type).toContain('application/zip');
  expect(zip.bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  expect(zipEntries(zip.bytes)).toHaveLength(imageCount);
  const tested = unzipTest(zip.bytes);
  if (tested !== null) expect(tested).toMatch(/No errors detected/);
}

beforeAll(async () => {
  mailbox = await startMailbox();
  host = await startHostApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mailbox.port), SMTP_IGNORE_TLS: 'true', SMTP_FROM: 'Host Studio <studio@host.test>' });
  http = client(host.baseUrl);
});

afterAll(async () => {
  await host?.stop();
  await mailbox?.stop();
});

describe(`a bare Strapi ${expectedStrapiVersion()} app with the packed client-gallery plugin installed`, () => {
  describe('the install', () => {
    it('runs from its own node_modules, outside this repository', () => {
      expect(host.dir.startsWith(`${repoRoot}${path.sep}`)).toBe(false);
      const files = mappedFiles(host.pid);
      if (files === null) return; // no /proc: nothing more to look at
      const native = files.filter((file) => file.endsWith('.node'));
      if (hostDatabaseClient() === 'sqlite') expect(native.some((file) => file.startsWith(path.join(host.dir, 'node_modules', 'better-sqlite3')))).toBe(true);
      expect(native.filter((file) => file.startsWith(`${repoRoot}${path.sep}`))).toEqual([]);
    });

    it('lets the first admin register and log in', async () => {
      const registered = await http.post('/admin/register-admin', {
        json: { ...OWNER, firstname: 'Olivia', lastname: 'Owner' },
      });
      expectStatus(registered, 200, 201);
      const login = await http.post('/admin/login', { json: OWNER });
      expectStatus(login, 200);
      state.owner = login.body.data.token;
      expect(typeof state.owner).toBe('string');
    });

    it(`is Strapi ${expectedStrapiVersion()}`, async () => {
      const info = await http.get('/admin/information', { token: state.owner });
      expectStatus(info, 200);
      expect(info.body.data.strapiVersion).toBe(expectedStrapiVersion());
    });

    it("has the plugin's content types and none of the demo app's", async () => {
      const types = await http.get('/content-manager/content-types', { token: state.owner });
      expectStatus(types, 200);
      const uids: string[] = types.body.data.map((type: { uid: string }) => type.uid);
      for (const name of ['client', 'gallery-image', 'gallery', 'share-link', 'download-grant', 'download-package']) {
        expect(uids).toContain(`plugin::client-gallery.${name}`);
      }
      expect(uids.filter((uid) => uid.startsWith('api::'))).toEqual(['api::article.article']);
      expect((await http.get('/api/client-notes', { token: state.owner })).status).toBe(404);
    });

    it("serves an admin panel built with the plugin's menu entry", async () => {
      const page = await http.get('/admin');
      expectStatus(page, 200);
      expect(page.type).toContain('text/html');
      const entry = /<script[^>]+src="(\/admin\/[^"]+\.js)"/.exec(page.bytes.toString('utf8'))?.[1];
      expect(entry).toBeDefined();
      const bundle = await http.get(entry!);
      expectStatus(bundle, 200);
      // The plugin's admin entry (menu link gated by View, plugin registration) is in the host's build.
      expect(bundle.bytes.toString('utf8')).toContain(READ);
      expect(bundle.bytes.toString('utf8')).toContain('Client gallery');
    });

    it('leaves the Media Library and users-permissions settings as Strapi made them', async () => {
      const media = await http.get('/upload/settings', { token: state.owner });
      expectStatus(media, 200);
      expect(media.body.data).toMatchObject({ sizeOptimization: true, responsiveDimensions: true });
      const accounts = await http.get('/users-permissions/advanced', { token: state.owner });
      expectStatus(accounts, 200);
      expect(accounts.body.settings.email_confirmation).toBe(false);
    });
  });

  describe('staff permissions', () => {
    it('registers the three RBAC actions: View, Modify, and Manage client gallery settings', async () => {
      const all = await http.get('/admin/permissions', { token: state.owner });
      expectStatus(all, 200);
      const plugins: Array<{ action: string; displayName: string; plugin: string }> = all.body.data.sections.plugins;
      const ours = plugins.filter((entry) => entry.plugin === 'client-gallery');
      expect(ours.map((entry) => entry.action).sort()).toEqual([READ, UPDATE, SETTINGS].sort());
      expect(ours.map((entry) => entry.displayName).sort()).toEqual(['Manage client gallery settings', 'Modify client gallery', 'View client gallery']);
    });

    it('gives every action to the super admin', async () => {
      const mine = await http.get('/admin/users/me/permissions', { token: state.owner });
      expectStatus(mine, 200);
      const actions = mine.body.data.map((permission: { action: string }) => permission.action);
      expect(actions).toEqual(expect.arrayContaining([READ, UPDATE, SETTINGS]));
    });

    it('creates roles with neither action, with View, and with View and Modify, and a staff member in each', async () => {
      state.nobody = await staffWithRole('Reception', [], 'reception@host.test');
      state.viewer = await staffWithRole('Assistant viewers', [READ], 'assistant@host.test');
      state.editor = await staffWithRole('Photographer editors', [READ, UPDATE], 'photographer@host.test');
    });

    it('answers 401 on an admin route without a token', async () => {
      expect((await http.get('/client-gallery/clients')).status).toBe(401);
    });

    it('answers 403 to staff whose role lacks View', async () => {
      expect((await http.get('/client-gallery/clients', { token: state.nobody })).status).toBe(403);
    });

    it('answers 200 to staff with View', async () => {
      const list = await http.get('/client-gallery/clients', { token: state.viewer });
      expectStatus(list, 200);
      expect(Array.isArray(list.body.results)).toBe(true);
    });
  });

  describe('the studio REST API (API token)', () => {
    it('creates a full-access API token from the admin', async () => {
      const created = await http.post('/admin/api-tokens', {
        token: state.owner,
        json: { name: 'Studio website', description: 'host-app smoke', type: 'full-access', lifespan: null },
      });
      expectStatus(created, 201);
      state.apiToken = created.body.data.accessKey;
      expect(typeof state.apiToken).toBe('string');
    });

    it('creates a client at POST /api/clients', async () => {
      const created = await http.post('/api/clients', { token: state.apiToken, json: { data: { name: 'Ada Lovelace', email: 'ada@client.test' } } });
      expectStatus(created, 201, 200);
      state.clientId = created.body.data.documentId;
      expect(typeof state.clientId).toBe('string');
    });

    it('ingests photos at POST /api/gallery-images/ingest (multipart)', async () => {
      const form = new FormData();
      form.append('client', state.clientId!);
      form.append('files', new Blob([new Uint8Array(await jpeg(1))], { type: 'image/jpeg' }), 'portrait-1.jpg');
      form.append('files', new Blob([new Uint8Array(await jpeg(2))], { type: 'image/jpeg' }), 'portrait-2.jpg');
      const ingested = await http.post('/api/gallery-images/ingest', { token: state.apiToken, form });
      expectStatus(ingested, 201);
      expect(ingested.body.results).toHaveLength(2);
      expect(ingested.body.results[0].status).toBe('created');
      expect(ingested.body.results[1].status).toBe('created');
    });

    it("stores a file through Strapi's content-API upload at POST /api/upload (multipart, through the gate)", async () => {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(await jpeg(3))], { type: 'image/jpeg' }), 'website-banner.jpg');
      const uploaded = await http.post('/api/upload', { token: state.apiToken, form });
      expectStatus(uploaded, 201);
      expect(uploaded.body).toEqual([expect.objectContaining({ name: 'website-banner.jpg', mime: 'image/jpeg' })]);
      const stored = await http.get(uploaded.body[0].url);
      expectStatus(stored, 200);
      expect(stored.type).toBe('image/jpeg');
      expect(stored.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    });

    it('refuses a multipart body on a route that takes no files (415)', async () => {
      // A few bytes, sent whole before the answer: the refusal closes the connection, and a client
      // still writing a photo would see the close (EPIPE) instead of the 415.
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(64)], { type: 'image/jpeg' }), 'nowhere.jpg');
      // Refused unread: the answer is 415, or the close that refusal makes reaches fetch first (EPIPE).
      const status = await http.post('/api/clients', { token: state.apiToken, form }).then(
        (res) => res.status,
        (error: Error & { cause?: { code?: string } }) => (['EPIPE', 'ECONNRESET'].includes(error.cause?.code ?? '') ? 'closed' : Promise.reject(error)),
      );
      expect([415, 'closed']).toContain(status);
    });

    it("shows the client's photos to staff with View, with signed thumbnails", async () => {
      const images = await http.get(`/client-gallery/clients/${state.clientId}/images`, { token: state.viewer });
      expectStatus(images, 200);
      expect(images.body.results).toHaveLength(2);
      state.imageIds = images.body.results.map((image: { documentId: string }) => image.documentId);
      const thumb = await http.get(images.body.results[0].thumbUrl);
      expectStatus(thumb, 200);
      expect(thumb.type).toBe('image/jpeg');
    });
  });

  describe('galleries and share links (admin routes)', () => {
    it('refuses a Modify route (403) to staff with View only', async () => {
      const refused = await http.post(`/client-gallery/clients/${state.clientId}/galleries`, { token: state.viewer, json: { title: 'Not allowed', status: 'ready' } });
      expect(refused.status).toBe(403);
    });

    it("makes a gallery of the client's photos for staff with Modify, in status ready", async () => {
      const created = await http.post(`/client-gallery/clients/${state.clientId}/galleries`, { token: state.editor, json: { title: 'Spring portraits', status: 'ready' } });
      expectStatus(created, 201);
      expect(created.body.data).toMatchObject({ title: 'Spring portraits', status: 'ready', imageCount: 2, published: false });
      state.galleryId = created.body.data.documentId;
    });

    it('publishes it', async () => {
      const published = await http.post(`/client-gallery/galleries/${state.galleryId}/publish`, { token: state.editor });
      expectStatus(published, 200);
      expect(published.body.data.published).toBe(true);
    });

    it('creates its general link with downloads, and shows the token once', async () => {
      const link = await http.post(`/client-gallery/galleries/${state.galleryId}/links`, {
        token: state.editor,
        json: { kind: 'general', downloadsEnabled: true, resolutions: ['web'] },
      });
      expectStatus(link, 201);
      state.generalToken = link.body.meta.token;
      expect(state.generalToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const listed = await http.get(`/client-gallery/galleries/${state.galleryId}/links`, { token: state.viewer });
      expectStatus(listed, 200);
      expect(JSON.stringify(listed.body)).not.toContain(state.generalToken);
    });
  });

  describe('a link visitor (no account)', () => {
    it('opens the gallery at GET /api/share/:token', async () => {
      const view = await http.get(`/api/share/${state.generalToken}`);
      expectStatus(view, 200);
      expect(view.body.data.title).toBe('Spring portraits');
    });

    it('lists its photos with signed thumbnail URLs that serve JPEGs', async () => {
      const images = await http.get(`/api/share/${state.generalToken}/images`);
      expectStatus(images, 200);
      expect(images.body.data).toHaveLength(2);
      const thumbUrl: string = images.body.data[0].thumbUrl;
      expect(new URL(thumbUrl, host.baseUrl).pathname).toMatch(/^\/media\//);
      const thumb = await http.get(thumbUrl);
      expectStatus(thumb, 200);
      expect(thumb.type).toBe('image/jpeg');
      expect(thumb.bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
      // The signature is the capability: the same key unsigned is a 404.
      expect((await http.get(new URL(thumbUrl, host.baseUrl).pathname)).status).toBe(404);
    });

    it('gets the gallery page at /g/:token, and its script and stylesheet', async () => {
      const page = await http.get(`/g/${state.generalToken}`);
      expectStatus(page, 200);
      expect(page.type).toContain('text/html');
      const html = page.bytes.toString('utf8');
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/pages\/[^"]+)"/g)].map((match) => match[1]);
      expect(assets.some((asset) => asset.endsWith('.js'))).toBe(true);
      expect(assets.some((asset) => asset.endsWith('.css'))).toBe(true);
      for (const asset of assets) {
        const file = await http.get(asset);
        expectStatus(file, 200);
        expect(file.type).toMatch(asset.endsWith('.js') ? /javascript/ : /text\/css/);
        expect(file.bytes.length).toBeGreaterThan(100);
      }
    });

    it('downloads the whole gallery as a zip package, once its status route says it is ready', async () => {
      const requested = await http.post(`/api/share/${state.generalToken}/packages`, { json: { resolution: 'web' } });
      expectStatus(requested, 202);
      expect(requested.body.data).toMatchObject({ status: 'preparing', imageCount: 2 });
      // The zip answers 409 until its files are made and its layout frozen; the status route says when.
      let progress = await http.get(requested.body.data.statusUrl);
      for (let i = 0; i < 100 && progress.body?.data?.status === 'preparing'; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        progress = await http.get(requested.body.data.statusUrl);
      }
      expect(progress.body.data).toMatchObject({ status: 'ready', prepared: 2, total: 2 });
      await expectZipOf(requested.body.data.downloadUrl, 2);
    });
  });

  describe('mail through the host’s email provider', () => {
    it('mails a private link to the client, and the mailed link opens the gallery', async () => {
      const shared = await http.post(`/client-gallery/galleries/${state.galleryId}/share-with-client`, {
        token: state.editor,
        json: { email: 'ada@client.test', name: 'Ada', downloadsEnabled: true, resolutions: ['web'] },
      });
      expectStatus(shared, 201);
      expect(shared.body.meta.invitation).toEqual({ sent: true, error: null });
      const invitation = await mailbox.waitFor((mail) => mail.to.includes('ada@client.test') && /Spring portraits/.test(mail.subject));
      const match = /\/g\/([A-Za-z0-9_-]{43})/.exec(invitation.text);
      expect(match).not.toBeNull();
      state.privateToken = match![1];
      expect(state.privateToken).toBe(shared.body.meta.token);
      const view = await http.get(`/api/share/${state.privateToken}`);
      expectStatus(view, 200);
      expect(view.body.data.title).toBe('Spring portraits');
    });

    it('mails the package link when the zip is ready, and that link downloads it', async () => {
      const requested = await http.post(`/api/share/${state.privateToken}/packages`, { json: { resolution: 'web', imageIds: [state.imageIds[0]] } });
      expectStatus(requested, 202);
      const ready = await mailbox.waitFor((mail) => mail.to.includes('ada@client.test') && /download is ready/i.test(mail.subject), 60000);
      const url = /(https?:\/\/\S+\/api\/packages\/[^\s"<]+)/.exec(ready.text)?.[1];
      expect(url).toBeDefined();
      expect(url!.startsWith(host.baseUrl)).toBe(true);
      await expectZipOf(url!, 1);
    });
  });

  describe('the client portal (a users-permissions account)', () => {
    it('lets the client register an account with the email the private link names', async () => {
      const registered = await http.post('/api/auth/local/register', { json: PORTAL_ACCOUNT });
      expectStatus(registered, 200);
      expect(registered.body.user.confirmed).toBe(true);
      state.portalJwt = registered.body.jwt;
    });

    // A fresh host: users-permissions creates its Authenticated role in its own bootstrap, which may
    // run after the plugin's; the portal's permissions must be granted on this very first boot.
    it("lists the galleries shared with that email, on the host's first boot", async () => {
      const galleries = await http.get('/api/portal/galleries', { token: state.portalJwt });
      expectStatus(galleries, 200);
      expect(galleries.body.data.map((gallery: { title: string }) => gallery.title)).toEqual(['Spring portraits']);
    });
  });
});

// On the same host and with what the specifications above made: one boot, not two.
describeDomainErrors(() => ({ http, editor: state.editor!, apiToken: state.apiToken!, portalJwt: state.portalJwt!, galleryId: state.galleryId!, generalToken: state.generalToken! }));

describe("the host's own content type, beside the plugin", () => {
  it('creates and reads an article over REST with the API token', async () => {
    const created = await http.post('/api/articles', { token: state.apiToken, json: { data: HOST_ARTICLE } });
    expectStatus(created, 201, 200);
    expect(created.body.data).toMatchObject(HOST_ARTICLE);
    const listed = await http.get('/api/articles', { token: state.apiToken });
    expectStatus(listed, 200);
    expect(listed.body.data.map((article: { title: string }) => article.title)).toEqual([HOST_ARTICLE.title]);
  });
});
