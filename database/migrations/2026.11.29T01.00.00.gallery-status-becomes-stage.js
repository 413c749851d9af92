'use strict';

/**
 * A gallery's `status` attribute collided with Strapi's own draft-and-publish `status` (the
 * Document Service and REST query parameter): Strapi warned at every boot, and
 * `find({ status: 'ready' })` returned drafts. The attribute is `stage` now; its column is
 * renamed before the schema sync, so every gallery keeps its stage. (The public and admin APIs
 * still call it `status`.)
 */
module.exports = {
  async up(trx) {
    if (!(await trx.schema.hasTable('galleries'))) return;
    if (!(await trx.schema.hasColumn('galleries', 'status')) || (await trx.schema.hasColumn('galleries', 'stage'))) return;
    await trx.schema.alterTable('galleries', (table) => table.renameColumn('status', 'stage'));
  },

  async down(trx) {
    if ((await trx.schema.hasColumn('galleries', 'stage')) && !(await trx.schema.hasColumn('galleries', 'status'))) {
      await trx.schema.alterTable('galleries', (table) => table.renameColumn('stage', 'status'));
    }
  },
};
