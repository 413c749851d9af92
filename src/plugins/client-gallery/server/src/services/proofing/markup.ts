import fs from 'fs';
import os from 'os';
import path from 'path';
import sharp from 'sharp';
import type { Core } from '@strapi/strapi';
import { GalleryImageNotFoundError, MarkupRejectedError } from '../../lib/errors';
import { markupSvg } from '../../lib/markup-svg';
import { Semaphore } from '../../lib/semaphore';
import type { MarkupLayer, MarkupState } from '../../../../shared/markup';
import type { StaffViewer } from '../delivery/staff-download';
import { UID } from '../../uids';
import { visiblePhotos } from '../../admin/access';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';
import { tempFolderPrefix } from '../../lib/temp-folders';

const IMAGE = UID.galleryImage;
const DRAFT = UID.markupDraft;

interface Photo {
  id: number;
  documentId: string;
  takenAt: string | Date;
  label: string | null;
  source: string;
  client: { id: number; documentId: string } | null;
  file: { hash: string; ext: string; mime: string; url: string; name: string } | null;
  markupOf: { id: number; documentId: string } | null;
  markupLayers: MarkupLayer[] | null;
}

/**
 * Markups (Modify client gallery). A markup is vector layers over a photo, in image-relative
 * coordinates. Saved as a draft it is a markup-draft row (one per original), which is never a
 * gallery image: no listing, count, share page or zip reads that table. Submitted, it is rendered
 * at the original's full resolution (an SVG composite over the original, with sharp), stored as a
 * gallery image with `markupOf` = the original and its layers kept, and the draft is removed.
 * Opening a submitted markup starts from its layers; submitting again makes a new version.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rendering = new Semaphore(1);
  const drafts = () => strapi.db.query(DRAFT);

  /** The photo named, as this staff member may see it; a markup resolves to its original too. */
  async function resolve(documentId: string, sources: StaffViewer['sources']): Promise<{ photo: Photo; original: Photo }> {
    const find = (where: Record<string, unknown>): Promise<Photo | null> =>
      strapi.db.query(IMAGE).findOne({
        where: { $and: [where, visiblePhotos(strapi, sources).where] },
        select: ['id', 'documentId', 'takenAt', 'label', 'source', 'markupLayers'],
        populate: {
          client: { select: ['id', 'documentId'] },
          file: { select: ['hash', 'ext', 'mime', 'url', 'name'] },
          markupOf: { select: ['id', 'documentId'] },
        },
      });
    const photo = await find({ documentId });
    if (!photo?.file || !photo.client) throw new GalleryImageNotFoundError();
    if (!photo.markupOf) return { photo, original: photo };
    const original = await find({ id: photo.markupOf.id });
    if (!original?.file || !original.client) throw new GalleryImageNotFoundError();
    return { photo, original };
  }

  const draftKey = (original: Photo) => `original:${original.id}`;

  /** The layers over the original at its full (oriented) resolution, written as a JPEG to `filepath`. */
  async function render(original: Photo, layers: MarkupLayer[], filepath: string) {
    await rendering.run(async () => {
      const source = await getService(strapi, 'storage').sourceFile(original.file!);
      try {
        const options = { limitInputPixels: Number(pluginConfig(strapi).photos.maxPixels), failOn: 'truncated' as const };
        const meta = await sharp(source.filepath, options).metadata();
        const { width, height } = meta.autoOrient ?? { width: meta.width!, height: meta.height! };
        const overlay = Buffer.from(markupSvg(layers, width, height));
        await sharp(source.filepath, options)
          .rotate()
          .composite([{ input: overlay, left: 0, top: 0 }])
          .jpeg({ quality: 92, mozjpeg: false })
          .toFile(filepath);
      } finally {
        await source.cleanup();
      }
    });
  }

  return {
    /** Where the editor starts for this photo: its saved draft, else (a submitted markup) its layers, else nothing. */
    async state(documentId: string, { sources }: Pick<StaffViewer, 'sources'>): Promise<MarkupState> {
      const { photo, original } = await resolve(documentId, sources);
      const draft = await drafts().findOne({ where: { draftKey: draftKey(original) }, populate: { base: { select: ['documentId'] } } });
      if (draft) {
        return {
          original: original.documentId,
          base: draft.base?.documentId ?? null,
          layers: draft.layers,
          draft: true,
          updatedAt: new Date(draft.updatedAt).toISOString(),
        };
      }
      const base = photo.markupOf ? photo : null;
      return { original: original.documentId, base: base?.documentId ?? null, layers: base?.markupLayers ?? [], draft: false, updatedAt: null };
    },

    /** Keep the layers as the photo's draft (one draft per original; saving again replaces it). */
    async saveDraft(documentId: string, layers: MarkupLayer[], { sources, staff }: StaffViewer): Promise<MarkupState> {
      const { photo, original } = await resolve(documentId, sources);
      const data = { original: original.id, base: photo.markupOf ? photo.id : null, layers, authorId: staff.id ?? null, draftKey: draftKey(original) };
      const existing = await drafts().findOne({ where: { draftKey: data.draftKey }, select: ['id'] });
      if (existing) await drafts().update({ where: { id: existing.id }, data });
      else await drafts().create({ data });
      return this.state(documentId, { sources });
    },

    /** Throw the draft away; the photo and any submitted markups stay as they were. */
    async discardDraft(documentId: string, { sources }: Pick<StaffViewer, 'sources'>) {
      const { original } = await resolve(documentId, sources);
      await drafts().deleteMany({ where: { draftKey: draftKey(original) } });
    },

    /**
     * Render the layers over the original at full resolution and keep only that image: a gallery
     * image of the same client, source and date, paired with the original (`markupOf`). The draft goes.
     */
    async submit(documentId: string, layers: MarkupLayer[], { sources }: Pick<StaffViewer, 'sources'>): Promise<string> {
      const { original } = await resolve(documentId, sources);
      if (layers.length === 0) throw new MarkupRejectedError('A markup needs at least one layer');
      const dir = await fs.promises.mkdtemp(tempFolderPrefix(os.tmpdir(), 'markup'));
      try {
        const filepath = path.join(dir, 'markup.jpg');
        await render(original, layers, filepath);
        const result = await getService(strapi, 'ingest').ingestMade({
          clientDocumentId: original.client!.documentId,
          filepath,
          // "IMG_1 (markup).jpg": the studio and the visitor see which photo it marks up.
          name: `${(original.file!.name || 'photo').replace(/\.[^.]+$/, '')} (markup).jpg`,
          label: original.label ?? undefined,
          made: { source: original.source, markupOf: original.id, markupLayers: layers, takenAt: new Date(original.takenAt) },
        });
        await drafts().deleteMany({ where: { draftKey: draftKey(original) } });
        return result.status === 'created' ? result.image.documentId : result.existing;
      } finally {
        await fs.promises.rm(dir, { recursive: true, force: true });
      }
    },

    /**
     * Drafts over deleted photos go with them (gallery-image delete hook, after the delete: the
     * relation rows are gone by then, the key is not). A draft that was editing a deleted markup
     * stays, as a draft over the original.
     */
    async forgetImages(imageIds: number[]) {
      if (imageIds.length === 0) return;
      await drafts().deleteMany({ where: { draftKey: { $in: imageIds.map((id) => draftKey({ id } as Photo)) } } });
    },
  };
};
