import { factories } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { ClientNotFoundError, GalleryNotFoundError, InvalidGalleryPhotosError } from '../../lib/errors';
import type { ImageSource } from '../../../../shared/contracts';
import { visiblePhotos } from '../../admin/access';
import { reminderDaysProblem } from '../../lib/deadline';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { PROOFING_FIELDS } from '../../queries/galleries';

const GALLERY = UID.gallery;
const CLIENT = UID.client;
const IMAGE = UID.galleryImage;

const STATUSES = ['proofing', 'locked', 'ready', 'archived'] as const;

/**
 * The studio's routes speak of a gallery's `status`; it is stored as `stage`, because `status`
 * is Strapi's own draft-and-publish query parameter (a `status` attribute made
 * `find({status: 'ready'})` silently return drafts).
 */
function toStored<T extends { status?: string }>({ status, ...rest }: T) {
  return status === undefined ? rest : { ...rest, stage: status };
}
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const details = {
  title: z.string().trim().min(1).max(200),
  status: z.enum(STATUSES),
  shootDate: day.nullable(),
  deadline: day.nullable(),
  welcomeNote: z.string().max(5000).nullable(),
  // Proofing options (issue 10): selection with its bounds, comments, advanced review, filters.
  selectionAllowed: z.boolean(),
  selectionMin: z.number().int().min(0).max(100000).nullable(),
  selectionMax: z.number().int().min(1).max(100000).nullable(),
  commentsAllowed: z.boolean(),
  reviewEnabled: z.boolean(),
  filtersEnabled: z.boolean(),
  // Deadline reminders: on/off, and the gallery's own day counts (null: the plugin's proofing.reminderDays).
  remindersEnabled: z.boolean(),
  // Any shape is judged by reminderDaysProblem, so every writer gets its message ("reminderDays must be …").
  reminderDays: z
    .unknown()
    .superRefine((days, ctx) => {
      const problem = reminderDaysProblem(days);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    })
    .transform((days) => (Array.isArray(days) ? [...(days as number[])].sort((a, b) => b - a) : null)),
};
const boundsInOrder: [(body: { selectionMin?: number | null; selectionMax?: number | null }) => boolean, { message: string; path: string[] }] = [
  (body) => body.selectionMin == null || body.selectionMax == null || body.selectionMin <= body.selectionMax,
  { message: 'selectionMin cannot be above selectionMax', path: ['selectionMin'] },
];

/** POST /client-gallery/clients/:documentId/galleries: a new gallery from some or all of the client's photos. */
export const parseNewGallery = validateZodSchema(
  z
    .object({
      ...details,
      status: details.status.default('proofing'),
      shootDate: details.shootDate.optional(),
      deadline: details.deadline.optional(),
      welcomeNote: details.welcomeNote.optional(),
      selectionAllowed: details.selectionAllowed.optional(),
      selectionMin: details.selectionMin.optional(),
      selectionMax: details.selectionMax.optional(),
      commentsAllowed: details.commentsAllowed.optional(),
      reviewEnabled: details.reviewEnabled.optional(),
      filtersEnabled: details.filtersEnabled.optional(),
      remindersEnabled: details.remindersEnabled.optional(),
      reminderDays: details.reminderDays.optional(),
      /** Which photos: these (in this order), or every photo with this label, or (neither) all of them. */
      imageIds: z.array(z.string().min(1).max(64)).min(1).max(5000).optional(),
      label: z.string().trim().min(1).max(120).optional(),
    })
    .strict()
    .refine((body) => !(body.imageIds && body.label), { message: 'Give imageIds or label, not both' })
    .refine(...boundsInOrder),
);

/** PUT /client-gallery/galleries/:documentId: any of the details. */
export const parseGalleryChanges = validateZodSchema(
  z
    .object(details)
    .partial()
    .strict()
    .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to change' })
    .refine(...boundsInOrder),
);

const storedDetails = validateZodSchema(z.object(details).partial().refine(...boundsInOrder));

/**
 * The same rules for a gallery written by any other door (the Content Manager, the REST routes,
 * a service): the detail fields present in `data` (stored names: `stage` for status) are checked
 * as the studio's PUT checks them, and come back normalised (titles trimmed, reminder days sorted).
 * Fields not in `data` are left alone.
 */
export function checkStoredGalleryDetails(data: Record<string, unknown>): Record<string, unknown> {
  const named = Object.keys(details).filter((key) => key !== 'status' && key in data && data[key] !== undefined);
  const given: Record<string, unknown> = Object.fromEntries(named.map((key) => [key, data[key]]));
  if ('stage' in data && data.stage !== undefined) given.status = data.stage;
  if (Object.keys(given).length === 0) return data;
  const { status, ...checked } = storedDetails(given) as Record<string, unknown>;
  return { ...data, ...checked, ...(status === undefined ? {} : { stage: status }) };
}

