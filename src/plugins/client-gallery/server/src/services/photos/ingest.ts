import crypto from 'crypto';
import fs from 'fs';
import { pipeline } from 'stream/promises';
import sharp from 'sharp';
import type { Metadata } from 'sharp';
import type { Core } from '@strapi/strapi';
import { ClientNotFoundError, InvalidPhotoError, isUniqueViolation, PhotoTooLargeError } from '../../lib/errors';
import { ACCEPTED_FORMATS, fileNameProblem, orientedSize, takenAtFromExif } from '../../lib/photo-input';
import type { DerivativeRecord } from '../../queries/image-rows';
import type { StoredObject } from '../../lib/media-keys';
import { sha256File } from '../../lib/file-hash';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

/**
 * Photos in: one or many uploaded files become gallery-images of one client.
 *
 * Every file is checked before anything is stored (name, size, format by content, pixel count), so
 * a bad file in a batch stores nothing. Then each file is hashed by streaming, skipped as a
 * duplicate if the client already has it, decoded once for the ingest derivatives, and stored:
 * original (streamed from the body parser's temp file, untouched), derivatives, media row, image.
 * If anything fails after that, what this request stored is removed again.
 */
const IMAGE = UID.galleryImage;
const CLIENT = UID.client;

/** A file as the body parser (formidable) wrote it to disk. */
export interface IncomingPhoto {
  filepath: string;
  originalFilename: string | null;
  mimetype?: string | null;
  size: number;
}

export interface IngestInput {
  clientDocumentId: string;
  files: IncomingPhoto[];
  label?: string;
}

export type IngestResult =
  | { file: string; status: 'created'; image: { documentId: string; takenAt: string; width: number; height: number; checksum: string; label: string | null } }
  | { file: string; status: 'duplicate'; existing: string };

/** An image the studio made on the server (a comparison, a markup) rather than uploaded. */
export interface MadeImage {
  source?: string;
  /** The original a markup was drawn over (its id). */
  markupOf?: number | null;
  /** A markup's vector layers, so that editing it starts from them. */
  markupLayers?: unknown;
  takenAt?: Date;
}

export interface Inspected {
  incoming: IncomingPhoto;
  name: string;
  format: keyof typeof ACCEPTED_FORMATS;
  width: number;
  height: number;
  rawWidth: number;
  rawHeight: number;
  exif?: Buffer;
}

