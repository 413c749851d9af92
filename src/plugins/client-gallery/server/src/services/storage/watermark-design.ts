import crypto from 'crypto';
import sharp from 'sharp';
import type { OutputInfo } from 'sharp';
import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { conflict } from '../../lib/errors';
import { designFingerprint } from '../../lib/watermark-fingerprint';
import { designOfRow, type WatermarkDesign } from '../../lib/variants';
import type { DesignInput } from '../../validation/watermarks';
import { WATERMARK_LIMITS } from '../../../../shared/watermarks';
import type { AdminWatermarkDesign, ListWatermarkDesignsResponse } from '../../../../shared/watermarks';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const DESIGN = UID.watermarkDesign;
const GALLERY = UID.gallery;
/** Raster formats a logo may arrive in; anything else (SVG, PDF, …) is refused before it is decoded. */
const LOGO_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif']);
const LOGO_MAX_PIXELS = 25_000_000;

type Row = Record<string, any>;

export class WatermarkDesignNotFoundError extends errors.NotFoundError {
  constructor() {
    super('Watermark design not found');
  }
}
export class InvalidLogoError extends errors.ValidationError {}
export class LogoTooLargeError extends errors.PayloadTooLargeError {}

/**
 * Watermark designs: the studio's list, one default, a logo upload and a server-rendered preview.
 * Writes go through the Document Service, so the rules in hooks/domain-rules.ts (fields, one
 * default, no deleting a design in use) hold for the designer, the Content Manager and REST alike,
 * and the re-render of the galleries a change affects is queued by hooks/variant-jobs.ts.
 */