export default factories.createCoreService(GALLERY, ({ strapi }) => ({
  /** Body checks for the studio's gallery routes (400 on anything else). */
  parseNewGallery,
  parseGalleryChanges,

  /**
   * A client's galleries for the studio, newest first. The draft row carries the gallery's
   * current content (links relate to it); `published` says whether visitors can open it. Photo
   * counts count what this staff member sees (`sources`), as the gallery's tiles do.
   */
  async listForClient(clientDocumentId: string, sources: ImageSource[], only?: string) {
    const client = await strapi.db.query(CLIENT).findOne({ where: { documentId: clientDocumentId }, select: ['id'] });
    if (!client) throw new ClientNotFoundError();
    const drafts = await strapi.db.query(GALLERY).findMany({
      where: { client: { id: client.id }, publishedAt: null, ...(only ? { documentId: only } : {}) },
      select: ['id', 'documentId', 'title', 'stage', 'shootDate', 'deadline', 'welcomeNote', ...PROOFING_FIELDS, 'createdAt', 'updatedAt'],
      // The cover goes along (one join), so the Curate dialog can mark it when it opens.
      populate: { cover: { select: ['documentId'] } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    const documentIds = drafts.map((row: any) => row.documentId);
    const published = documentIds.length
      ? await strapi.db.query(GALLERY).findMany({ where: { documentId: { $in: documentIds }, publishedAt: { $notNull: true } }, select: ['documentId'] })
      : [];
    const live = new Set(published.map((row: any) => row.documentId as string));
    const counts = await getService(strapi, 'gallery-membership').counts(documentIds, sources);
    // The studio's reminder days go along, so the studio sees what "default" means for this gallery.
    const defaultReminderDays = (await getService(strapi, 'studio-settings').studio()).reminderDays;
    return drafts.map((row: any) => ({ ...row, imageCount: counts.get(row.documentId) ?? 0, published: live.has(row.documentId), defaultReminderDays }));
  },

  /** One gallery as listForClient shows it. */
  async summary(documentId: string, sources: ImageSource[]) {
    const draft = await strapi.db.query(GALLERY).findOne({ where: { documentId, publishedAt: null }, populate: { client: { select: ['documentId'] } } });
    if (!draft?.client) throw new GalleryNotFoundError();
    const [row] = await this.listForClient(draft.client.documentId, sources, documentId);
    return row;
  },

  /**
   * A new, unpublished gallery for a client: the photos named (each must be this client's, or
   * nothing is made), the photos with a label, or all of them, newest first. Only photos from
   * `sources` the staff member may see go in (a note's photos need read access to notes), and
   * markup drafts never do.
   */
  async createForClient(clientDocumentId: string, input: ReturnType<typeof parseNewGallery>, sources: ImageSource[]) {
    const client = await strapi.db.query(CLIENT).findOne({ where: { documentId: clientDocumentId }, select: ['id', 'documentId'] });
    if (!client) throw new ClientNotFoundError();
    const { imageIds, label, ...fields } = input;
    const where: Record<string, unknown>[] = [{ client: { id: client.id } }, visiblePhotos(strapi, sources).where];
    if (imageIds) where.push({ documentId: { $in: imageIds } });
    if (label) where.push({ label });
    const rows: Array<{ documentId: string }> = await strapi.db.query(IMAGE).findMany({
      where: { $and: where },
      select: ['documentId'],
      orderBy: [{ takenAt: 'desc' }, { id: 'desc' }],
    });
    if (imageIds) {
      const found = new Set(rows.map((row) => row.documentId));
      const foreign = [...new Set(imageIds)].filter((id) => !found.has(id));
      if (foreign.length > 0) throw new InvalidGalleryPhotosError(`${foreign.length} of the photos are not this client's`, { imageIds: foreign });
    }
    if (rows.length === 0) throw new InvalidGalleryPhotosError(label ? `This client has no photos labelled "${label}"` : 'This client has no photos yet');
    // The studio's order when it named the photos, else newest first.
    const ordered = imageIds ? [...new Set(imageIds)] : rows.map((row) => row.documentId);
    const gallery = await strapi.documents(GALLERY).create({
      data: { ...toStored(fields), client: client.documentId, images: ordered, cover: ordered[0] } as any,
    });
    return this.summary(gallery.documentId, sources);
  },

  /** Change a gallery's details. A published gallery is published again, so visitors see the change at once. */
  async updateDetails(documentId: string, changes: ReturnType<typeof parseGalleryChanges>, sources: ImageSource[]) {
    const { published } = await this.summary(documentId, sources);
    await strapi.documents(GALLERY).update({ documentId, data: toStored(changes) as any });
    if (published) await strapi.documents(GALLERY).publish({ documentId });
    return this.summary(documentId, sources);
  },

  /** Publish (links can open it) or unpublish (every link shows "Unavailable"). */
  async setPublished(documentId: string, published: boolean, sources: ImageSource[]) {
    await this.summary(documentId, sources);
    if (published) await strapi.documents(GALLERY).publish({ documentId });
    else await strapi.documents(GALLERY).unpublish({ documentId });
    return this.summary(documentId, sources);
  },
}));
