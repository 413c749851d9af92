import { client, describeReply, type Reply } from './http';
import { freePort, OWNER, startHostApp } from './host';

/**
 * Installing the plugin changes no setting of its host: users-permissions' advanced settings,
 * email templates, providers and every role's permissions, the Media Library's settings and view
 * configuration, and the email settings read the same before the plugin's first boot and after.
 * What it adds is its own: the two portal actions on the Authenticated role (the plugin README,
 * "What installing changes in the host"). Changes to those settings are `hostSettings` opt-ins,
 * which examples/host-app does not take.
 *
 * One host database, booted first with the plugin installed but off (NODE_ENV
 * without-client-gallery: examples/host-app/config/env/without-client-gallery), as the app was
 * before it, then as configured, on the same port so that the host's own URL is the same.
 */
const PLUGIN_GROUP = 'plugin::client-gallery';
const PORTAL_ACTIONS = ['portal.galleries', 'portal.open'];

function expectStatus(reply: Reply, ...statuses: number[]) {
  if (!statuses.includes(reply.status)) throw new Error(`expected ${statuses.join(' or ')}, got ${describeReply(reply)}`);
}

interface Role {
  type: string;
  name: string;
  description: string;
  /** users-permissions' tree: group → controllers → controller → action → { enabled, policy }. */
  permissions: Record<string, { controllers: Record<string, Record<string, { enabled: boolean }>> }>;
}

interface Settings {
  advanced: unknown;
  emailTemplates: unknown;
  providers: unknown;
  roles: Role[];
  uploadSettings: unknown;
  uploadViewConfiguration: unknown;
  email: unknown;
}

/** The host's settings as its admin API shows them to the first admin. */
async function readSettings(http: ReturnType<typeof client>, token: string): Promise<Settings> {
  const get = async (route: string) => {
    const reply = await http.get(route, { token });
    expectStatus(reply, 200);
    return reply.body;
  };
  const roles: Role[] = [];
  for (const { id } of (await get('/users-permissions/roles')).roles as Array<{ id: number }>) {
    const { role } = await get(`/users-permissions/roles/${id}`);
    roles.push({ type: role.type, name: role.name, description: role.description, permissions: role.permissions });
  }
  roles.sort((a, b) => a.type.localeCompare(b.type));
  return {
    advanced: (await get('/users-permissions/advanced')).settings,
    emailTemplates: await get('/users-permissions/email-templates'),
    providers: await get('/users-permissions/providers'),
    roles,
    uploadSettings: (await get('/upload/settings')).data,
    uploadViewConfiguration: (await get('/upload/configuration')).data,
    email: (await get('/email/settings')).config,
  };
}

/** A role's enabled actions in one permission group, as `controller.action`. */
function enabledActions(role: Role, group: string): string[] {
  const controllers = role.permissions[group]?.controllers ?? {};
  return Object.entries(controllers)
    .flatMap(([controller, actions]) => Object.entries(actions).filter(([, permission]) => permission.enabled).map(([action]) => `${controller}.${action}`))
    .sort();
}

function withoutPluginGroup(role: Role): Role {
  const { [PLUGIN_GROUP]: _ours, ...others } = role.permissions;
  return { ...role, permissions: others };
}

let before: Settings;
let after: Settings;

beforeAll(async () => {
  const stamp = `${Date.now()}-${process.pid}`;
  const shared = { DATABASE_FILENAME: `.tmp/settings-${stamp}.db`, UPLOAD_DIR: `data/uploads-settings-${stamp}` };
  const port = await freePort();

  const without = await startHostApp({ ...shared, NODE_ENV: 'without-client-gallery' }, { port });
  try {
    const http = client(without.baseUrl);
    expect((await http.get('/api/share/x')).status).toBe(404); // the plugin is really off
    expectStatus(await http.post('/admin/register-admin', { json: { ...OWNER, firstname: 'Olivia', lastname: 'Owner' } }), 200, 201);
    const login = await http.post('/admin/login', { json: OWNER });
    expectStatus(login, 200);
    before = await readSettings(http, login.body.data.token);
  } finally {
    await without.stop();
  }

  const withPlugin = await startHostApp(shared, { port });
  try {
    const http = client(withPlugin.baseUrl);
    const login = await http.post('/admin/login', { json: OWNER });
    expectStatus(login, 200);
    expect((await http.get('/client-gallery/clients', { token: login.body.data.token })).status).toBe(200); // and now on
    after = await readSettings(http, login.body.data.token);
  } finally {
    await withPlugin.stop();
  }
});

describe("the host's settings across the plugin's first boot", () => {
  it("leaves users-permissions' advanced settings, email templates and providers as they were", () => {
    expect(after.advanced).toEqual(before.advanced);
    expect(after.emailTemplates).toEqual(before.emailTemplates);
    expect(after.providers).toEqual(before.providers);
  });

  it("leaves the Media Library's settings and view configuration, and the email settings, as they were", () => {
    expect(after.uploadSettings).toEqual(before.uploadSettings);
    expect(after.uploadViewConfiguration).toEqual(before.uploadViewConfiguration);
    expect(after.email).toEqual(before.email);
  });

  it("leaves every role's permissions as they were, besides its own actions", () => {
    expect(before.roles.map((role) => role.type)).toEqual(['authenticated', 'public']);
    expect(before.roles.every((role) => !(PLUGIN_GROUP in role.permissions))).toBe(true);
    expect(after.roles.map(withoutPluginGroup)).toEqual(before.roles);
  });

  it('grants only the two portal actions, and only to Authenticated', () => {
    const granted = Object.fromEntries(after.roles.map((role) => [role.type, enabledActions(role, PLUGIN_GROUP)]));
    expect(granted).toEqual({ authenticated: PORTAL_ACTIONS, public: [] });
  });
});