export default factories.createCoreService(DESIGN, ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(DESIGN);

  /** Galleries naming each design, drafts and published versions counted once: one grouped query. */
  async function galleryCounts(): Promise<Map<number, number>> {
    const attribute = (strapi.db.metadata.get(GALLERY).attributes as Record<string, any>).watermarkDesign;
    const join = attribute.joinTable;
    const galleries = strapi.db.metadata.get(GALLERY).tableName;
    const rows: Array<{ design: number; n: number | string }> = await strapi.db
      .connection(`${join.name} as l`)
      .join(`${galleries} as g`, `g.id`, `l.${join.joinColumn.name}`)
      .select(`l.${join.inverseJoinColumn.name} as design`)
      .countDistinct('g.document_id as n')
      .groupBy(`l.${join.inverseJoinColumn.name}`);
    return new Map(rows.map((row) => [Number(row.design), Number(row.n)]));
  }

  function toAdmin(row: Row, counts: Map<number, number>): AdminWatermarkDesign {
    return {
      documentId: row.documentId,
      name: row.name ?? '',
      mode: row.mode,
      text: row.text ?? null,
      logo: row.logo ? { id: row.logo.id, url: null, width: row.logo.width ?? null, height: row.logo.height ?? null } : null,
      position: row.position,
      opacity: Number(row.opacity),
      scale: Number(row.scale),
      isDefault: Boolean(row.isDefault),
      fingerprint: designFingerprint(designOfRow(row)),
      galleryCount: counts.get(row.id) ?? 0,
    };
  }

  async function findRow(documentId: string): Promise<Row> {
    const row = await strapi.db.query(DESIGN).findOne({ where: { documentId }, populate: { logo: true } });
    if (!row) throw new WatermarkDesignNotFoundError();
    return row;
  }

  /** The logo a design names must be one the logo route stored: a re-encoded raster file. */
  async function requireLogo(id: number | null | undefined) {
    if (!id) return null;
    const file = await strapi.db.query(UID.file).findOne({ where: { id }, select: ['id', 'hash', 'ext', 'url', 'provider', 'mime'] });
    if (!file || !String(file.hash).startsWith('watermark_logo_')) throw new errors.ValidationError('Upload the logo through the designer first', { path: ['logo'] });
    return file;
  }

  function dataOf(input: Omit<DesignInput, 'name'> & { name?: string }) {
    return {
      ...(input.name !== undefined ? { name: input.name } : {}),
      mode: input.mode,
      text: input.text ?? null,
      logo: input.logo ?? null,
      position: input.position,
      opacity: input.opacity,
      scale: input.scale,
    };
  }

  /** A bundled sample photo, drawn once per process: sky, hills and a sun, with detail for a mark to sit on. */
  let sample: Promise<Buffer> | undefined;
  const samplePhoto = () =>
    (sample ??= sharp(
      Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
        <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#5b86b8"/><stop offset="1" stop-color="#f3c98b"/></linearGradient>
        <linearGradient id="land" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#3f6b3a"/><stop offset="1" stop-color="#1f3a24"/></linearGradient></defs>
        <rect width="1200" height="800" fill="url(#sky)"/><circle cx="880" cy="300" r="90" fill="#fff2c4"/>
        <path d="M0 560 Q 250 420 520 540 T 1200 500 V 800 H 0 Z" fill="url(#land)"/>
        <path d="M0 650 Q 300 560 640 660 T 1200 640 V 800 H 0 Z" fill="#17301c"/>
        <rect x="160" y="470" width="26" height="140" fill="#2b1d12"/><circle cx="173" cy="450" r="70" fill="#2f5a2c"/></svg>`),
    )
      .jpeg({ quality: 90 })
      .toBuffer());

  return {
    async list(): Promise<ListWatermarkDesignsResponse> {
      const [rows, counts, studio] = await Promise.all([
        strapi.db.query(DESIGN).findMany({ orderBy: [{ isDefault: 'desc' }, { name: 'asc' }, { id: 'asc' }], populate: { logo: true }, limit: 500 }),
        galleryCounts(),
        getService(strapi, 'watermark').studioDefault(),
      ]);
      return {
        results: rows.map((row: Row) => toAdmin(row, counts)),
        studioMark: { text: studio.text ?? '', position: studio.position, opacity: studio.opacity, scale: studio.scale },
      };
    },

    async findAdmin(documentId: string): Promise<AdminWatermarkDesign> {
      const [row, counts] = await Promise.all([findRow(documentId), galleryCounts()]);
      return toAdmin(row, counts);
    },

    /** A new design; the first one becomes the default, so a studio with designs always has exactly one. */
    async createDesign(input: DesignInput): Promise<AdminWatermarkDesign> {
      await requireLogo(input.mode === 'logo' ? input.logo : null);
      const made = await documents().create({ data: dataOf(input) as any });
      return this.findAdmin(made.documentId);
    },

    async updateDesign(documentId: string, input: DesignInput): Promise<AdminWatermarkDesign> {
      await findRow(documentId);
      await requireLogo(input.mode === 'logo' ? input.logo : null);
      await documents().update({ documentId, data: dataOf(input) as any });
      return this.findAdmin(documentId);
    },

    async removeDesign(documentId: string) {
      await findRow(documentId);
      await documents().delete({ documentId });
    },

    /** Make one design the default (hooks/domain-rules.ts takes the flag off the others in the same transaction). */
    async setDefault(documentId: string): Promise<AdminWatermarkDesign> {
      const row = await findRow(documentId);
      if (!row.isDefault) await documents().update({ documentId, data: { isDefault: true } as any });
      return this.findAdmin(documentId);
    },

    /** The studio's default design, logo populated; null when there is none (the studio's text mark applies). */
    async defaultDesign(): Promise<WatermarkDesign | null> {
      const row = await strapi.db.query(DESIGN).findOne({ where: { isDefault: true }, populate: { logo: true } });
      return row ? designOfRow(row) : null;
    },

    /**
     * A logo for a logo design: raster only, decoded under a pixel limit, re-encoded by sharp to a
     * PNG (which drops metadata and anything that is not pixels) and stored as an upload file whose
     * hash is the digest of those bytes. Anything else is refused before a byte is stored.
     */
    async storeLogo(file: { filepath: string; size: number; originalFilename?: string | null } | undefined) {
      if (!file?.filepath) throw new InvalidLogoError('Send the logo as the multipart field "file"');
      if (!file.size) throw new InvalidLogoError('The logo file is empty');
      if (file.size > WATERMARK_LIMITS.logoMaxBytes) throw new LogoTooLargeError(`A logo may be at most ${WATERMARK_LIMITS.logoMaxBytes / 1024 / 1024} MB`);
      let png: { data: Buffer; info: OutputInfo };
      try {
        const meta = await sharp(file.filepath, { limitInputPixels: LOGO_MAX_PIXELS }).metadata();
        if (!meta.format || !LOGO_FORMATS.has(meta.format)) throw new Error(`${meta.format ?? 'unknown'} is not a raster image format the designer takes`);
        const edge = WATERMARK_LIMITS.logoMaxEdge;
        png = await sharp(file.filepath, { limitInputPixels: LOGO_MAX_PIXELS, failOn: 'truncated' })
          .rotate()
          .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
          .ensureAlpha()
          .png()
          .toBuffer({ resolveWithObject: true });
      } catch (error) {
        throw new InvalidLogoError(`The logo could not be read as a PNG, JPEG, WebP or GIF image (${(error as Error).message.slice(0, 120)})`);
      }
      const hash = `watermark_logo_${crypto.createHash('sha256').update(png.data).digest('hex').slice(0, 32)}`;
      const existing = await strapi.db.query(UID.file).findOne({ where: { hash }, select: ['id', 'width', 'height'] });
      if (existing) return { id: existing.id as number, url: null, width: existing.width ?? null, height: existing.height ?? null };
      const stored = await getService(strapi, 'storage').put({ hash, ext: '.png', mime: 'image/png' }, png.data);
      const uploadConfig = strapi.config.get('plugin::upload') as { provider: string };
      try {
        const row = await strapi.db.query(UID.file).create({
          data: {
            name: 'watermark-logo.png',
            hash,
            ext: '.png',
            mime: 'image/png',
            size: Math.round((png.data.length / 1024) * 100) / 100,
            sizeInBytes: png.data.length,
            width: png.info.width,
            height: png.info.height,
            url: stored.url,
            provider: uploadConfig.provider,
            folderPath: '/',
          },
        });
        return { id: row.id as number, url: null, width: png.info.width, height: png.info.height };
      } catch (error) {
        await getService(strapi, 'storage').remove(stored).catch(() => undefined);
        throw error;
      }
    },

    /**
     * The design as the form holds it, drawn on the sample photo by the derivatives' own render
     * (the code that makes every watermarked variant), at the preview size. Nothing is stored.
     */
    async preview(input: Omit<DesignInput, 'name'> & { name?: string }): Promise<Buffer> {
      const logo = input.mode === 'logo' ? await requireLogo(input.logo) : null;
      const design: WatermarkDesign = {
        mode: input.mode,
        text: input.text ?? null,
        logo: logo ? { id: logo.id, hash: logo.hash, ext: logo.ext, url: logo.url, provider: logo.provider } : null,
        position: input.position,
        opacity: input.opacity,
        scale: input.scale,
      };
      return getService(strapi, 'derivatives').renderSample(await samplePhoto(), design, WATERMARK_LIMITS.previewEdge);
    },

    /** What the gallery form offers: every design by name (no drawing details, for Modify staff). */
    async choices() {
      const rows = await strapi.db.query(DESIGN).findMany({ select: ['documentId', 'name', 'isDefault'], orderBy: [{ isDefault: 'desc' }, { name: 'asc' }], limit: 500 });
      return rows.map((row: Row) => ({ documentId: row.documentId as string, name: (row.name as string) ?? '', isDefault: Boolean(row.isDefault) }));
    },

    /** A gallery may name only a design that exists (null or absent: the default). */
    async requireChoice(documentId: string | null | undefined) {
      if (!documentId) return;
      if ((await strapi.db.query(DESIGN).count({ where: { documentId } })) === 0)
        throw new errors.ValidationError('No such watermark design', { path: ['watermarkDesign'] });
    },

    /** Refusals the Document Service middleware applies to a delete, whoever asks. */
    async requireDeletable(documentId: string) {
      const row = await strapi.db.query(DESIGN).findOne({ where: { documentId }, select: ['id', 'isDefault'] });
      if (!row) return;
      const used = (await galleryCounts()).get(row.id) ?? 0;
      if (used > 0) throw conflict(`${used} ${used === 1 ? 'gallery uses' : 'galleries use'} this design: pick another design for them first`, { galleries: used });
      if (row.isDefault && (await strapi.db.query(DESIGN).count({ where: { id: { $ne: row.id } } })) > 0)
        throw conflict('This is the default design: make another design the default first', { isDefault: true });
    },
  };
});
