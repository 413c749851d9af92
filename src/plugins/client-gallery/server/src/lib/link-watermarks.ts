/**
 * A share link's two watermark settings (seed 001, DESIGN.md's privacy model), as pure rules:
 * - `watermark` decides what visitors *view*: every thumb, preview and `/media` URL of a watermarked
 *   link is watermarked, at any size, whatever the download setting says;
 * - `downloadsWatermarked` ("Downloaded images have watermarks") decides what they *download*:
 *   single downloads, the download manager's files and zip packages. A watermarked gallery may
 *   deliver clean downloads when the studio unchecks it; a clean-viewing link may watermark its
 *   downloads.
 * share-access is the only reader for visitor decisions; share-link calls `settledDownloadsWatermarked`
 * when it writes a link. `tests/unit/link-watermarks.test.ts` holds the tables.
 */
export interface LinkWatermarks {
  watermark?: boolean | null;
  downloadsWatermarked?: boolean | null;
}

/** Views are watermarked unless the link says clean (a row without a value is watermarked). */
export const viewsWatermarked = (link: LinkWatermarks): boolean => link.watermark !== false;

/**
 * Downloads follow the link's own choice. A row that never made one (null: written before the
 * setting was honoured, or by hand) follows its views, the safer reading, which is also how such
 * a row behaved before.
 */
export const downloadsWatermarked = (link: LinkWatermarks): boolean =>
  link.downloadsWatermarked === null || link.downloadsWatermarked === undefined ? viewsWatermarked(link) : link.downloadsWatermarked;

/**
 * The `downloadsWatermarked` a write stores when its input does not name one, or undefined to
 * leave it as it is. The input's own value always wins. Otherwise the safe default: a new link
 * that is watermarked (by the input, else by the content type's default) watermarks its downloads
 * too, and a clean one does not; a link switched from clean to watermarked gets watermarked
 * downloads with it, as every watermark switch did before the two were apart. Anything else
 * keeps the studio's earlier choice.
 *
 * `current` is the stored link (null when creating one).
 */
export function settledDownloadsWatermarked(
  current: LinkWatermarks | null,
  input: { watermark?: boolean; downloadsWatermarked?: boolean },
  watermarkDefault: boolean,
): boolean | undefined {
  if (input.downloadsWatermarked !== undefined) return input.downloadsWatermarked;
  if (current === null) return input.watermark ?? watermarkDefault;
  if (input.watermark === true && !viewsWatermarked(current)) return true;
  return undefined;
}
