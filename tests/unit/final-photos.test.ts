import knex from 'knex';
import { notAMarkupDraft } from '../../src/plugins/client-gallery/server/src/lib/final-photos';

/** Query builders only: nothing connects, `toSQL` shows the statement each dialect would run. */
describe('final-photos', () => {
  describe('notAMarkupDraft', () => {
    it.each([
      ['sqlite3', 'select * from `images` as `i` where (`i`.`markup_draft` = ? or `i`.`markup_draft` is null)'],
      ['pg', 'select * from "images" as "i" where ("i"."markup_draft" = ? or "i"."markup_draft" is null)'],
    ])('keeps final photos and those from before drafts existed, in brackets of their own (%s)', (client, sql) => {
      const db = knex({ client, useNullAsDefault: true });
      const statement = db('images as i').where(notAMarkupDraft('i.markup_draft')).toSQL();
      expect(statement.sql).toBe(sql);
      expect(statement.bindings).toEqual([false]);
    });

    it('leaves a condition beside it outside its OR', () => {
      const db = knex({ client: 'pg' });
      const sql = db('images as i').where('i.label', 'x').andWhere(notAMarkupDraft('i.markup_draft')).toSQL().sql;
      expect(sql).toBe('select * from "images" as "i" where "i"."label" = ? and ("i"."markup_draft" = ? or "i"."markup_draft" is null)');
    });
  });
});
