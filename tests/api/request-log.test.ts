import { Writable } from 'stream';
import request from 'supertest';
import winston from 'winston';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { signInVersion, signSignInTicket } from '../../src/plugins/client-gallery/server/src/lib/share-crypto';

/**
 * The request log at Strapi's default level (`http`: strapi::logger writes every request's URL)
 * holds no capability after a whole visitor session: no share token, package token, portal
 * access token, media signature or reset code, only their first characters. Its own boot: the
 * log level and the captured log are this file's.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
const lines: string[] = [];

beforeAll(async () => {
  // In its own sandbox: it adds a transport of this file's winston to the server's logger.
  booted = await bootStrapi('request-log', { STRAPI_LOG_LEVEL: 'http', STUDIO_NOTIFY_EMAIL: '', CRON_ENABLED: 'false', OUTBOX_DIR: '.tmp/outbox-request-log' }, { inSandbox: true });
  strapi = booted.strapi;
  const logger = strapi.log as unknown as winston.Logger;
  // The console stays quiet; what the logger writes is captured, as a log shipper would see it.
  for (const transport of logger.transports) transport.silent = true;
  const capture = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  logger.add(new winston.transports.Stream({ stream: capture, format: winston.format.simple() }));
});

afterAll(async () => {
  await booted?.stop();
});

it('writes no token, signature or code to the request log during a visitor session', async () => {
  const http = request(booted.baseUrl);
  const fileId = (await uploadFile(strapi, await makeJpeg(83, 640, 480), 'request-log.jpg')).id;
  const { gallery, images } = await makeGallery(strapi, 'Request log', fileId, { status: 'ready', images: 2 });
  const { link, token } = await makeLink(strapi, gallery.documentId, {
    recipientEmail: 'request-log@client.test',
    password: 'log-password',
    downloadsEnabled: true,
    resolutions: ['web'],
  });

  expect((await http.get(`/g/${token}`)).status).toBe(200);
  const unlock = await http.post(`/api/share/${token}/unlock`).send({ password: 'log-password' });
  expect(unlock.status).toBe(200);
  const unlockToken: string = unlock.body.data.unlockToken;
  const listed = await http.get(`/api/share/${token}/images`).set('X-Share-Unlock', unlockToken);
  expect(listed.status).toBe(200);
  const { thumbUrl, previewUrl } = listed.body.data[0];
  expect((await http.get(thumbUrl)).status).toBe(200);
  expect((await http.get(previewUrl)).status).toBe(200);
  const single = await http.get(`/api/share/${token}/images/${images[0].documentId}/download?resolution=web`).set('X-Share-Unlock', unlockToken);
  expect(single.status).toBe(200);
  const ordered = await http.post(`/api/share/${token}/packages`).set('X-Share-Unlock', unlockToken).send({ resolution: 'web' });
  expect(ordered.status).toBe(202);
  await strapi.plugin('client-gallery').service('download-package').settled();
  const packagePath = new URL(ordered.body.data.downloadUrl).pathname;
  expect((await http.get(`${packagePath}/status`)).status).toBe(200);
  expect((await http.get(packagePath)).status).toBe(200);
  // The sign-in link (mailed as /g/<token>#sign-in=<ticket>: the fragment never reaches the server) and its use.
  expect((await http.post(`/api/share/${token}/sign-in-link`)).status).toBe(202);
  const shareTokens = strapi.plugin('client-gallery').service('share-tokens');
  const ticket = signSignInTicket(shareTokens.signingKey(), link.documentId, Math.floor(Date.now() / 1000) + 900, signInVersion(link));
  expect((await http.post(`/api/share/${token}/sign-in`).send({ ticket })).status).toBe(200);
  // A portal account's access token opens the share API like a link's token; a reset mail's code opens the reset page.
  const portal = shareTokens.issueAccessToken(link, 3600).token as string;
  expect((await http.get(`/api/share/${portal}`).set('X-Share-Unlock', unlockToken)).status).toBe(200);
  const resetCode = 'r3s3tC0d3'.repeat(8);
  expect((await http.get(`/portal/reset-password?code=${resetCode}`)).status).toBe(200);

  const log = lines.join('');
  const capabilities = {
    'share token': token,
    'package token': packagePath.split('/').pop()!,
    'portal access token': portal,
    'thumb signature': new URL(thumbUrl, booted.baseUrl).searchParams.get('sig')!,
    'preview signature': new URL(previewUrl, booted.baseUrl).searchParams.get('sig')!,
    'reset code': resetCode,
  };
  for (const [name, value] of Object.entries(capabilities)) {
    expect(value.length).toBeGreaterThan(12);
    expect({ name, inLog: log.includes(value) }).toEqual({ name, inLog: false });
  }
  // The requests were logged, with a prefix that tells them apart.
  expect(log).toContain(`GET /g/${token.slice(0, 4)}…`);
  expect(log).toContain(`POST /api/share/${token.slice(0, 4)}…/unlock`);
  expect(log).toMatch(/GET \/media\/\S+sig=\S{4}… \(\d+ ms\) 200/);
  expect(log).toContain(`GET /api/packages/${capabilities['package token'].slice(0, 4)}…`);
});
