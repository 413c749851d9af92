import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';

/**
 * Visitor writes are capped per link and window (config `visitorWrites`), counted in the database:
 * with two server processes on one database the cap is exact, a refusal is 429 with Retry-After,
 * and a new window starts the count again. Small caps of its own, so this file boots its own Strapi.
 */
const COMMENTS = 'plugin::client-gallery.comment';
const FAVOURITES = 'plugin::client-gallery.favourite';
const ATTEMPTS = 'plugin::client-gallery.access-attempt';
const PER_THREAD = 4;
const PER_LINK = 6;
const MARKS = 5;

let booted: BootedStrapi;
let strapi: Core.Strapi;
let worker: StrapiWorker;
let fileId: number;
let sequence = 0;

beforeAll(async () => {
  booted = await bootStrapi('visitor-write-limits', {
    VISITOR_COMMENTS_PER_THREAD: String(PER_THREAD),
    VISITOR_COMMENTS_PER_LINK: String(PER_LINK),
    VISITOR_MARKS_PER_LINK: String(MARKS),
  });
  strapi = booted.strapi;
  [worker, fileId] = await Promise.all([startStrapiWorker(booted.env), uploadFile(strapi, await makeJpeg(81), 'limits.jpg').then((file) => file.id)]);
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await booted?.stop();
});

async function commentLink(images = 3) {
  sequence += 1;
  const { gallery, images: made } = await makeGallery(strapi, `Limits ${sequence}`, fileId, { images, extra: { commentsAllowed: true } });
  const { link, token } = await makeLink(strapi, gallery.documentId, { recipientEmail: `limits-${sequence}@client.test` });
  return { linkId: link.id as number, token, ids: made.map((image: any) => image.documentId as string) };
}

/** Half the requests to this process, half to the second one, all at once. */
const servers = () => [booted.baseUrl, `http://127.0.0.1:${worker.port}`];
const spread = <T>(count: number, send: (base: string, index: number) => Promise<T>) => Promise.all(Array.from({ length: count }, (_, index) => send(servers()[index % 2], index)));

function expectRefusals(responses: request.Response[]) {
  for (const res of responses.filter((r) => r.status === 429)) {
    expect(res.body.error.name).toBe('TooManyAttemptsError');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
  }
}

describe('comments', () => {
  it('a photo thread takes exactly its cap across two processes; the rest get 429 with Retry-After', async () => {
    const { linkId, token, ids } = await commentLink();
    const responses = await spread(PER_THREAD * 3, (base, i) => request(base).post(`/api/share/${token}/images/${ids[0]}/comments`).send({ body: `Note ${i}` }));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(PER_THREAD);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(PER_THREAD * 2);
    expectRefusals(responses);
    expect(await strapi.db.query(COMMENTS).count({ where: { link: { id: linkId } } })).toBe(PER_THREAD);
  });

  it('a link takes exactly its cap over all its threads; refusals by a full thread do not spend it', async () => {
    const { linkId, token, ids } = await commentLink();
    // The first thread fills and then refuses: those refusals must not count against the link.
    await spread(PER_THREAD + 3, (base, i) => request(base).post(`/api/share/${token}/images/${ids[0]}/comments`).send({ body: `A ${i}` }));
    const others = await spread(PER_LINK, (base, i) => request(base).post(i % 2 ? `/api/share/${token}/comments` : `/api/share/${token}/images/${ids[1]}/comments`).send({ body: `B ${i}` }));
    expect(others.filter((r) => r.status === 201)).toHaveLength(PER_LINK - PER_THREAD);
    expectRefusals(others);
    expect(await strapi.db.query(COMMENTS).count({ where: { link: { id: linkId } } })).toBe(PER_LINK);
    // A refused write gives back every hit it made, the refusing one too: the link's counter holds
    // exactly the writes it let through, so a refusal can never crowd out a later write in the window.
    const counter = await strapi.db.query(ATTEMPTS).findOne({ where: { attemptKey: `visitor-write:comment:${linkId}` } });
    expect(counter.hits).toBe(PER_LINK);
  });

  it('a new window starts the count again', async () => {
    const { linkId, token, ids } = await commentLink();
    await spread(PER_THREAD, (base, i) => request(base).post(`/api/share/${token}/images/${ids[0]}/comments`).send({ body: `C ${i}` }));
    expect((await request(booted.baseUrl).post(`/api/share/${token}/images/${ids[0]}/comments`).send({ body: 'one too many' })).status).toBe(429);
    // The window (60 min by default) is over: move its start back in the database.
    await strapi.db.query(ATTEMPTS).updateMany({ where: { attemptKey: { $startsWith: `visitor-write:comment:${linkId}` } }, data: { windowStart: Date.now() - 61 * 60_000 } });
    expect((await request(`http://127.0.0.1:${worker.port}`).post(`/api/share/${token}/images/${ids[0]}/comments`).send({ body: 'next hour' })).status).toBe(201);
    expect(await strapi.db.query(COMMENTS).count({ where: { link: { id: linkId } } })).toBe(PER_THREAD + 1);
  });
});

describe('marks', () => {
  it('favourites take exactly the link cap across two processes', async () => {
    const { linkId, token, ids } = await commentLink(MARKS + 3);
    const responses = await spread(ids.length, (base, i) => request(base).put(`/api/share/${token}/favourites/${ids[i]}`));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(MARKS);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(3);
    expectRefusals(responses);
    expect(await strapi.db.query(FAVOURITES).count({ where: { link: { id: linkId } } })).toBe(MARKS);
  });
});
