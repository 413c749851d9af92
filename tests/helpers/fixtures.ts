import fs from 'fs';
import os from 'os';
import path from 'path';
import sharp from 'sharp';
import type { Core } from '@strapi/strapi';

/**
 * Fixed fixture data: the same names, colours and dates on every run, so a failure repeats.
 */
const CLIENT = 'plugin::client-gallery.client';
const IMAGE = 'plugin::client-gallery.gallery-image';

/** A small, real JPEG: a flat colour with a label drawn on it. Deterministic for a given seed. */
export async function makeJpeg(seed: number, width = 96, height = 64): Promise<Buffer> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="hsl(${hue},60%,55%)"/>
    <circle cx="${(seed * 13) % width}" cy="${height / 2}" r="${height / 3}" fill="hsl(${(hue + 180) % 360},60%,45%)"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/** Upload bytes through Strapi's upload plugin and return the media file row. */
export async function uploadFile(strapi: Core.Strapi, bytes: Buffer, name: string, mimetype = 'image/jpeg') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-fixture-'));
  const filepath = path.join(dir, name);
  fs.writeFileSync(filepath, bytes);
  try {
    const [file] = await strapi
      .plugin('upload')
      .service('upload')
      .upload({ data: { fileInfo: { name } }, files: { filepath, originalFilename: name, mimetype, size: bytes.length } });
    return file as { id: number; documentId: string; url: string };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function createClient(strapi: Core.Strapi, name: string, extra: Record<string, unknown> = {}) {
  return strapi.documents(CLIENT).create({ data: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@client.test`, ...extra } as any });
}

export interface ImageSpec {
  fileId: number;
  clientDocumentId: string;
  takenAt: string;
  label?: string;
  source?: 'upload' | 'client-note' | 'form' | 'appointment';
  sourceRef?: string;
  markupDraft?: boolean;
}

export async function createImage(strapi: Core.Strapi, spec: ImageSpec) {
  return strapi.documents(IMAGE).create({
    data: {
      file: spec.fileId,
      client: spec.clientDocumentId,
      takenAt: spec.takenAt,
      label: spec.label,
      source: spec.source ?? 'upload',
      sourceRef: spec.sourceRef,
      markupDraft: spec.markupDraft ?? false,
      width: 96,
      height: 64,
    } as any,
  });
}

/** `count` images one minute apart, the newest at `newest`. */
export async function createImages(strapi: Core.Strapi, clientDocumentId: string, fileId: number, count: number, newest = '2026-06-01T12:00:00.000Z') {
  const created: Array<{ documentId: string }> = [];
  for (let i = 0; i < count; i += 1) {
    const takenAt = new Date(Date.parse(newest) - i * 60_000).toISOString();
    created.push(await createImage(strapi, { fileId, clientDocumentId, takenAt, label: i % 2 === 0 ? 'even' : 'odd' }));
  }
  return created;
}

/** A client's records of every kind, each carrying a photo, as a merge test needs. */
export async function createClientWithRecords(strapi: Core.Strapi, name: string, fileId: number) {
  const client = await createClient(strapi, name);
  const images = await createImages(strapi, client.documentId, fileId, 3);
  const note = await strapi.documents('api::client-note.client-note').create({ data: { client: client.documentId, body: `${name} note`, photos: [fileId] } as any });
  const form = await strapi.documents('api::form.form').create({ data: { client: client.documentId, title: `${name} consent`, answers: { ok: true }, photos: [fileId] } as any });
  const appointment = await strapi
    .documents('api::appointment.appointment')
    .create({ data: { client: client.documentId, startsAt: '2026-05-01T09:00:00.000Z', photos: [fileId] } as any });
  const gallery = await strapi.documents('plugin::client-gallery.gallery').create({ data: { title: `${name} wedding`, client: client.documentId, images: images.map((i) => i.documentId) } as any });
  await strapi.documents('plugin::client-gallery.gallery').publish({ documentId: gallery.documentId });
  const link = await strapi.documents('plugin::client-gallery.share-link').create({
    data: { gallery: gallery.documentId, kind: 'general', tokenHash: `fixture-${name}-${client.documentId}`.slice(0, 64) } as any,
  });
  // Each record's photo is in the client's gallery too (record photos), so a merge moves 6 images.
  const recordPhotos: Array<{ documentId: string }> = await strapi.db.query(IMAGE).findMany({
    where: { sourceRef: { $in: [`client-note:${note.documentId}`, `form:${form.documentId}`, `appointment:${appointment.documentId}`] } },
    select: ['documentId'],
  });
  return { client, images: [...images, ...recordPhotos], note, form, appointment, gallery, link };
}
