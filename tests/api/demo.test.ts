import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, distDir, type BootedStrapi } from '../helpers/strapi';

/**
 * `npm run demo` (README, first command): the seed it runs gives a working login, two clients
 * with photos (one from a note), and a general and a private link that open the gallery.
 * The seed is loaded from dist/, exactly as scripts/demo.js loads it.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let demoDir: string;
const http = () => request(strapi.server.httpServer);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedDemo } = require(path.join(distDir, 'src', 'demo', 'seed.js'));

beforeAll(async () => {
  demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-demo-test-'));
  booted = await bootStrapi('demo', { OUTBOX_DIR: path.join(demoDir, 'outbox'), SMTP_HOST: '', STUDIO_NOTIFY_EMAIL: '' });
  strapi = booted.strapi;
});

afterAll(async () => {
  await booted?.stop();
  fs.rmSync(demoDir, { recursive: true, force: true });
});

describe('the demo seed', () => {
  let info: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    info = await seedDemo(strapi, demoDir);
  }, 120000);

  it('prints a login that works for the admin panel', async () => {
    expect(info.seededNow).toBe(true);
    const login = await http().post('/admin/login').send({ email: info.adminEmail, password: info.adminPassword });
    expect(login.status).toBe(200);
    const clients = await http().get('/client-gallery/clients').set('Authorization', `Bearer ${login.body.data.token}`);
    expect(clients.body.results.map((client: { name: string }) => client.name).sort()).toEqual(['Maya Lindqvist', 'Tomás Okafor']);
  });

  it('prints a general and a private link that open the shared gallery', async () => {
    for (const link of [info.generalLink, info.privateLink]) {
      const token = decodeURIComponent(new URL(link).pathname.replace(/^\/g\//, ''));
      const res = await http().get(`/api/share/${token}`);
      expect(res.status).toBe(200);
      expect(res.body.data.title).toBe('Maya & Jonas — Wedding');
      expect((await http().get(`/g/${token}`)).status).toBe(200);
    }
    // The invitation to the private link's recipient went to the outbox the README names.
    const mails = fs.readdirSync(path.join(demoDir, 'outbox')).filter((name) => name.endsWith('.eml'));
    expect(mails.length).toBeGreaterThanOrEqual(1);
  });

  it("puts generated photos in both clients' galleries, including a note's photo", async () => {
    const images = await strapi.db.query('plugin::client-gallery.gallery-image').findMany({ populate: { client: { select: ['name'] } } });
    const count = (name: string, source?: string) => images.filter((image: any) => image.client?.name === name && (!source || image.source === source)).length;
    expect(count('Maya Lindqvist')).toBe(6);
    expect(count('Tomás Okafor')).toBe(5);
    expect(count('Tomás Okafor', 'client-note')).toBe(1);
  });

  it('is idempotent: a second run keeps the data and prints the same login and links', async () => {
    const again = await seedDemo(strapi, demoDir);
    expect(again).toEqual({ ...info, seededNow: false });
    expect(await strapi.db.query('plugin::client-gallery.client').count()).toBe(2);
  });
});
