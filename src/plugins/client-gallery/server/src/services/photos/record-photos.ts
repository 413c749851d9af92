import { AsyncLocalStorage } from 'async_hooks';
import fs from 'fs';
import type { Core } from '@strapi/strapi';
import { recordSources, type RecordSource } from '../../config';
import { conflict } from '../../lib/errors';
import { takenAtFromExif } from '../../lib/photo-input';
import type { DerivativeRecord } from '../../queries/image-rows';
import { sha256File } from '../../lib/file-hash';
import { UID } from '../../uids';
import { getService } from '../../get-service';

/**
 * Record photos: the photos attached to a client's notes, forms and appointments. DESIGN says
 * they appear in the client's gallery, so each (record, photo) pair has one gallery-image with
 * `source` = the record's kind and `sourceRef` = "<kind>:<record documentId>".
 *
 * The record owns the photo, not the gallery: the media file belongs to the Media Library, so
 * removing the photo from its record (or deleting the record) removes the gallery entry and its
 * derivatives but never the file, and the gallery cannot delete it behind the record's back.
 * An archived form is still a form, so its photos stay.
 *
 * `sync` runs inside the record's own save transaction (see ../document-hooks.ts): a photo that is
 * not a decodable JPEG/PNG/WebP/TIFF/HEIF (an SVG, a renamed text file) refuses the save with 400
 * and nothing of it is kept.
 */
const IMAGE = UID.galleryImage;

/** The registered record source of a content type, if it carries record photos. */
export function recordSourceOf(strapi: Core.Strapi, uid: string): RecordSource | undefined {
  return recordSources(strapi).find((source) => source.uid === uid);
}

/** Set while this module itself adds or removes gallery entries, so the delete guard lets it through. */
const syncing = new AsyncLocalStorage<true>();

interface MediaFile {
  id: number;
  name: string;
  hash: string;
  ext: string;
  url: string;
  mime: string;
}

interface EntryRow {
  id: number;
  documentId: string;
  checksum: string | null;
  derivatives: DerivativeRecord | null;
  file: { id: number } | null;
  client: { id: number } | null;
}

