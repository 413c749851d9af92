import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

const PLUGIN_PREFIX = 'plugin::client-gallery.';
const CONTENT_MANAGER = '/content-manager/';

type Schema = { uid: string; pluginOptions?: Record<string, any>; attributes: Record<string, any>; config?: { attributes?: Record<string, Record<string, unknown>> } };

/**
 * The plugin's types that the Content Manager must not show: those whose schema says
 * `content-manager.visible: false`. Share links, download packages and grants, access attempts
 * (and any later secret-bearing type) carry token hashes, password hashes, recipient keys or
 * frozen layouts, and every change to them goes through the plugin's own routes and their RBAC.
 */
const schemasOf = (strapi: Core.Strapi) => strapi.contentTypes as unknown as Record<string, Schema>;

export function hiddenFromContentManager(strapi: Core.Strapi): Set<string> {
  const schemas = Object.values(schemasOf(strapi));
  return new Set(schemas.filter((schema) => schema.uid.startsWith(PLUGIN_PREFIX) && schema.pluginOptions?.['content-manager']?.visible === false).map((schema) => schema.uid));
}

/**
 * A hidden type can still be reached from a visible one: `gallery.shareLinks`, `comment.link` and
 * the like, populated, filtered or sorted on (`?populate[shareLinks]=*`,
 * `filters[shareLinks][tokenHash][$startsWith]=…`), or connected and disconnected on save.
 * Marking those relations hidden in the schema's `config` (as users-permissions does for its reset
 * tokens) makes the admin's permission sanitizer drop them from output, input, filters, sort,
 * fields and populate, for every role, the super admin's included; not visible keeps them out of
 * the edit and list layouts. Run in register(), before anything reads the schemas.
 */
export function hideRelationsToHiddenTypes(strapi: Core.Strapi) {
  const hidden = hiddenFromContentManager(strapi);
  for (const schema of Object.values(schemasOf(strapi))) {
    if (hidden.has(schema.uid)) continue;
    for (const [name, attribute] of Object.entries(schema.attributes)) {
      if (attribute?.type !== 'relation' || !hidden.has(attribute.target)) continue;
      attribute.visible = false;
      schema.config = { ...schema.config, attributes: { ...schema.config?.attributes, [name]: { ...schema.config?.attributes?.[name], hidden: true } } };
    }
  }
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Whether `text` names one of `uids` as a whole UID (`…selection` does not name `…selection-item`). */
function namesAny(text: string, uids: Set<string>): boolean {
  for (const uid of uids) {
    for (let at = text.indexOf(uid); at >= 0; at = text.indexOf(uid, at + 1)) {
      if (!/[\w-]/.test(text.charAt(at + uid.length))) return true;
    }
  }
  return false;
}

/**
 * The Content Manager's `explorer.read` action is registered for every content type, hidden ones
 * included (Strapi keeps it for the super admin's relation reads), so a role that held it before a
 * type was hidden, or was given it through the roles API, could still list and read the type's
 * rows. This middleware answers 404 to any Content Manager request that names a hidden type
 * (`/collection-types/<uid>…`, `/single-types/<uid>`, `/content-types/<uid>/configuration`,
 * history and other endpoints taking the UID in the query) or asks for the relation choices of a
 * field pointing at one (`/relations/<model>/[<id>/]<field>`), whoever asks.
 */
export function guardContentManager(strapi: Core.Strapi) {
  let hidden: Set<string> | undefined;
  return async (ctx: Context, next: Next) => {
    if (!ctx.path.startsWith(CONTENT_MANAGER)) return next();
    hidden ??= hiddenFromContentManager(strapi);
    const asked = decoded(ctx.request.url);
    if (namesAny(asked, hidden)) throw new errors.NotFoundError('Not Found');
    const segments = ctx.path.slice(CONTENT_MANAGER.length).split('/').map(decoded);
    if (segments[0] === 'relations' && segments.length >= 3) {
      const attribute = schemasOf(strapi)[segments[1]]?.attributes?.[segments[segments.length - 1]];
      if (attribute?.type === 'relation' && hidden.has(attribute.target)) throw new errors.NotFoundError('Not Found');
    }
    return next();
  };
}
