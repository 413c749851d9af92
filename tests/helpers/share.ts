import type { Core } from '@strapi/strapi';
import { createClient, createImages } from './fixtures';

/**
 * Share-link fixtures: galleries in a given status (published or not), links made through the
 * real share-link service (so tokens are real).
 */
const GALLERY = 'plugin::client-gallery.gallery';

export type GalleryStatus = 'proofing' | 'locked' | 'ready' | 'archived';

export async function makeGallery(
  strapi: Core.Strapi,
  name: string,
  fileId: number,
  // The default deadline is far in the future: a proofing gallery past its deadline behaves as locked.
  options: { status?: GalleryStatus; publish?: boolean; images?: number; welcomeNote?: string; deadline?: string; newest?: string; extra?: Record<string, unknown> } = {},
) {
  const client = await createClient(strapi, name);
  const images = await createImages(strapi, client.documentId, fileId, options.images ?? 3, options.newest);
  const gallery = await strapi.documents(GALLERY).create({
    data: {
      title: `${name} gallery`,
      client: client.documentId,
      images: images.map((i) => i.documentId),
      cover: images[0].documentId,
      stage: options.status ?? 'proofing',
      welcomeNote: options.welcomeNote ?? `Welcome, ${name}!`,
      deadline: options.deadline ?? '2099-07-15',
      shootDate: '2026-06-01',
      ...options.extra,
    } as any,
  });
  if (options.publish !== false) await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
  return { client, images, gallery };
}

/** Change a gallery's status the way the studio does: edit the draft, then publish it. */
export async function setStatus(strapi: Core.Strapi, documentId: string, status: GalleryStatus) {
  await strapi.documents(GALLERY).update({ documentId, data: { stage: status } as any });
  await strapi.documents(GALLERY).publish({ documentId });
}

export async function makeLink(strapi: Core.Strapi, galleryDocumentId: string, input: Record<string, unknown>) {
  return strapi.plugin('client-gallery').service('share-link').createLink(galleryDocumentId, { kind: 'private', ...input }) as Promise<{ link: any; token: string }>;
}

/** Every string anywhere in a JSON value. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

/** A gallery's photos (documentIds) in its order, as the membership rows hold them. */
export async function galleryImageIds(strapi: Core.Strapi, galleryDocumentId: string): Promise<string[]> {
  const ids: number[] = await strapi.plugin('client-gallery').service('gallery-membership').imageIds(galleryDocumentId);
  const rows = ids.length ? await strapi.db.query('plugin::client-gallery.gallery-image').findMany({ where: { id: { $in: ids } }, select: ['id', 'documentId'] }) : [];
  const byId = new Map(rows.map((row: any) => [row.id, row.documentId as string]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}
