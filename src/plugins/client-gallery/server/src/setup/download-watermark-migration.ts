/**
 * "Downloaded images have watermarks" (`downloadsWatermarked`) became a real setting, apart from the
 * views' `watermark` (lib/link-watermarks.ts). Before, a watermarked link watermarked its downloads
 * whatever that column said, and the column's default was false, so most watermarked links carry
 * `false` there without the studio ever having chosen clean downloads. So that no existing link
 * changes what it delivers, every link whose views are watermarked (or unset, which reads as
 * watermarked) gets `downloads_watermarked = true`, once. A clean-viewing link keeps its value:
 * it already watermarked its downloads exactly when that was true.
 *
 * An internal migration of the plugin (a host app cannot be asked to ship it), run once by Strapi
 * and recorded in `strapi_migrations_internal`; registered by setup/internal-migrations.ts.
 */
const LINKS = 'share_links';

export const downloadWatermarkMigration = {
  name: 'client-gallery::2026.12.07-downloads-watermarked-becomes-its-own-setting',
  async up(knex: any) {
    if (!(await knex.schema.hasTable(LINKS))) return;
    if (!(await knex.schema.hasColumn(LINKS, 'watermark')) || !(await knex.schema.hasColumn(LINKS, 'downloads_watermarked'))) return;
    await knex(LINKS)
      .where((where: any) => where.where('watermark', true).orWhereNull('watermark'))
      .update({ downloads_watermarked: true });
  },
  async down() {
    // One way: after it, a false on a watermarked link is the studio's own choice.
  },
};
