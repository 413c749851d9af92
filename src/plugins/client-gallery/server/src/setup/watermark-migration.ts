import type { Core } from '@strapi/strapi';
import { UID } from '../uids';

/**
 * Second half of the move to the plugin (database/migrations in a host that ran the first version): a
 * gallery's watermark design was an app component, which a plugin cannot ship. The migration ran
 * before the schema sync, while the component tables still existed, and copied each design with
 * its gallery rows and logo into a holding table. Now that `watermark_designs` exists, each
 * design becomes a watermark-design entry linked from its gallery rows, and the holding table
 * goes. Idempotent: the holding table is dropped in the same transaction that empties it.
 */
export const HOLDING_TABLE = 'client_gallery_moved_watermarks';

interface HeldDesign {
  component_id: number;
  gallery_ids: string;
  mode: string | null;
  text: string | null;
  position: string | null;
  opacity: number | string | null;
  scale: number | string | null;
  logo_file_id: number | null;
}

export async function finishWatermarkMigration(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  if (!(await knex.schema.hasTable(HOLDING_TABLE))) return;
  const held: HeldDesign[] = await knex(HOLDING_TABLE).select('*').orderBy('component_id');
  await strapi.db.transaction(async ({ trx }) => {
    for (const row of held) {
      const design = await strapi.db.query(UID.watermarkDesign).create({
        data: {
          name: row.text ? `Watermark "${row.text}"` : 'Gallery watermark',
          mode: row.mode ?? 'text',
          text: row.text,
          position: row.position ?? 'center',
          opacity: row.opacity === null ? null : Number(row.opacity),
          scale: row.scale === null ? null : Number(row.scale),
          logo: row.logo_file_id ?? null,
        },
      });
      const galleryIds = String(row.gallery_ids ?? '')
        .split(',')
        .map(Number)
        .filter((id) => Number.isInteger(id) && id > 0);
      for (const id of galleryIds) await strapi.db.query(UID.gallery).update({ where: { id }, data: { watermarkDesign: design.id } });
    }
    await knex.schema.transacting(trx).dropTable(HOLDING_TABLE);
  });
  if (held.length > 0) strapi.log.info(`client-gallery: ${held.length} gallery watermark design(s) moved to watermark-design entries`);
}
