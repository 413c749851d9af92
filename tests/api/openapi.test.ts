import request from 'supertest';
import type { Core } from '@strapi/strapi';
// openapi-core 1.x: 2.x is ESM only, which jest's loader cannot require, and openapi-typescript 7 is built on 1.x.
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink, setStatus } from '../helpers/share';
import type { ProfileBoot } from '../helpers/profiles';
import { useProfile } from '../helpers/shared-boot';
import type { TestSmtp } from '../helpers/smtp';
import { olderRouteScenarios, type LinkOptions } from './openapi-older-routes';

/**
 * The OpenAPI 3.1 document of the public share API against the running server: every routed
 * public path is documented and nothing else is; every link route answers an unknown token with
 * its documented 404; every other status documented for any operation (links, images,
 * favourites, selection, comments, review, downloads, packages, portal) is produced by a scenario
 * here, so the document cannot drift from the server; and the document as served passes
 * Redocly's recommended lint. tests/api/openapi-client.test.ts drives the server with a client
 * generated from it.
 */
let booted: ProfileBoot;
let strapi: Core.Strapi;
let doc: any;
let fileId: number;
let sequence = 0;
let smtp: TestSmtp;
const http = () => request(booted.baseUrl);

const METHODS = ['get', 'post', 'put', 'delete'] as const;
const operations = () =>
  Object.entries(doc.paths as Record<string, any>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })),
  );

async function link(options: LinkOptions = {}) {
  sequence += 1;
  const { gallery, images } = await makeGallery(strapi, `OpenAPI ${sequence}`, fileId, {
    images: 3,
    status: options.status,
    publish: options.publish,
    extra: { selectionAllowed: true, selectionMin: 2, selectionMax: 2, commentsAllowed: true, reviewEnabled: true, ...options.extra },
  });
  const made = await makeLink(strapi, gallery.documentId, {
    ...(options.kind ? { kind: options.kind } : { recipientEmail: `api-${sequence}@client.test`, password: options.password }),
    ...options.settings,
  });
  return { ...made, gallery, ids: images.map((image: any) => image.documentId as string) };
}

/** A well-formed body per route that takes one, so the link is what is refused. */
const EXAMPLE_BODIES: Record<string, object> = {
  '/api/share/{token}/unlock': { password: 'a-password' },
  '/api/share/{token}/sign-in': { ticket: 'a-ticket' },
  '/api/share/{token}/claim': { email: 'someone@client.test' },
  '/api/share/{token}/comments': { body: 'Hello' },
  '/api/share/{token}/images/{imageId}/comments': { body: 'Hello' },
  '/api/share/{token}/images/{imageId}/review': { decision: 'approved' },
  '/api/share/{token}/downloads': { imageIds: ['x'] },
  '/api/share/{token}/packages': { resolution: 'web' },
};