/** Accepts formidable's single-or-array `files` field. */
export function photosFromMultipart(files: unknown): IncomingPhoto[] {
  const list = Array.isArray(files) ? files : files ? [files] : [];
  return list.map((file: any) => ({ filepath: file.filepath, originalFilename: file.originalFilename ?? null, mimetype: file.mimetype, size: Number(file.size) }));
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const derivatives = () => getService(strapi, 'derivatives');
  const storage = () => getService(strapi, 'storage');
  /** Same-photo uploads racing in this process wait for each other, so the second sees the first as a duplicate. */
  const inProgress = new Map<string, Promise<unknown>>();

  async function inspect(incoming: IncomingPhoto): Promise<Inspected> {
    const name = incoming.originalFilename ?? '';
    const nameProblem = fileNameProblem(name);
    if (nameProblem) throw new InvalidPhotoError(name.slice(0, 80) || 'file', nameProblem);
    const sizeLimit = Number(strapi.config.get('plugin::upload.sizeLimit', 200 * 1024 * 1024));
    if (incoming.size > sizeLimit) throw new PhotoTooLargeError(name, sizeLimit);
    if (!incoming.size) throw new InvalidPhotoError(name, 'is empty');

    const maxPixels = Number(pluginConfig(strapi).photos.maxPixels);
    let meta: Metadata;
    try {
      // Header only: no pixels are decoded here, so a pixel bomb costs nothing to refuse.
      meta = await sharp(incoming.filepath, { limitInputPixels: false }).metadata();
    } catch {
      throw new InvalidPhotoError(name, 'is not an image in a supported format (JPEG, PNG, WebP, TIFF, HEIF)');
    }
    if (!meta.format || !(meta.format in ACCEPTED_FORMATS) || !meta.width || !meta.height) {
      throw new InvalidPhotoError(name, 'is not an image in a supported format (JPEG, PNG, WebP, TIFF, HEIF)');
    }
    if (meta.width * meta.height > maxPixels) throw new InvalidPhotoError(name, `has more than ${maxPixels} pixels`);
    const oriented = orientedSize(meta.width, meta.height, meta.orientation);
    return { incoming, name, format: meta.format as Inspected['format'], ...oriented, rawWidth: meta.width, rawHeight: meta.height, exif: meta.exif };
  }

  /** Store one checked photo; returns its result, or throws after removing what it stored. */
  async function storeOne(client: { id: number; documentId: string }, photo: Inspected, checksum: string, label: string | undefined, made: MadeImage = {}): Promise<IngestResult> {
    const existing = await strapi.db.query(IMAGE).findOne({ where: { client: { id: client.id }, checksum }, select: ['documentId'] });
    if (existing) return { file: photo.name, status: 'duplicate', existing: existing.documentId };

    const design = await getService(strapi, 'watermark').forGallery(null);
    let rendered;
    try {
      rendered = await derivatives().renderIngestSet(photo.incoming.filepath, design);
    } catch (error) {
      // Header was fine but the pixels are not (truncated, corrupt): the client's fault, not ours.
      throw new InvalidPhotoError(photo.name, `could not be decoded (${(error as Error).message})`);
    }

    const { mime, ext: defaultExt } = ACCEPTED_FORMATS[photo.format];
    const uploadConfig = strapi.config.get('plugin::upload') as { provider: string };
    const info = await strapi.plugin('upload').service('upload').formatFileInfo({ filename: photo.name, type: mime, size: photo.incoming.size }, { name: photo.name });
    const ext = /^\.[A-Za-z0-9]{1,8}$/.test(info.ext ?? '') ? info.ext : defaultExt;
    let original: StoredObject | null = null;
    let record: DerivativeRecord = {};
    let fileRow: { id: number } | null = null;
    try {
      const put = await storage().put({ hash: info.hash, ext, mime }, fs.createReadStream(photo.incoming.filepath), photo.incoming.size);
      original = put;
      record = await derivatives().store(checksum, rendered);
      fileRow = await strapi.db.query('plugin::upload.file').create({
        data: {
          name: info.name,
          hash: info.hash,
          ext,
          mime,
          size: info.size,
          sizeInBytes: photo.incoming.size,
          width: photo.rawWidth,
          height: photo.rawHeight,
          url: put.url,
          provider: uploadConfig.provider,
          folderPath: '/',
        },
      });
      const takenAt = made.takenAt ?? takenAtFromExif(photo.exif) ?? new Date();
      const image = await strapi.documents(IMAGE).create({
        data: {
          file: fileRow!.id,
          client: client.documentId,
          takenAt: takenAt.toISOString(),
          label: label ?? null,
          source: made.source ?? 'upload',
          markupOf: made.markupOf ?? null,
          markupLayers: made.markupLayers ?? null,
          width: photo.width,
          height: photo.height,
          checksum,
          // One uploaded copy of a photo per client, enforced by the database: the in-process
          // wait below cannot see an upload of the same photo on another server process.
          dedupeKey: `${client.id}:${checksum}`,
          derivatives: record,
        } as any,
      });
      const statistics = getService(strapi, 'table-statistics');
      statistics.wrote(statistics.photoTables(), 1);
      return {
        file: photo.name,
        status: 'created',
        image: { documentId: image.documentId, takenAt: takenAt.toISOString(), width: photo.width, height: photo.height, checksum, label: label ?? null },
      };
    } catch (error) {
      // Derivative keys are content-addressed (checksum + spec): another image of the same photo
      // (the winner of a race, another client's copy) may use the very same objects, so only
      // keys no image records go. The original has a key of its own.
      if (original) await storage().remove(original).catch(() => undefined);
      await derivatives().removeFor({ id: -1, checksum, derivatives: record }).catch(() => undefined);
      if (fileRow) await strapi.db.query('plugin::upload.file').delete({ where: { id: fileRow.id } }).catch(() => undefined);
      if (isUniqueViolation(error)) {
        const winner = await strapi.db.query(IMAGE).findOne({ where: { dedupeKey: `${client.id}:${checksum}` }, select: ['documentId'] });
        if (winner) return { file: photo.name, status: 'duplicate', existing: winner.documentId };
      }
      throw error;
    }
  }

  return {
    photosFromMultipart,

    /**
     * Store one JPEG the server rendered (a comparison, a markup) as a photo of the client, through
     * the same checks and storage as an upload. The caller owns `filepath` and removes it.
     */
    async ingestMade({ clientDocumentId, filepath, name, label, made }: { clientDocumentId: string; filepath: string; name: string; label?: string; made: MadeImage }) {
      const client = await strapi.db.query(CLIENT).findOne({ where: { documentId: clientDocumentId }, select: ['id', 'documentId'] });
      if (!client) throw new ClientNotFoundError();
      await storage().requirePrivate();
      const size = (await fs.promises.stat(filepath)).size;
      const photo = await inspect({ filepath, originalFilename: name, mimetype: 'image/jpeg', size });
      return storeOne(client, photo, await sha256File(filepath), label, made);
    },

    /** The checks every photo passes before anything is stored (also used for photos attached to records). */
    inspect,

    async ingest({ clientDocumentId, files, label }: IngestInput): Promise<{ results: IngestResult[] }> {
      const client = await strapi.db.query(CLIENT).findOne({ where: { documentId: clientDocumentId }, select: ['id', 'documentId'] });
      if (!client) throw new ClientNotFoundError();
      if (files.length === 0) throw new InvalidPhotoError('request', 'has no files (send them as multipart field "files")');
      await storage().requirePrivate();

      // Check everything first: one bad file refuses the whole request before anything is stored.
      const inspected: Inspected[] = [];
      for (const file of files) inspected.push(await inspect(file));
      const checksums = await Promise.all(inspected.map((photo) => sha256File(photo.incoming.filepath)));

      // A photo repeated within the batch is processed once; its repeats report the first as existing.
      const firstIndex = checksums.map((checksum) => checksums.indexOf(checksum));
      const unique = inspected.map((_, i) => i).filter((i) => firstIndex[i] === i);

      const results: IngestResult[] = new Array(inspected.length);
      const failures: unknown[] = [];
      let next = 0;
      const worker = async () => {
        while (failures.length === 0 && next < unique.length) {
          const i = unique[next++];
          const lockKey = `${client.id}:${checksums[i]}`;
          while (inProgress.has(lockKey)) await inProgress.get(lockKey)!.catch(() => undefined);
          const work = storeOne(client, inspected[i], checksums[i], label);
          inProgress.set(lockKey, work);
          try {
            results[i] = await work;
          } catch (error) {
            failures.push(error);
          } finally {
            inProgress.delete(lockKey);
          }
        }
      };
      // Two files in flight per request: one decodes while the other is being written.
      await Promise.all(Array.from({ length: Math.min(2, unique.length) }, worker));

      if (failures.length > 0) {
        // All or nothing: what this request created goes again, then the first failure is reported.
        for (const result of results) {
          if (result?.status === 'created') await strapi.documents(IMAGE).delete({ documentId: result.image.documentId }).catch(() => undefined);
        }
        throw failures[0];
      }
      inspected.forEach((photo, i) => {
        if (firstIndex[i] === i) return;
        const first = results[firstIndex[i]];
        results[i] = { file: photo.name, status: 'duplicate', existing: first.status === 'created' ? first.image.documentId : first.existing };
      });
      return { results };
    },
  };
};
