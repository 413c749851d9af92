/**
 * Markup drafts never show in a gallery: only submitted, final images count. The rule is written
 * once here, for both ways the plugin reads gallery images.
 */

/** For the query engine, on gallery-image. */
export const NOT_A_MARKUP_DRAFT = { $or: [{ markupDraft: false }, { markupDraft: { $null: true } }] };

interface WhereBuilder {
  where(column: string, value: boolean): { orWhereNull(column: string): unknown };
}

/**
 * For a knex query joining gallery images: a where-callback (so the OR keeps its own brackets) on
 * `column`, the markupDraft column qualified by the table's alias (`i.markup_draft`).
 */
export function notAMarkupDraft(column: string) {
  return (query: WhereBuilder) => query.where(column, false).orWhereNull(column);
}