/** `<METHOD> <path> <status>` → a request that the server answers with that status. */
const SCENARIOS: Record<string, () => Promise<number>> = {};
const scenario = (key: string, run: () => Promise<request.Response>) => (SCENARIOS[key] = async () => (await run()).status);
function proofingScenarios() {
  for (const [path, sub] of [
    ['/api/share/{token}/selection', (t: string) => `/api/share/${t}/selection`],
    ['/api/share/{token}/selection/rounds', (t: string) => `/api/share/${t}/selection/rounds`],
    ['/api/share/{token}/comments', (t: string) => `/api/share/${t}/comments`],
    ['/api/share/{token}/review', (t: string) => `/api/share/${t}/review`],
  ] as const) {
    scenario(`GET ${path} 200`, async () => http().get(sub((await link()).token)));
    scenario(`GET ${path} 401`, async () => http().get(sub((await link({ password: 'pass-word' })).token)));
    scenario(`GET ${path} 403`, async () => http().get(sub((await link({ kind: 'general' })).token)));
  }
  const photo = (p: string) => p.replace('{imageId}', 'IMAGE');
  for (const [method, path] of [
    ['PUT', '/api/share/{token}/selection/{imageId}'],
    ['DELETE', '/api/share/{token}/selection/{imageId}'],
    ['GET', '/api/share/{token}/images/{imageId}/comments'],
    ['POST', '/api/share/{token}/images/{imageId}/comments'],
    ['PUT', '/api/share/{token}/images/{imageId}/review'],
  ] as const) {
    const send = async (
      options: Parameters<typeof link>[0],
      image?: (ids: string[]) => string,
      body: object = method === 'PUT' && path.endsWith('review') ? { decision: 'approved' } : { body: 'Nice' },
    ) => {
      const l = await link(options);
      const url = photo(path)
        .replace('{token}', l.token)
        .replace('IMAGE', image ? image(l.ids) : l.ids[0]);
      const req = method === 'GET' ? http().get(url) : method === 'PUT' ? http().put(url) : method === 'DELETE' ? http().delete(url) : http().post(url);
      return method === 'GET' || method === 'DELETE' ? req : req.send(body);
    };
    scenario(`${method} ${path} ${method === 'POST' ? 201 : 200}`, () => send({}));
    scenario(`${method} ${path} 401`, () => send({ password: 'pass-word' }));
    // Reading one's own thread is allowed when locked: a general link (claim first) is the 403 there.
    scenario(`${method} ${path} 403`, () => send(method === 'GET' ? { kind: 'general' } : { status: 'locked' }));
    scenario(`${method} ${path} 404`, () => send({}, () => 'not-a-photo'));
    if (method === 'POST') scenario(`${method} ${path} 400`, () => send({}, undefined, { body: '' }));
    if (path.endsWith('review')) scenario(`${method} ${path} 400`, () => send({}, undefined, { decision: 'changes-requested' }));
  }
  scenario('PUT /api/share/{token}/selection/{imageId} 409', async () => {
    const l = await link();
    await http().put(`/api/share/${l.token}/selection/${l.ids[0]}`);
    await http().put(`/api/share/${l.token}/selection/${l.ids[1]}`);
    return http().put(`/api/share/${l.token}/selection/${l.ids[2]}`);
  });
  scenario('DELETE /api/share/{token}/selection/{imageId} 409', async () => {
    const l = await link();
    await http().put(`/api/share/${l.token}/selection/${l.ids[0]}`);
    await http().put(`/api/share/${l.token}/selection/${l.ids[1]}`);
    await http().post(`/api/share/${l.token}/selection/confirm`);
    return http().delete(`/api/share/${l.token}/selection/${l.ids[0]}`);
  });
  scenario('POST /api/share/{token}/selection/confirm 201', async () => {
    const l = await link();
    await http().put(`/api/share/${l.token}/selection/${l.ids[0]}`);
    await http().put(`/api/share/${l.token}/selection/${l.ids[1]}`);
    return http().post(`/api/share/${l.token}/selection/confirm`);
  });
  scenario('POST /api/share/{token}/selection/confirm 409', async () => http().post(`/api/share/${(await link()).token}/selection/confirm`));
  scenario('POST /api/share/{token}/selection/confirm 401', async () =>
    http().post(`/api/share/${(await link({ password: 'pass-word' })).token}/selection/confirm`),
  );
  scenario('POST /api/share/{token}/selection/confirm 403', async () =>
    http().post(`/api/share/${(await link({ status: 'locked' })).token}/selection/confirm`),
  );
  scenario('POST /api/share/{token}/comments 201', async () =>
    http()
      .post(`/api/share/${(await link()).token}/comments`)
      .send({ body: 'Lovely' }),
  );
  scenario('POST /api/share/{token}/comments 400', async () =>
    http()
      .post(`/api/share/${(await link()).token}/comments`)
      .send({ body: 'x'.repeat(2001) }),
  );
  scenario('POST /api/share/{token}/comments 401', async () =>
    http()
      .post(`/api/share/${(await link({ password: 'pass-word' })).token}/comments`)
      .send({ body: 'x' }),
  );
  scenario('POST /api/share/{token}/comments 403', async () =>
    http()
      .post(`/api/share/${(await link({ extra: { commentsAllowed: false } })).token}/comments`)
      .send({ body: 'x' }),
  );
}
proofingScenarios();
olderRouteScenarios({ http, strapi: () => strapi, smtp: () => smtp, fileId: () => fileId, link, scenario });

