import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';

/**
 * The edge of the app: which origins may call it with credentials, and when a proxy's
 * X-Forwarded-* headers are believed (Secure cookies, the address attempt counters key on).
 */
describe.each([
  ['directly', { TRUST_PROXY: 'false' }],
  ['behind a trusted proxy', { TRUST_PROXY: 'true' }],
])('served %s', (_label, env) => {
  let booted: BootedStrapi;
  let strapi: Core.Strapi;
  let token: string;
  const trusted = env.TRUST_PROXY === 'true';
  const http = () => request(strapi.server.httpServer);

  beforeAll(async () => {
    booted = await bootStrapi(`edge-${env.TRUST_PROXY}`, { ...env, PUBLIC_URL: 'https://studio.example', CORS_ORIGINS: 'https://www.studio.example', STUDIO_NOTIFY_EMAIL: '' });
    strapi = booted.strapi;
    const file = await uploadFile(strapi, await makeJpeg(61), 'edge.jpg');
    const { gallery } = await makeGallery(strapi, `Edge ${env.TRUST_PROXY}`, file.id);
    token = (await makeLink(strapi, gallery.documentId, { recipientEmail: 'edge@client.test', password: 'edge-password' })).token;
  });

  afterAll(async () => {
    await booted?.stop();
  });

  it.each([
    ['https://studio.example', true],
    ['https://www.studio.example', true],
    ['https://evil.example', false],
    ['null', false],
  ])('answers CORS for origin %s: %s', async (origin, allowed) => {
    const res = await http().options(`/api/share/${token}`).set('Origin', origin).set('Access-Control-Request-Method', 'GET');
    expect(res.headers['access-control-allow-origin'] === origin).toBe(allowed);
    if (!allowed) expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it(`${trusted ? 'sets' : 'does not set'} Secure on the unlock cookie when the proxy says the request came over HTTPS`, async () => {
    const res = await http().post(`/api/share/${token}/unlock`).set('X-Forwarded-Proto', 'https').send({ password: 'edge-password' });
    expect(res.status).toBe(200);
    expect(/;\s*secure/i.test(String(res.headers['set-cookie']))).toBe(trusted);
  });

  it(`counts wrong passwords per ${trusted ? 'forwarded client address' : 'socket address, ignoring X-Forwarded-For'}`, async () => {
    const attempts = strapi.db.query('plugin::client-gallery.access-attempt');
    await http().post(`/api/share/${token}/unlock`).set('X-Forwarded-For', '203.0.113.7').send({ password: 'wrong' });
    const keys = (await attempts.findMany({ select: ['attemptKey'] })).map((row: { attemptKey: string }) => row.attemptKey);
    expect(keys.some((key: string) => key.endsWith(':203.0.113.7'))).toBe(trusted);
  });
});
