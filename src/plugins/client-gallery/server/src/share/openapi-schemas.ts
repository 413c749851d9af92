/**
 * The shapes the public share API document (share/openapi.ts) names: its components' schemas,
 * referenced by `ref(name)`. They describe the types of shared/public-api.ts, which the server's
 * mappers build; tests/api/openapi-client.test.ts generates a client from the served document and
 * fails to compile when a schema here and its shared type stop describing the same values.
 */
import { GALLERY_STATUSES, RESOLUTIONS } from '../../../shared/public-api';
import { COMMENT_MAX_LENGTH } from '../../../shared/proofing';

export type Schema = Record<string, unknown>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
/** A comment body or a review note, as the server accepts them. */
export const commentText = text(COMMENT_MAX_LENGTH);
/** A download resolution, as the server accepts and offers them. */
export const resolution: Schema = { type: 'string', enum: [...RESOLUTIONS] };

/**
 * An object whose properties are all required but those named in `optional`. `required` is
 * derived from `properties`, so it never names a property the schema does not define.
 */
export const object = (properties: Record<string, Schema>, optional: string[] = []): Schema => ({
  type: 'object',
  required: Object.keys(properties).filter((key) => !optional.includes(key)),
  properties,
});
export const array = (items: Schema): Schema => ({ type: 'array', items });
export const orNull = (schema: Schema): Schema => ({ oneOf: [{ type: 'null' }, schema] });
export const string: Schema = { type: 'string' };
export const boolean: Schema = { type: 'boolean' };
export const integer: Schema = { type: 'integer', minimum: 0 };
const nullableString: Schema = { type: ['string', 'null'] };
const nullableInteger: Schema = { type: ['integer', 'null'], minimum: 0 };
const instant: Schema = { type: 'string', format: 'date-time' };
const nullableInstant: Schema = { type: ['string', 'null'], format: 'date-time' };
const nullableDate: Schema = { type: ['string', 'null'], format: 'date' };
const oneOf = (...values: string[]): Schema => ({ type: 'string', enum: values });

const PACKAGE_STATUS = oneOf('preparing', 'ready', 'failed', 'expired');