beforeAll(async () => {
  booted = await useProfile('smtp');
  smtp = booted.smtp!;
  strapi = booted.strapi;
  fileId = (await uploadFile(strapi, await makeJpeg(91), 'openapi.jpg')).id;
  const res = await http().get('/api/share-api/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
});

afterAll(async () => {
  await strapi?.service('plugin::client-gallery.download-package').settled();
});

/**
 * What Redocly's recommended rules may still say about the document, each for a reason:
 * the plugin is UNLICENSED, so there is no license to name, and the document itself is public
 * and answers 200 only, so it has no 4XX to document.
 */
const ACCEPTED_WARNINGS = ['warn info-license #/info', 'warn operation-4xx-response #/paths/~1api~1share-api~1openapi.json/get/responses'];

describe('the OpenAPI document of the public share API', () => {
  it('passes Redocly\'s recommended lint: no error, and no warning but the accepted ones', async () => {
    const config = await createConfig({
      extends: ['recommended'],
      // Recommended from Redocly 2 on: a required property the schema never defines gives a generated client nothing to type.
      rules: { 'no-required-schema-properties-undefined': 'warn' },
    });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const found = problems.map((problem) => `${problem.severity} ${problem.ruleId} ${problem.location[0]?.pointer}`);
    expect(found.sort()).toEqual([...ACCEPTED_WARNINGS].sort());
  });

  it('is OpenAPI 3.1 and documents every routed public path, and only those', () => {
    expect(doc.openapi).toBe('3.1.0');
    const routes = strapi.plugin('client-gallery').routes as Record<string, any>;
    const routed = [...routes.share.routes, ...routes.portal.routes].map((route: any) => `${route.method} /api${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    const documented = operations().map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(documented.sort()).toEqual(routed.sort());
  });

  it('answers an unknown token with the documented 404 on every link route', async () => {
    const linkOps = operations().filter(({ path }) => path.includes('{token}'));
    expect(linkOps.length).toBeGreaterThan(20);
    for (const { path, method, op } of linkOps) {
      expect([path, Object.keys(op.responses)]).toEqual([path, expect.arrayContaining(['404'])]);
      const url = path.replace('{token}', 'n'.repeat(43)).replace('{imageId}', 'x');
      const res = await (http() as any)[method](url).send(method === 'get' || method === 'delete' ? undefined : (EXAMPLE_BODIES[path] ?? {}));
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
  });

  it('has a scenario for every status documented, on every operation', () => {
    const documented = operations()
      .flatMap(({ path, method, op }) => Object.keys(op.responses).map((status) => `${method.toUpperCase()} ${path} ${status}`))
      // The unknown-token 404 is proven for every route above.
      .filter((key) => !(key.endsWith(' 404') && !key.includes('{imageId}')));
    expect(documented.filter((key) => !SCENARIOS[key])).toEqual([]);
  });

  it.each(Object.keys(SCENARIOS))('%s', async (key) => {
    const [method, path, status] = key.split(' ');
    expect(doc.paths[path]?.[method.toLowerCase()]?.responses?.[status]).toBeDefined();
    expect(await SCENARIOS[key]()).toBe(Number(status));
  });

  it('documents what the selection answers: its shape is the Selection schema', async () => {
    const l = await link();
    const res = await http().get(`/api/share/${l.token}/selection`);
    for (const key of doc.components.schemas.Selection.required) expect(res.body.data).toHaveProperty(key);
    await setStatus(strapi, l.gallery.documentId, 'locked');
    const view = await http().get(`/api/share/${l.token}`);
    for (const key of doc.components.schemas.PublicGallery.required) expect(view.body.data).toHaveProperty(key);
    const images = await http().get(`/api/share/${l.token}/images?selected=true`);
    expect(images.status).toBe(200);
    const all = await http().get(`/api/share/${l.token}/images`);
    for (const key of doc.components.schemas.PublicImage.required) expect(all.body.data[0]).toHaveProperty(key);
  });

  it('documents the link\'s two watermark settings, views and downloads, as the gallery answers them', async () => {
    const { schemas } = doc.components;
    expect(schemas.PublicGallery.properties.link).toEqual({ $ref: '#/components/schemas/LinkCapabilities' });
    expect(schemas.LinkCapabilities.properties.settings).toEqual({ $ref: '#/components/schemas/LinkSettings' });
    expect(schemas.LinkSettings.properties.downloadsWatermarked.description).toMatch(/views stay watermarked and downloads are the clean photos/);
    const l = await link({ status: 'ready', settings: { watermark: true, downloadsWatermarked: false, downloadsEnabled: true, resolutions: ['web'] } });
    const view = await http().get(`/api/share/${l.token}`);
    for (const key of schemas.LinkCapabilities.required) expect(view.body.data.link).toHaveProperty(key);
    for (const key of schemas.LinkSettings.required) expect(view.body.data.link.settings).toHaveProperty(key);
    expect(view.body.data.link.settings).toMatchObject({ watermark: true, downloadsWatermarked: false });
  });
});
