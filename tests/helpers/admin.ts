import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import request from 'supertest';

export const PLUGIN_ACTIONS = {
  read: 'plugin::client-gallery.gallery.read',
  update: 'plugin::client-gallery.gallery.update',
} as const;

export interface PermissionSpec {
  action: string;
  subject?: string | null;
}

let sequence = 0;
/** Test files that share a boot profile share its admin users, roles and tokens: names carry this file's tag. */
const tag = crypto.randomBytes(3).toString('hex');

/**
 * An active admin user in a fresh role holding exactly `permissions`, logged in.
 * Returns its bearer token for `Authorization: Bearer …`.
 */
export async function createAdmin(strapi: Core.Strapi, permissions: Array<string | PermissionSpec>, label = 'staff') {
  sequence += 1;
  const roleService = strapi.service('admin::role');
  const role = await roleService.create({ name: `${label} role ${tag}-${sequence}`, description: `test role ${label}` });
  const specs = permissions.map((p) => (typeof p === 'string' ? { action: p, subject: null } : p));
  if (specs.length > 0) {
    await roleService.assignPermissions(
      role.id,
      specs.map(({ action, subject }) => ({ action, subject: subject ?? null, conditions: [], properties: {} })),
    );
  }
  const email = `${label.replace(/\W+/g, '-')}-${tag}-${sequence}@studio.test`;
  const password = 'Test-Passw0rd!';
  await strapi.service('admin::user').create({
    email,
    firstname: label,
    lastname: 'Tester',
    password,
    isActive: true,
    roles: [role.id],
  });
  const response = await request(strapi.server.httpServer).post('/admin/login').send({ email, password });
  if (response.status !== 200 || !response.body?.data?.token) {
    throw new Error(`admin login failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return { email, password, token: response.body.data.token as string, roleId: role.id as number };
}

/** An active admin user in one of Strapi's own roles, logged in. */
export async function createAdminInRole(strapi: Core.Strapi, code: 'strapi-super-admin' | 'strapi-editor' | 'strapi-author', label: string = code) {
  const roleService = strapi.service('admin::role');
  await roleService.createRolesIfNoneExist();
  const role = await roleService.findOne({ code });
  sequence += 1;
  const email = `${label.replace(/\W+/g, '-')}-${tag}-${sequence}@studio.test`;
  const password = 'Test-Passw0rd!';
  await strapi.service('admin::user').create({ email, firstname: label, lastname: 'Tester', password, isActive: true, roles: [role.id] });
  const response = await request(strapi.server.httpServer).post('/admin/login').send({ email, password });
  if (response.status !== 200 || !response.body?.data?.token) throw new Error(`admin login failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { email, password, token: response.body.data.token as string };
}

export async function createSuperAdmin(strapi: Core.Strapi) {
  const roleService = strapi.service('admin::role');
  await roleService.createRolesIfNoneExist();
  const superAdmin = await roleService.getSuperAdmin();
  sequence += 1;
  const email = `owner-${tag}-${sequence}@studio.test`;
  const password = 'Test-Passw0rd!';
  await strapi.service('admin::user').create({ email, firstname: 'Owner', lastname: 'Tester', password, isActive: true, roles: [superAdmin.id] });
  const response = await request(strapi.server.httpServer).post('/admin/login').send({ email, password });
  return { email, password, token: response.body.data.token as string };
}

/** A full-access API token, as a studio's own site would hold. */
export async function createApiToken(strapi: Core.Strapi, type: 'full-access' | 'read-only' = 'full-access') {
  sequence += 1;
  const token = await strapi.service('admin::api-token').create({ name: `test token ${tag}-${sequence}`, type, lifespan: null, description: '' });
  return token.accessKey as string;
}