const sourceRefOf = (source: string, documentId: string) => `${source}:${documentId}`;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const storage = () => getService(strapi, 'storage');
  const ingest = () => getService(strapi, 'ingest');

  /** Checksum, oriented size and capture date of a Media Library file, read from storage once. */
  async function describe(file: MediaFile) {
    const source = await storage().sourceFile(file);
    try {
      // The Media Library keeps the user's name; only the checks matter here, so give inspect a plain one.
      const safeName = `${(file.name ?? 'photo').replace(/[^\w. -]+/g, '_').replace(/\.{2,}/g, '.').slice(0, 120) || 'photo'}`;
      const size = (await fs.promises.stat(source.filepath)).size;
      const photo = await ingest().inspect({ filepath: source.filepath, originalFilename: safeName, size });
      return { ...photo, checksum: await sha256File(source.filepath) };
    } finally {
      await source.cleanup();
    }
  }

  async function entriesOf(source: string, sourceRef: string): Promise<EntryRow[]> {
    return strapi.db.query(IMAGE).findMany({
      where: { source, sourceRef },
      select: ['id', 'documentId', 'checksum', 'derivatives'],
      populate: { file: { select: ['id'] }, client: { select: ['id'] } },
    });
  }

  /** Remove gallery entries (their derivatives too), never the media file: the record or Media Library owns it. */
  async function removeEntries(rows: Array<{ documentId: string }>) {
    await syncing.run(true, async () => {
      for (const row of rows) await strapi.documents(IMAGE).delete({ documentId: row.documentId });
    });
  }

  return {
    /** True while record-photos itself is changing gallery entries. */
    isSyncing: () => syncing.getStore() === true,

    /**
     * Make the gallery match one record: an entry for every photo it carries, on its client, and
     * none for photos it no longer carries. Idempotent; a deleted record leaves no entries.
     */
    async sync(uid: string, documentId: string) {
      const kind = recordSourceOf(strapi, uid);
      if (!kind) throw new Error(`${uid} carries no record photos`);
      const sourceRef = sourceRefOf(kind.kind, documentId);
      const found = await strapi.db.query(uid).findOne({
        where: { documentId },
        populate: { [kind.clientField]: { select: ['id', 'documentId'] }, [kind.photosField]: true },
      });
      const record = found ? { ...found, client: found[kind.clientField] ?? null, photos: found[kind.photosField] ?? [] } : null;
      const entries = await entriesOf(kind.kind, sourceRef);
      const clientId: number | null = record?.client?.id ?? null;
      // A record without a client has no gallery to show its photos in.
      const photos: MediaFile[] = clientId ? (record?.photos ?? []) : [];
      const wanted = new Set(photos.map((photo) => photo.id));
      const kept = new Set<number>();

      const stale: EntryRow[] = [];
      for (const entry of entries) {
        // One entry per photo: a second one for the same file (never made by sync) goes too.
        if (!entry.file || !wanted.has(entry.file.id) || kept.has(entry.file.id)) stale.push(entry);
        else kept.add(entry.file.id);
      }
      await removeEntries(stale);

      // The record moved to another client (or a merge moved it): its photos follow.
      for (const entry of entries) {
        if (stale.includes(entry) || entry.client?.id === clientId) continue;
        await strapi.db.query(IMAGE).update({ where: { id: entry.id }, data: { client: clientId } });
      }

      const fallbackDate = record?.[kind.dateField] ? new Date(record[kind.dateField]) : new Date();
      await syncing.run(true, async () => {
        for (const photo of photos) {
          if (kept.has(photo.id)) continue;
          const facts = await describe(photo);
          await strapi.documents(IMAGE).create({
            data: {
              file: photo.id,
              client: record.client.documentId,
              takenAt: (takenAtFromExif(facts.exif) ?? fallbackDate).toISOString(),
              source: kind.kind,
              sourceRef,
              width: facts.width,
              height: facts.height,
              checksum: facts.checksum,
              // Thumb and preview are made on first view: the record's save stays quick.
              derivatives: {},
            } as any,
          });
          kept.add(photo.id);
          getService(strapi, 'table-statistics').wrote(getService(strapi, 'table-statistics').photoTables(), 1);
        }
      });
    },

    /**
     * The Media Library is deleting this file. Gallery entries that show it because a record
     * carries it go first (the record is losing the photo anyway). Returns how many uploaded
     * gallery photos still use the file, which the Media Library must not delete.
     */
    async releaseFile(fileId: number): Promise<number> {
      const rows: Array<{ documentId: string; source: string }> = await strapi.db.query(IMAGE).findMany({
        where: { file: { id: fileId } },
        select: ['documentId', 'source'],
      });
      const uploaded = rows.filter((row) => row.source === 'upload');
      if (uploaded.length === 0) await removeEntries(rows);
      return uploaded.length;
    },

    /**
     * A record photo leaves the gallery with its record: deleting it from the gallery alone is
     * refused (409) while its record still carries it, since the next save would bring it back.
     */
    async refuseDirectDelete(row: { source: string | null; sourceRef: string | null; file?: { id: number } | null }) {
      if (!row.source || row.source === 'upload' || this.isSyncing()) return;
      const kind = recordSources(strapi).find((source) => source.kind === row.source);
      const documentId = row.sourceRef?.slice(row.source.length + 1);
      if (!kind || !documentId) return;
      const record = await strapi.db.query(kind.uid).findOne({ where: { documentId }, select: ['id'], populate: { [kind.photosField]: { select: ['id'] } } });
      if (!record || !(record[kind.photosField] ?? []).some((photo: { id: number }) => photo.id === row.file?.id)) return;
      throw conflict(`This photo belongs to a ${kind.label ?? row.source.replace('-', ' ')}; remove it there and it leaves the gallery too`, {
        source: row.source,
        sourceRef: row.sourceRef,
      });
    },
  };
};