export const SCHEMAS = {
  Error: object({
    data: { type: 'null' },
    error: object({ status: { type: 'integer' }, name: string, message: string, details: { type: 'object', additionalProperties: true } }, ['details']),
  }),
  PublicGallery: object({
    id: string,
    title: string,
    status: { type: 'string', enum: [...GALLERY_STATUSES] },
    welcomeNote: nullableString,
    deadline: nullableDate,
    shootDate: nullableDate,
    cover: orNull(object({ thumbUrl: nullableString, previewUrl: nullableString, watermarked: boolean, expiresAt: instant })),
    selection: orNull(object({ min: nullableInteger, max: nullableInteger })),
    commentsAllowed: boolean,
    reviewEnabled: { type: 'boolean', description: 'Advanced review: each photo approved, or changes requested with a note.' },
    filtersEnabled: boolean,
    link: ref('LinkCapabilities'),
  }),
  LinkCapabilities: object({
    kind: oneOf('general', 'private'),
    can: object(Object.fromEntries(['view', 'own', 'favourite', 'select', 'comment', 'review', 'download', 'claim'].map((action) => [action, boolean]))),
    settings: ref('LinkSettings'),
    downloads: object({ limit: nullableInteger, used: integer, remaining: nullableInteger }),
  }),
  LinkSettings: object({
    watermark: {
      type: 'boolean',
      description: 'Views are watermarked: every thumb and preview URL, at any size, whatever downloads deliver.',
    },
    downloadsEnabled: boolean,
    resolutions: array(resolution),
    downloadsWatermarked: {
      type: 'boolean',
      description:
        '"Downloaded images have watermarks": single downloads, the download manager and packages. False on a watermarked link means views stay watermarked and downloads are the clean photos.',
    },
    expiresAt: nullableInstant,
    passwordProtected: boolean,
  }),
  PublicImage: object({
    id: string,
    fileName: { type: ['string', 'null'], description: 'The file name as the studio chose it.' },
    takenAt: instant,
    label: nullableString,
    width: nullableInteger,
    height: nullableInteger,
    thumbUrl: nullableString,
    previewUrl: nullableString,
    watermarked: {
      type: 'boolean',
      description: 'Whether thumbUrl and previewUrl are watermarked (link.settings.watermark); downloads follow link.settings.downloadsWatermarked.',
    },
    expiresAt: { ...instant, description: 'When thumbUrl and previewUrl stop working.' },
    favourite: boolean,
    downloaded: boolean,
    // A markup and its original: only when both are in this gallery; only ids of this gallery.
    pairing: orNull(ref('ImagePairing')),
  }),
  ImagePairing: object({
    original: { type: 'string', description: 'The original photo’s id.' },
    markups: { type: 'array', items: string, minItems: 1, description: 'Its marked-up versions in this gallery, oldest first.' },
  }),
  Unlock: object({
    unlockToken: string,
    expiresAt: instant,
    header: { const: 'X-Share-Unlock', description: 'The header that carries unlockToken on later requests.' },
  }),
  FavouriteChange: object({ id: string, favourite: boolean }),
  Selection: object({
    items: array(object({ id: string, selectedAt: instant })),
    count: integer,
    min: nullableInteger,
    max: nullableInteger,
    round: integer,
    confirmedAt: nullableInstant,
    reopenReason: { type: ['string', 'null'], description: 'Why the studio reopened the previous round.' },
    open: { type: 'boolean', description: 'May it change now (proofing, selection allowed, not confirmed)?' },
  }),
  SelectionChange: object({ id: string, selected: boolean, count: integer, max: nullableInteger }),
  Round: object({
    round: integer,
    confirmedAt: instant,
    confirmedBy: nullableString,
    count: integer,
    items: array(string),
    reopenedAt: nullableInstant,
    reopenReason: nullableString,
  }),
  Comment: object({ id: string, imageId: nullableString, body: string, author: oneOf('client', 'studio'), authorName: nullableString, createdAt: instant }),
  Comments: object({ comments: array(ref('Comment')), open: boolean }),
  CommentInput: { ...object({ body: commentText }), additionalProperties: false },
  ReviewMark: object({
    imageId: nullableString,
    decision: oneOf('approved', 'changes-requested', 'in-review'),
    note: nullableString,
    decidedBy: oneOf('client', 'studio'),
    updatedAt: instant,
  }),
  Review: object({ marks: array(ref('ReviewMark')), open: boolean }),
  DownloadManager: object({
    limit: nullableInteger,
    used: integer,
    remaining: nullableInteger,
    resolutions: array(resolution),
    watermarked: boolean,
    items: array(
      object({ imageId: string, label: nullableString, state: oneOf('queued', 'granted', 'downloaded'), removable: boolean, downloadedAt: nullableInstant }),
    ),
  }),
  DownloadPackage: object({
    id: string,
    status: PACKAGE_STATUS,
    resolution,
    imageCount: integer,
    prepared: { ...integer, description: 'Photos whose file is made so far ("Preparing 120 of 460").' },
    bytes: { ...nullableInteger, description: 'The zip’s exact size in bytes, once ready.' },
    expiresAt: instant,
    downloadUrl: { type: ['string', 'null'], description: 'GET /api/packages/{packageToken}: the zip.' },
    statusUrl: { type: ['string', 'null'], description: 'GET it to follow preparation (PackageProgress).' },
  }),
  PackageProgress: object(
    {
      id: string,
      status: PACKAGE_STATUS,
      resolution,
      prepared: integer,
      total: integer,
      bytes: nullableInteger,
      expiresAt: instant,
      message: { type: 'string', description: 'Only when status is failed: what to tell the visitor (ordering again is free).' },
      reorderFree: { type: 'boolean', description: 'Only when status is failed.' },
    },
    ['message', 'reorderFree'],
  ),
  PortalGallery: object({
    id: string,
    title: string,
    status: { type: 'string', description: 'The gallery’s status (past its deadline a proofing gallery is locked), or "unavailable".' },
    available: boolean,
    passwordProtected: boolean,
    coverThumbUrl: nullableString,
    client: orNull(object({ name: string })),
    shootDate: nullableDate,
    deadline: nullableDate,
    open: orNull(object({ method: { const: 'POST' }, path: string })),
  }),
  PortalOpen: object({
    token: { type: 'string', description: 'A short-lived access token: use it as {token} on the link routes.' },
    url: { type: 'string', description: 'The gallery page for this token.' },
    api: { type: 'string', description: 'GET it for the gallery (the link route with this token).' },
    expiresAt: instant,
  }),
} as const;
