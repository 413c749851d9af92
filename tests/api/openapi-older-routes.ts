import type request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeGallery, makeLink } from '../helpers/share';
import type { TestSmtp } from '../helpers/smtp';

/**
 * The OpenAPI scenarios of the share API's older routes (links, images, favourites, downloads,
 * packages, the portal): for each documented status, a request the server answers with it.
 * Registered by tests/api/openapi.test.ts, which runs them against its booted server.
 */
export interface LinkOptions {
  extra?: Record<string, unknown>;
  status?: 'proofing' | 'locked' | 'ready';
  password?: string;
  kind?: 'general';
  publish?: boolean;
  /** Settings of the link itself (downloads, resolutions…). */
  settings?: Record<string, unknown>;
}
export type Made = { token: string; link: any; gallery: any; ids: string[] };

export interface ScenarioKit {
  http: () => ReturnType<typeof request>;
  strapi: () => Core.Strapi;
  smtp: () => TestSmtp;
  fileId: () => number;
  link: (options?: LinkOptions) => Promise<Made>;
  scenario: (key: string, run: () => Promise<request.Response>) => void;
}

let accounts = 0;

export function olderRouteScenarios({ http, strapi, smtp, fileId, link, scenario }: ScenarioKit) {
  /** A link whose photos may be downloaded at web size, once each. */
  const DOWNLOADS = { downloadsEnabled: true, resolutions: ['web'], watermark: false, downloadLimit: 10 };
  /** A link of a ready gallery (photos are downloaded once the gallery is ready) with DOWNLOADS. */
  const downloadsLink = (options: LinkOptions = {}) => link({ status: 'ready', ...options, settings: { ...DOWNLOADS, ...options.settings } });
  type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
  const call = (method: Method, url: string, body?: object, headers: Record<string, string> = {}) => {
    const req = method === 'GET' ? http().get(url) : method === 'PUT' ? http().put(url) : method === 'DELETE' ? http().delete(url) : http().post(url);
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    return body ? req.send(body) : req;
  };
  const fill = (path: string, l: Made) => path.replace('{token}', l.token).replace('{imageId}', l.ids[0]);
  const waitFor = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await check()); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  /** Config changes for one request; the server reads its config on every request. */
  async function withConfig<T>(section: 'share' | 'visitorWrites', values: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
    const at = (key: string) => `plugin::client-gallery.${section}.${key}`;
    const previous = Object.fromEntries(Object.keys(values).map((key) => [key, strapi().config.get(at(key))]));
    for (const [key, value] of Object.entries(values)) strapi().config.set(at(key), value);
    try {
      return await run();
    } finally {
      for (const [key, value] of Object.entries(previous)) strapi().config.set(at(key), value);
    }
  }
  const withShareConfig = <T>(values: Record<string, unknown>, run: () => Promise<T>) => withConfig('share', values, run);
  /** A package of one photo, prepared. */
  async function preparedPackage() {
    const l = await downloadsLink();
    const res = await http()
      .post(`/api/share/${l.token}/packages`)
      .send({ resolution: 'web', imageIds: [l.ids[0]] });
    expect(res.status).toBe(202);
    await strapi().service('plugin::client-gallery.download-package').settled();
    const zip = new URL(res.body.data.downloadUrl).pathname;
    await waitFor(async () => (await http().head(zip)).status === 200);
    return { ...l, zip, status: new URL(res.body.data.statusUrl).pathname };
  }
  /** Change a link the way the studio does, then wait out the one-second capability cache. */
  async function changeLink(l: Made, data: Record<string, unknown>) {
    await strapi()
      .db.query('plugin::client-gallery.share-link')
      .update({ where: { id: l.link.id }, data });
    await new Promise((resolve) => setTimeout(resolve, 1100));
  }
  async function portalJwt(confirmed = true) {
    accounts += 1;
    const role = await strapi()
      .db.query('plugin::users-permissions.role')
      .findOne({ where: { type: 'authenticated' } });
    const email = `portal-${accounts}@client.test`;
    const user = await strapi()
      .plugin('users-permissions')
      .service('user')
      .add({ username: email, email, password: 'Portal-Passw0rd', provider: 'local', confirmed, blocked: false, role: role.id });
    return { jwt: strapi().plugin('users-permissions').service('jwt').issue({ id: user.id }) as string, email };
  }

  // Every link route refuses a password-protected link without an unlock (401) and an unpublished gallery (403).
  const linkRoutes: [Method, string, ((l: Made) => object)?][] = [
    ['GET', '/api/share/{token}'],
    ['GET', '/api/share/{token}/images'],
    ['PUT', '/api/share/{token}/favourites/{imageId}'],
    ['DELETE', '/api/share/{token}/favourites/{imageId}'],
    ['GET', '/api/share/{token}/downloads'],
    ['POST', '/api/share/{token}/downloads', (l) => ({ imageIds: [l.ids[0]] })],
    ['DELETE', '/api/share/{token}/downloads/{imageId}'],
    ['GET', '/api/share/{token}/images/{imageId}/download'],
    ['POST', '/api/share/{token}/packages', () => ({ resolution: 'web' })],
  ];
  for (const [method, path, body] of linkRoutes) {
    const url = (l: Made) => `${fill(path, l)}${path.endsWith('/download') ? '?resolution=web' : ''}`;
    scenario(`${method} ${path} 401`, async () => {
      const l = await downloadsLink({ password: 'pass-word' });
      return call(method, url(l), body?.(l));
    });
    scenario(`${method} ${path} 403`, async () => {
      // Writes are refused once the gallery is locked; reading the page is refused while it is unpublished.
      const l = await link(
        method === 'GET' && !path.includes('download')
          ? { publish: false }
          : { status: 'locked', settings: { ...DOWNLOADS, downloadsEnabled: method === 'PUT' || method === 'DELETE' ? true : false } },
      );
      return call(method, url(l), body?.(l));
    });
  }
  // Every capped visitor write (config visitorWrites), refused once its link's allowance is used: all caps 0 for the one request.
  const CAPPED: [Method, string, ((l: Made) => object)?][] = [
    ['PUT', '/api/share/{token}/favourites/{imageId}'],
    ['DELETE', '/api/share/{token}/favourites/{imageId}'],
    ['PUT', '/api/share/{token}/selection/{imageId}'],
    ['DELETE', '/api/share/{token}/selection/{imageId}'],
    ['POST', '/api/share/{token}/comments', () => ({ body: 'Hello' })],
    ['POST', '/api/share/{token}/images/{imageId}/comments', () => ({ body: 'Hello' })],
    ['PUT', '/api/share/{token}/images/{imageId}/review', () => ({ decision: 'approved' })],
    ['POST', '/api/share/{token}/downloads', (l) => ({ imageIds: [l.ids[0]] })],
    ['DELETE', '/api/share/{token}/downloads/{imageId}'],
    ['POST', '/api/share/{token}/packages', () => ({ resolution: 'web' })],
  ];
  for (const [method, path, body] of CAPPED) {
    scenario(`${method} ${path} 429`, async () => {
      const l = path.includes('download') || path.includes('packages') ? await downloadsLink() : await link();
      return withConfig('visitorWrites', { commentsPerLink: 0, commentsPerThread: 0, marksPerLink: 0, packagesPerLink: 0 }, async () =>
        call(method, fill(path, l), body?.(l)),
      );
    });
  }
  for (const method of ['PUT', 'DELETE'] as const) {
    scenario(`${method} /api/share/{token}/favourites/{imageId} 200`, async () => call(method, fill('/api/share/{token}/favourites/{imageId}', await link())));
    scenario(`${method} /api/share/{token}/favourites/{imageId} 404`, async () => call(method, `/api/share/${(await link()).token}/favourites/not-a-photo`));
  }

  scenario('GET /api/share/{token} 200', async () => http().get(`/api/share/${(await link()).token}`));
  scenario('POST /api/share/{token}/unlock 200', async () =>
    http()
      .post(`/api/share/${(await link({ password: 'pass-word' })).token}/unlock`)
      .send({ password: 'pass-word' }),
  );
  scenario('POST /api/share/{token}/unlock 400', async () =>
    http()
      .post(`/api/share/${(await link({ password: 'pass-word' })).token}/unlock`)
      .send({}),
  );
  scenario('POST /api/share/{token}/unlock 429', async () => {
    const l = await link({ password: 'pass-word' });
    return withShareConfig({ unlockMaxAttempts: 1 }, async () => {
      await http().post(`/api/share/${l.token}/unlock`).send({ password: 'wrong-1' });
      return http().post(`/api/share/${l.token}/unlock`).send({ password: 'wrong-2' });
    });
  });
  scenario('POST /api/share/{token}/sign-in-link 202', async () => http().post(`/api/share/${(await link({ password: 'pass-word' })).token}/sign-in-link`));
  scenario('POST /api/share/{token}/sign-in-link 429', async () => {
    const l = await link({ password: 'pass-word' });
    return withShareConfig({ signInMailsPerWindow: 1 }, async () => {
      await http().post(`/api/share/${l.token}/sign-in-link`);
      return http().post(`/api/share/${l.token}/sign-in-link`);
    });
  });
  scenario('POST /api/share/{token}/sign-in 200', async () => {
    const l = await link({ password: 'pass-word' });
    expect((await http().post(`/api/share/${l.token}/sign-in-link`)).status).toBe(202);
    const mail = await smtp().waitFor((m) => m.to.includes(l.link.recipientEmail) && /#sign-in=/.test(m.text));
    const ticket = /#sign-in=(si2\.[A-Za-z0-9._-]+)/.exec(mail.text)![1];
    return http().post(`/api/share/${l.token}/sign-in`).send({ ticket });
  });
  scenario('POST /api/share/{token}/sign-in 400', async () =>
    http()
      .post(`/api/share/${(await link({ password: 'pass-word' })).token}/sign-in`)
      .send({ ticket: '' }),
  );
  scenario('POST /api/share/{token}/sign-in 401', async () =>
    http()
      .post(`/api/share/${(await link({ password: 'pass-word' })).token}/sign-in`)
      .send({ ticket: 'si2.not-a-ticket' }),
  );
  scenario('POST /api/share/{token}/sign-in 429', async () => {
    const l = await link({ password: 'pass-word' });
    return withShareConfig({ unlockMaxAttemptsPerLink: 0 }, async () => http().post(`/api/share/${l.token}/sign-in`).send({ ticket: 'si2.not-a-ticket' }));
  });
  scenario('POST /api/share/{token}/unlock 401', async () =>
    http()
      .post(`/api/share/${(await link({ password: 'pass-word' })).token}/unlock`)
      .send({ password: 'wrong' }),
  );
  scenario('POST /api/share/{token}/sign-in-link 403', async () => http().post(`/api/share/${(await link({ kind: 'general' })).token}/sign-in-link`));
  scenario('GET /api/share/{token}/images 200', async () => http().get(`/api/share/${(await link()).token}/images`));
  scenario('GET /api/share/{token}/images 400', async () => http().get(`/api/share/${(await link()).token}/images?limit=many`));

  const claim = (l: Made, email: string) => http().post(`/api/share/${l.token}/claim`).send({ email });
  scenario('POST /api/share/{token}/claim 201', async () => claim(await link({ kind: 'general' }), 'first@client.test'));
  // 202 is what a verifying claim answers (the link goes to the inbox only), for a new or a known address.
  scenario('POST /api/share/{token}/claim 202', async () => {
    const l = await link({ kind: 'general' });
    return withShareConfig({ claimVerification: true }, () => claim(l, 'verify@client.test'));
  });
  scenario('POST /api/share/{token}/claim 400', async () => claim(await link({ kind: 'general' }), 'not-an-email'));
  scenario('POST /api/share/{token}/claim 401', async () => claim(await link({ kind: 'general', settings: { password: 'pass-word' } }), 'locked@client.test'));
  scenario('POST /api/share/{token}/claim 403', async () => claim(await link({ kind: 'general', publish: false }), 'early@client.test'));
  scenario('POST /api/share/{token}/claim 409', async () => claim(await link(), 'private@client.test'));
  scenario('POST /api/share/{token}/claim 429', async () => {
    const l = await link({ kind: 'general' });
    return withShareConfig({ claimsPerLink: 1 }, async () => {
      await claim(l, 'one@client.test');
      return claim(l, 'two@client.test');
    });
  });

  scenario('GET /api/share/{token}/downloads 200', async () => http().get(`/api/share/${(await downloadsLink()).token}/downloads`));
  scenario('POST /api/share/{token}/downloads 200', async () => {
    const l = await downloadsLink();
    return http()
      .post(`/api/share/${l.token}/downloads`)
      .send({ imageIds: [l.ids[0]] });
  });
  scenario('POST /api/share/{token}/downloads 400', async () =>
    http()
      .post(`/api/share/${(await downloadsLink()).token}/downloads`)
      .send({ imageIds: 'all' }),
  );
  scenario('DELETE /api/share/{token}/downloads/{imageId} 200', async () => {
    const l = await downloadsLink();
    await http()
      .post(`/api/share/${l.token}/downloads`)
      .send({ imageIds: [l.ids[0]] });
    return http().delete(fill('/api/share/{token}/downloads/{imageId}', l));
  });
  scenario('DELETE /api/share/{token}/downloads/{imageId} 409', async () => {
    const l = await downloadsLink();
    await http()
      .post(`/api/share/${l.token}/downloads`)
      .send({ imageIds: [l.ids[0]] });
    expect((await http().get(`/api/share/${l.token}/images/${l.ids[0]}/download?resolution=web`)).status).toBe(200);
    // "Downloaded" is recorded once the last byte has left the server.
    await waitFor(async () => (await http().get(`/api/share/${l.token}/downloads`)).body.data.items[0]?.state === 'downloaded');
    return http().delete(fill('/api/share/{token}/downloads/{imageId}', l));
  });
  const single = (l: Made, query = '?resolution=web', headers: Record<string, string> = {}) =>
    call('GET', `/api/share/${l.token}/images/${l.ids[0]}/download${query}`, undefined, headers);
  scenario('GET /api/share/{token}/images/{imageId}/download 200', async () => single(await downloadsLink()));
  scenario('GET /api/share/{token}/images/{imageId}/download 206', async () => single(await downloadsLink(), '?resolution=web', { Range: 'bytes=0-9' }));
  scenario('GET /api/share/{token}/images/{imageId}/download 400', async () => single(await downloadsLink(), '?resolution=poster'));
  scenario('DELETE /api/share/{token}/downloads/{imageId} 404', async () => http().delete(`/api/share/${(await downloadsLink()).token}/downloads/not-a-photo`));
  scenario('GET /api/share/{token}/images/{imageId}/download 404', async () =>
    http().get(`/api/share/${(await downloadsLink()).token}/images/not-a-photo/download?resolution=web`),
  );
  scenario('POST /api/share/{token}/packages 202', async () =>
    http()
      .post(`/api/share/${(await downloadsLink()).token}/packages`)
      .send({ resolution: 'web' }),
  );
  scenario('POST /api/share/{token}/packages 400', async () =>
    http()
      .post(`/api/share/${(await downloadsLink()).token}/packages`)
      .send({ resolution: 'poster' }),
  );

  scenario('GET /api/packages/{packageToken} 200', async () => http().get((await preparedPackage()).zip));
  scenario('GET /api/packages/{packageToken} 206', async () =>
    http()
      .get((await preparedPackage()).zip)
      .set('Range', 'bytes=0-9'),
  );
  scenario('GET /api/packages/{packageToken} 416', async () =>
    http()
      .get((await preparedPackage()).zip)
      .set('Range', 'bytes=999999999-'),
  );
  scenario('GET /api/packages/{packageToken} 404', async () => http().get('/api/packages/not-a-package'));
  scenario('GET /api/packages/{packageToken} 403', async () => {
    const p = await preparedPackage();
    await changeLink(p, { downloadsEnabled: false });
    return http().get(p.zip);
  });
  scenario('GET /api/packages/{packageToken} 409', async () => {
    const p = await preparedPackage();
    // The link's downloads now carry a watermark: the files are made again, and the zip waits for them.
    await changeLink(p, { downloadsWatermarked: true });
    const res = await http().get(p.zip);
    await strapi().service('plugin::client-gallery.download-package').settled();
    return res;
  });
  scenario('GET /api/packages/{packageToken} 410', async () => {
    // Preparation failed (a full disk, a broken file): the visitor is told to order again, at no cost.
    const p = await preparedPackage();
    const row = await strapi().db.query('plugin::client-gallery.download-package').findOne({ where: { documentId: p.zip.split('.')[1] }, select: ['id'] });
    await strapi().service('plugin::client-gallery.download-package').fail(row.id, { id: row.id }, 'ENOSPC: no space left on device');
    return http().get(p.zip);
  });
  scenario('GET /api/packages/{packageToken}/status 200', async () => http().get((await preparedPackage()).status));
  scenario('GET /api/packages/{packageToken}/status 404', async () => http().get('/api/packages/not-a-package/status'));
  scenario('GET /api/packages/{packageToken}/status 403', async () => {
    const p = await preparedPackage();
    await changeLink(p, { downloadsEnabled: false });
    return http().get(p.status);
  });

  scenario('GET /api/portal/galleries 200', async () =>
    http()
      .get('/api/portal/galleries')
      .set('Authorization', `Bearer ${(await portalJwt()).jwt}`),
  );
  scenario('GET /api/portal/galleries 401', async () => http().get('/api/portal/galleries').set('Authorization', 'Bearer not-a-jwt'));
  scenario('GET /api/portal/galleries 403', async () => http().get('/api/portal/galleries'));
  scenario('POST /api/portal/galleries/{id}/open 200', async () => {
    const { jwt, email } = await portalJwt();
    const { gallery } = await makeGallery(strapi(), `OpenAPI portal ${accounts}`, fileId(), { images: 1 });
    await makeLink(strapi(), gallery.documentId, { recipientEmail: email });
    return http().post(`/api/portal/galleries/${gallery.documentId}/open`).set('Authorization', `Bearer ${jwt}`);
  });
  scenario('POST /api/portal/galleries/{id}/open 401', async () =>
    http()
      .post(`/api/portal/galleries/${(await link()).gallery.documentId}/open`)
      .set('Authorization', 'Bearer not-a-jwt'),
  );
  scenario('POST /api/portal/galleries/{id}/open 403', async () => http().post(`/api/portal/galleries/${(await link()).gallery.documentId}/open`));
  scenario('POST /api/portal/galleries/{id}/open 404', async () =>
    http()
      .post(`/api/portal/galleries/${(await link()).gallery.documentId}/open`)
      .set('Authorization', `Bearer ${(await portalJwt()).jwt}`),
  );
  scenario('GET /api/share-api/openapi.json 200', () => http().get('/api/share-api/openapi.json'));
}
