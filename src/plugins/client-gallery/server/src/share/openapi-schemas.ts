/**
 * The shapes the public share API document (share/openapi.ts) names: its components' schemas,
 * referenced by `ref(name)`. tests/api/openapi.test.ts checks the required keys against answers.
 */
import { RESOLUTIONS } from '../../../shared/public-api';

export type Schema = Record<string, unknown>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
/** A download resolution, as the server accepts and offers them. */
export const resolution: Schema = { enum: [...RESOLUTIONS] };

export const SCHEMAS = {
  Error: {
    type: 'object',
    required: ['data', 'error'],
    properties: { data: { type: 'null' }, error: { type: 'object', required: ['status', 'name', 'message'] } },
  },
  PublicGallery: {
    type: 'object',
    required: ['id', 'title', 'status', 'deadline', 'selection', 'commentsAllowed', 'reviewEnabled', 'link'],
    properties: { link: ref('LinkCapabilities') },
  },
  LinkCapabilities: {
    type: 'object',
    required: ['kind', 'can', 'settings', 'downloads'],
    properties: { settings: ref('LinkSettings') },
  },
  LinkSettings: {
    type: 'object',
    required: ['watermark', 'downloadsEnabled', 'resolutions', 'downloadsWatermarked', 'expiresAt', 'passwordProtected'],
    properties: {
      watermark: {
        type: 'boolean',
        description: 'Views are watermarked: every thumb and preview URL, at any size, whatever downloads deliver.',
      },
      downloadsWatermarked: {
        type: 'boolean',
        description:
          '"Downloaded images have watermarks": single downloads, the download manager and packages. False on a watermarked link means views stay watermarked and downloads are the clean photos.',
      },
      resolutions: { type: 'array', items: resolution },
    },
  },
  PublicImage: {
    type: 'object',
    required: ['id', 'fileName', 'takenAt', 'width', 'height', 'thumbUrl', 'previewUrl', 'watermarked', 'favourite', 'downloaded', 'pairing'],
    properties: {
      watermarked: {
        type: 'boolean',
        description: 'Whether thumbUrl and previewUrl are watermarked (link.settings.watermark); downloads follow link.settings.downloadsWatermarked.',
      },
      // A markup and its original: only when both are in this gallery; only ids of this gallery.
      pairing: {
        oneOf: [
          { type: 'null' },
          {
            type: 'object',
            required: ['original', 'markups'],
            properties: { original: { type: 'string' }, markups: { type: 'array', items: { type: 'string' }, minItems: 1 } },
          },
        ],
      },
    },
  },
  Selection: { type: 'object', required: ['items', 'count', 'min', 'max', 'round', 'confirmedAt', 'reopenReason', 'open'] },
  SelectionChange: { type: 'object', required: ['id', 'selected', 'count', 'max'] },
  Round: { type: 'object', required: ['round', 'confirmedAt', 'confirmedBy', 'count', 'items', 'reopenedAt', 'reopenReason'] },
  Comment: { type: 'object', required: ['id', 'imageId', 'body', 'author', 'authorName', 'createdAt'] },
  Comments: { type: 'object', required: ['comments', 'open'] },
  CommentInput: { type: 'object', required: ['body'], properties: { body: text(2000) }, additionalProperties: false },
  ReviewMark: { type: 'object', required: ['imageId', 'decision', 'note', 'decidedBy', 'updatedAt'] },
  Review: { type: 'object', required: ['marks', 'open'] },
} as const;
