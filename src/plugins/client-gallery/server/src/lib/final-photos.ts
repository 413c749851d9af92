/** Markup drafts never show in a gallery: only submitted, final images count (a query-engine filter on gallery-image). */
export const NOT_A_MARKUP_DRAFT = { $or: [{ markupDraft: false }, { markupDraft: { $null: true } }] };
