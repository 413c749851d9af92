import Database from 'better-sqlite3';
import fs from 'fs';
import path from 'path';
import { client, describeReply, type Reply } from './http';
import { HOST_ARTICLE, hostAppDir, OWNER, PORTAL_ACCOUNT, startHostApp, type HostApp } from './host';

/**
 * The host once the plugin is removed, as the plugin README's *Uninstall* says: run by
 * scripts/host-app-smoke.sh after the smoke suite, `tests/host-app/remove-plugin.js` and
 * `npm uninstall strapi-plugin-client-gallery`, on the smoke suite's database. The host must boot
 * without it, keep its own content, accounts and files, and keep every table of the plugin with
 * its rows. The admin panel is not rebuilt first: only the server is under test here.
 */
const repoRoot = path.resolve(__dirname, '..', '..');
const contentTypesDir = path.join(repoRoot, 'src', 'plugins', 'client-gallery', 'server', 'src', 'content-types');
const ARTICLE = 'api::article.article';

let host: HostApp;
let http: ReturnType<typeof client>;
let owner: string;

function expectStatus(reply: Reply, ...statuses: number[]) {
  if (!statuses.includes(reply.status)) throw new Error(`expected ${statuses.join(' or ')}, got ${describeReply(reply)}`);
}

/** The plugin's own tables: each content type's collection, and its join tables (`<collection>_…_lnk`). */
function pluginCollections(): string[] {
  return fs
    .readdirSync(contentTypesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => JSON.parse(fs.readFileSync(path.join(contentTypesDir, entry.name, 'schema.json'), 'utf8')).collectionName as string);
}
const isPluginTable = (table: string, collections: string[]) =>
  collections.some((collection) => table === collection || (table.startsWith(`${collection}_`) && table.endsWith('_lnk')));

function tableCounts(): Record<string, number> {
  const db = new Database(path.resolve(host.dir, process.env.HOST_APP_DATABASE_FILENAME!), { readonly: true, fileMustExist: true });
  try {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    return Object.fromEntries(names.map((name) => [name, db.prepare(`SELECT COUNT(*) FROM "${name}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  for (const name of ['HOST_APP_DATABASE_FILENAME', 'HOST_APP_TABLES_BEFORE']) {
    if (!process.env[name]) throw new Error(`${name} is not set: this check runs after the smoke suite, through scripts/host-app-smoke.sh`);
  }
  if (fs.existsSync(path.join(hostAppDir(), 'node_modules', 'strapi-plugin-client-gallery'))) {
    throw new Error('strapi-plugin-client-gallery is still installed in the host: scripts/host-app-smoke.sh removes it before this check');
  }
  host = await startHostApp({});
  http = client(host.baseUrl);
  const login = await http.post('/admin/login', { json: OWNER });
  expectStatus(login, 200);
  owner = login.body.data.token;
});

afterAll(async () => {
  await host?.stop();
});

describe('the host after client-gallery is uninstalled', () => {
  it('boots and answers /_health', async () => {
    expect([200, 204]).toContain((await http.get('/_health')).status);
  });

  it('keeps every table of the plugin, with all its rows', () => {
    const before: Record<string, number> = JSON.parse(fs.readFileSync(process.env.HOST_APP_TABLES_BEFORE!, 'utf8'));
    const collections = pluginCollections();
    const ours = Object.keys(before).filter((table) => isPluginTable(table, collections));
    expect(ours).toEqual(expect.arrayContaining(collections));
    const now = tableCounts();
    expect(Object.fromEntries(ours.map((table) => [table, now[table]]))).toEqual(Object.fromEntries(ours.map((table) => [table, before[table]])));
    // The smoke suite left rows behind: the check compares data, not empty tables.
    expect(before.galleries).toBeGreaterThan(0);
  });

  it("lists those tables in the plugin's README", () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'src', 'plugins', 'client-gallery', 'README.md'), 'utf8');
    const uninstall = readme.slice(readme.indexOf('## Uninstall'));
    expect(pluginCollections().filter((collection) => !uninstall.includes(`\`${collection}\``))).toEqual([]);
  });

  it('no longer has its content types, routes, pages or /media route', async () => {
    const types = await http.get('/content-manager/content-types', { token: owner });
    expectStatus(types, 200);
    expect(types.body.data.map((type: { uid: string }) => type.uid).filter((uid: string) => uid.startsWith('plugin::client-gallery.'))).toEqual([]);
    for (const route of ['/api/share/x', '/api/portal/galleries', '/g/x', '/portal', '/media/x.jpg?exp=1&sig=x']) {
      expect([route, (await http.get(route)).status]).toEqual([route, 404]);
    }
    expect((await http.get('/client-gallery/clients', { token: owner })).status).toBe(404);
  });

  it("keeps the host's own content type: the article written beside the plugin, and new writes", async () => {
    const collection = `/content-manager/collection-types/${ARTICLE}`;
    const listed = await http.get(collection, { token: owner });
    expectStatus(listed, 200);
    expect(listed.body.results).toEqual([expect.objectContaining(HOST_ARTICLE)]);

    const created = await http.post(collection, { token: owner, json: { title: 'Holidays', body: 'Closed in August.' } });
    expectStatus(created, 200, 201);
    const documentId = created.body.data.documentId;
    const updated = await http.put(`${collection}/${documentId}`, { token: owner, json: { title: 'Summer holidays' } });
    expectStatus(updated, 200);
    expect(updated.body.data.title).toBe('Summer holidays');
    expectStatus(await http.delete(`${collection}/${documentId}`, { token: owner }), 200);
    expect((await http.get(collection, { token: owner })).body.results.map((article: { title: string }) => article.title)).toEqual([HOST_ARTICLE.title]);
  });

  it("keeps the accounts: the client's portal account still logs in", async () => {
    const login = await http.post('/api/auth/local', { json: { identifier: PORTAL_ACCOUNT.email, password: PORTAL_ACCOUNT.password } });
    expectStatus(login, 200);
    const me = await http.get('/api/users/me', { token: login.body.jwt });
    expectStatus(me, 200);
    expect(me.body.email).toBe(PORTAL_ACCOUNT.email);
  });

  it("keeps the Media Library's files (the ingested originals)", async () => {
    const before: Record<string, number> = JSON.parse(fs.readFileSync(process.env.HOST_APP_TABLES_BEFORE!, 'utf8'));
    const files = await http.get('/upload/files?pageSize=100', { token: owner });
    expectStatus(files, 200);
    expect(before.files).toBeGreaterThan(0);
    expect(files.body.results).toHaveLength(before.files);
  });
});
