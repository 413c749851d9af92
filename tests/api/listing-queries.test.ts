import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { requestStatementsDuring } from '../helpers/sql';

/**
 * Listings cost a constant number of SQL statements whatever the page size:
 * an earlier version ran two per photo (derivatives.ensure read each row again), 208 for a page of 100.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let token: string;
let clientId: string;
let staff: string;
const PHOTOS = 110;

/** The SQL statements one request runs (knex's query event), after a warm-up request of the same kind; the studio settings' once-a-second refresh left out. */
async function statementsFor(send: () => Promise<request.Response>) {
  expect((await send()).status).toBe(200);
  const statements = await requestStatementsDuring(strapi, async () => expect((await send()).status).toBe(200));
  return statements.length;
}

beforeAll(async () => {
  // No cron: its once-a-minute sweeps would land in a counted window now and then (CI saw 19 statements for 9).
  booted = await bootStrapi('listing-queries', { STUDIO_NOTIFY_EMAIL: '', CRON_ENABLED: 'false' });
  strapi = booted.strapi;
  const file = await uploadFile(strapi, await makeJpeg(71, 320, 240), 'listing.jpg');
  const { gallery, client } = await makeGallery(strapi, 'Quinn Queries', file.id, { status: 'ready', images: PHOTOS });
  clientId = client.documentId;
  token = (await makeLink(strapi, gallery.documentId, { recipientEmail: 'quinn@client.test' })).token;
  staff = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'viewer')).token;
});

afterAll(async () => {
  await booted?.stop();
});

describe('SQL per listing page', () => {
  it('is the same for the public listing at limit 10 and 100', async () => {
    const http = request(booted.baseUrl);
    const small = await statementsFor(() => http.get(`/api/share/${token}/images?limit=10`));
    const large = await statementsFor(() => http.get(`/api/share/${token}/images?limit=100`));
    expect({ small, large }).toEqual({ small, large: small });
    expect(small).toBeLessThanOrEqual(12);
  });

  it("is the same for the admin's Photos tab at limit 10 and 100", async () => {
    const http = request(booted.baseUrl);
    const get = (limit: number) => () => http.get(`/client-gallery/clients/${clientId}/images?limit=${limit}`).set('Authorization', `Bearer ${staff}`);
    const small = await statementsFor(get(10));
    const large = await statementsFor(get(100));
    expect({ small, large }).toEqual({ small, large: small });
  });
});
