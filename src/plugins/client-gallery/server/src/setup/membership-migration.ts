import type { Core } from '@strapi/strapi';
import { getService } from '../get-service';

/**
 * Gallery membership leaves the ordered many-to-many `gallery.images` for rows of its own
 * (services/photos/gallery-membership.ts). A plugin cannot ship a host migration, so the move is an
 * internal migration the plugin registers, which Strapi runs once, before the schema sync drops
 * the old link table:
 * 1. (migration, before the sync) each gallery's photos, in their order, go into a holding table;
 *    a gallery keeps the list of its published version where it has one (what its visitors see),
 *    else its draft's;
 * 2. (bootstrap, after the sync created `gallery_entries`) the holding rows become entries, and the
 *    holding table goes in the same transaction. Idempotent: a rerun finds no holding table.
 */
export const MEMBERSHIP_HOLDING_TABLE = 'client_gallery_moved_memberships';
const OLD_LINK_TABLE = 'galleries_images_lnk';
const GALLERIES = 'galleries';

/** Registered with the plugin's other migrations (setup/internal-migrations.ts). */
export const membershipMigration = {
  name: 'client-gallery::2026.11.29-gallery-membership-leaves-the-relation',
  async up(knex: any) {
    if (!(await knex.schema.hasTable(OLD_LINK_TABLE)) || (await knex.schema.hasTable(MEMBERSHIP_HOLDING_TABLE))) return;
    await knex.schema.createTable(MEMBERSHIP_HOLDING_TABLE, (table: any) => {
      table.string('gallery_document_id', 64).notNullable();
      table.integer('image_id').notNullable();
      table.integer('position').notNullable();
    });
    const rows: Array<{ document_id: string; published_at: unknown; image_id: number; ord: number | null; link_id: number }> = await knex(
      `${OLD_LINK_TABLE} as l`,
    )
      .join(`${GALLERIES} as g`, 'g.id', 'l.gallery_id')
      .select('g.document_id', 'g.published_at', 'l.gallery_image_id as image_id', 'l.gallery_image_ord as ord', 'l.id as link_id');
    const byGallery = new Map<string, { published: typeof rows; draft: typeof rows }>();
    for (const row of rows) {
      const lists = byGallery.get(row.document_id) ?? { published: [], draft: [] };
      (row.published_at ? lists.published : lists.draft).push(row);
      byGallery.set(row.document_id, lists);
    }
    const held: Array<{ gallery_document_id: string; image_id: number; position: number }> = [];
    for (const [documentId, lists] of byGallery) {
      const chosen = lists.published.length > 0 ? lists.published : lists.draft;
      chosen.sort((a, b) => Number(a.ord ?? 0) - Number(b.ord ?? 0) || a.link_id - b.link_id);
      const seen = new Set<number>();
      for (const row of chosen) {
        if (seen.has(row.image_id)) continue;
        seen.add(row.image_id);
        held.push({ gallery_document_id: documentId, image_id: row.image_id, position: seen.size - 1 });
      }
    }
    for (let i = 0; i < held.length; i += 500) await knex(MEMBERSHIP_HOLDING_TABLE).insert(held.slice(i, i + 500));
  },
  async down() {
    // One way: the old relation is gone once the schema sync ran.
  },
};

export async function finishMembershipMigration(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  if (!(await knex.schema.hasTable(MEMBERSHIP_HOLDING_TABLE))) return;
  const held: Array<{ gallery_document_id: string; image_id: number; position: number }> = await knex(MEMBERSHIP_HOLDING_TABLE)
    .select('*')
    .orderBy(['gallery_document_id', 'position']);
  const byGallery = new Map<string, number[]>();
  for (const row of held) byGallery.set(row.gallery_document_id, [...(byGallery.get(row.gallery_document_id) ?? []), Number(row.image_id)]);
  await strapi.db.transaction(async ({ trx }) => {
    for (const [documentId, imageIds] of byGallery) await getService(strapi, 'gallery-membership').set(documentId, imageIds);
    await trx.schema.dropTable(MEMBERSHIP_HOLDING_TABLE);
  });
  strapi.log.info(`client-gallery: moved the photo lists of ${byGallery.size} galleries to gallery entries`);
}
