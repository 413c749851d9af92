'use strict';

/**
 * Client Galleries moved from this app's `src/api` into the `client-gallery` plugin: every
 * content type `api::<name>.<name>` became `plugin::client-gallery.<name>`. Tables keep their
 * names (each schema keeps its collectionName), so rows survive as they are; what stores a UID
 * as text does not, and is rewritten here, before Strapi's schema sync:
 *
 * - polymorphic media links (`files_related_mph.related_type`): a photo's original;
 * - admin role permissions (`admin_permissions.subject`): who may read clients in the Content Manager;
 * - users-permissions and API-token actions (`up_permissions`, `strapi_api_token_permissions`);
 * - Content Manager configuration (`strapi_core_store_settings`: keys and values);
 * - history, releases and review workflows, where those tables exist;
 * - the record of what each client merge moved (`client_merges.moved`, keyed by UID).
 *
 * The gallery's watermark design was an app component (`design.watermark`), which a plugin cannot
 * ship; it is a `watermark-design` content type now. The schema sync drops the component tables,
 * so the designs are copied into a holding table first; the plugin's bootstrap turns them into
 * watermark-design entries once their table exists (server/src/setup/watermark-migration.ts).
 *
 * Runs once (Strapi records it in strapi_migrations); on a database that never had wave 1 it
 * finds nothing to do.
 */
const PLUGIN = 'plugin::client-gallery';
const MOVED = [
  'access-attempt',
  'activity-event',
  'client-merge',
  'client',
  'comment',
  'download-grant',
  'download-package',
  'favourite',
  'gallery-image',
  'gallery',
  'selection',
  'share-link',
];
const HOLDING_TABLE = 'client_gallery_moved_watermarks';

/** `api::gallery.gallery…` → `plugin::client-gallery.gallery…`, never touching `api::client-note.client-note`. */
function rewrite(text) {
  if (typeof text !== 'string' || !text.includes('api::')) return text;
  let out = text;
  for (const name of MOVED) {
    out = out.replace(new RegExp(`api::${name}\\.${name}(?![\\w-])`, 'g'), `${PLUGIN}.${name}`);
  }
  // The portal's routes were an API of their own: `api::portal.portal.<action>`.
  return out.replace(/api::portal\.portal\./g, `${PLUGIN}.portal.`);
}

async function rewriteColumn(trx, table, column) {
  if (!(await trx.schema.hasTable(table)) || !(await trx.schema.hasColumn(table, column))) return 0;
  // Filtered here, not with LIKE: on PostgreSQL some of these columns are jsonb. The tables are small.
  const rows = await trx(table).select('id', column);
  let changed = 0;
  for (const row of rows) {
    const value = typeof row[column] === 'string' ? row[column] : row[column] === null || row[column] === undefined ? null : JSON.stringify(row[column]);
    const next = rewrite(value);
    if (next === value) continue;
    await trx(table).where('id', row.id).update({ [column]: next });
    changed += 1;
  }
  return changed;
}

/** Content Manager configuration: the key names the UID, the value repeats it. */
async function rewriteStoreSettings(trx) {
  const table = 'strapi_core_store_settings';
  if (!(await trx.schema.hasTable(table))) return;
  const rows = await trx(table).select('id', 'key', 'value').where('key', 'like', '%api::%');
  for (const row of rows) {
    const key = rewrite(row.key);
    if (key === row.key) continue;
    // A configuration the new UID already has wins; the old one goes.
    const existing = await trx(table).where('key', key).first('id');
    if (existing) await trx(table).where('id', row.id).del();
    else await trx(table).where('id', row.id).update({ key, value: rewrite(row.value) });
  }
  await trx(table).where('key', 'plugin_content_manager_configuration_components::design.watermark').del();
}

/** Copy each gallery's `design.watermark` component (and its logo) where the plugin's bootstrap finds it. */
async function holdWatermarkDesigns(trx) {
  if (!(await trx.schema.hasTable('components_design_watermarks')) || !(await trx.schema.hasTable('galleries_cmps'))) return;
  const links = await trx('galleries_cmps as l')
    .join('galleries as g', 'g.id', 'l.entity_id')
    .join('components_design_watermarks as c', 'c.id', 'l.cmp_id')
    .where('l.component_type', 'design.watermark')
    .select('g.id as gallery_id', 'g.document_id', 'g.published_at', 'c.*')
    .orderBy('g.id');
  const logos = (await trx.schema.hasTable('files_related_mph'))
    ? await trx('files_related_mph').where({ related_type: 'design.watermark', field: 'logo' }).select('file_id', 'related_id')
    : [];
  const logoOf = new Map(logos.map((row) => [Number(row.related_id), Number(row.file_id)]));

  // One design per gallery document: its draft's component (what the studio last edited), linked
  // from both the draft and the published row.
  const byDocument = new Map();
  for (const row of links) {
    const entry = byDocument.get(row.document_id) ?? { galleryIds: [], component: null };
    entry.galleryIds.push(row.gallery_id);
    if (!entry.component || row.published_at === null) entry.component = row;
    byDocument.set(row.document_id, entry);
  }

  if (!(await trx.schema.hasTable(HOLDING_TABLE))) {
    await trx.schema.createTable(HOLDING_TABLE, (table) => {
      table.integer('component_id').notNullable();
      table.text('gallery_ids').notNullable();
      table.string('mode');
      table.string('text');
      table.string('position');
      table.float('opacity');
      table.float('scale');
      table.integer('logo_file_id');
    });
  }
  for (const { galleryIds, component } of byDocument.values()) {
    await trx(HOLDING_TABLE).insert({
      component_id: component.id,
      gallery_ids: galleryIds.join(','),
      mode: component.mode,
      text: component.text,
      position: component.position,
      opacity: component.opacity === null ? null : Number(component.opacity),
      scale: component.scale === null ? null : Number(component.scale),
      logo_file_id: logoOf.get(Number(component.id)) ?? null,
    });
  }
  // The component links go with their tables; the logo files stay in the Media Library.
  if (logos.length > 0) await trx('files_related_mph').where({ related_type: 'design.watermark' }).del();
}

module.exports = {
  async up(trx) {
    // A database that never ran wave 1 (a fresh install) has none of these tables.
    if (!(await trx.schema.hasTable('galleries')) && !(await trx.schema.hasTable('clients'))) return;
    await holdWatermarkDesigns(trx);
    await rewriteColumn(trx, 'files_related_mph', 'related_type');
    await rewriteColumn(trx, 'admin_permissions', 'subject');
    await rewriteColumn(trx, 'up_permissions', 'action');
    await rewriteColumn(trx, 'strapi_api_token_permissions', 'action');
    await rewriteColumn(trx, 'strapi_history_versions', 'content_type');
    await rewriteColumn(trx, 'strapi_release_actions', 'content_type');
    await rewriteColumn(trx, 'strapi_workflows', 'content_types');
    await rewriteColumn(trx, 'client_merges', 'moved');
    await rewriteStoreSettings(trx);
  },

  async down() {
    throw new Error('The move of Client Galleries into its plugin cannot be undone by a migration; restore a backup taken before it.');
  },
};

module.exports._rewrite = rewrite;
