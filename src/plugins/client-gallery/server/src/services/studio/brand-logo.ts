import crypto from 'crypto';
import sharp from 'sharp';
import type { Readable } from 'stream';
import type { Core } from '@strapi/strapi';
import { InvalidLogoError, LogoTooLargeError } from '../../lib/errors';
import { LOGO_FOLDER } from '../../lib/studio-settings';
import { LOGO_FILE_NAME, LOGO_MAX_BYTES } from '../../../../shared/brand';
import { getService } from '../../get-service';

/** A logo is drawn small (a page header, a mail's top); it is stored no larger than this box. */
const LOGO_BOX = { width: 960, height: 480 };
/** Decoding stops past this many pixels: a small file that claims a huge image is refused, not decoded. */
const LOGO_MAX_PIXELS = 40_000_000;
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'webp']);

/** A logo file as the multipart parser left it. */
export interface IncomingLogo {
  filepath: string;
  size: number;
}

const stored = (name: string) => ({ path: LOGO_FOLDER, hash: name.slice(0, name.lastIndexOf('.')), ext: name.slice(name.lastIndexOf('.')), mime: 'image/png' });

/**
 * The studio's logo: taken as a PNG, JPEG or WebP of at most 2 MB, decoded by sharp and written
 * anew as a bounded PNG (PNG keeps transparency and every mail client shows it), so no byte of the
 * upload itself is ever served: no SVG script, no metadata, no polyglot. It is stored privately
 * like every other file (services/storage) under `brand/<digest>.png`, and its name is the
 * studio setting `logo`; the plugin serves it (http/brand.ts) only while it is the current logo.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const storage = () => getService(strapi, 'storage');
  const settings = () => getService(strapi, 'studio-settings');

  async function reencode(file: IncomingLogo): Promise<Buffer> {
    if (!file.size) throw new InvalidLogoError('the file is empty');
    if (file.size > LOGO_MAX_BYTES) throw new LogoTooLargeError(LOGO_MAX_BYTES);
    const options = { limitInputPixels: LOGO_MAX_PIXELS, failOn: 'error' as const };
    let format: string | undefined;
    try {
      // Header only: the format is known before any pixel is decoded.
      format = (await sharp(file.filepath, options).metadata()).format;
    } catch {
      format = undefined;
    }
    if (!format || !ACCEPTED_FORMATS.has(format)) throw new InvalidLogoError('not a PNG, JPEG or WebP image');
    try {
      return await sharp(file.filepath, options)
        .rotate()
        .resize({ ...LOGO_BOX, fit: 'inside', withoutEnlargement: true })
        .png({ compressionLevel: 9, palette: false })
        .toBuffer();
    } catch {
      throw new InvalidLogoError('the image could not be read (damaged, or too many pixels)');
    }
  }

  return {
    /** Store a new logo and make it the studio's; the one it replaces is removed. */
    async replace(file: IncomingLogo | undefined) {
      if (!file || typeof file.filepath !== 'string') throw new InvalidLogoError('no file: send it as the multipart field "logo"');
      await storage().requirePrivate();
      const png = await reencode(file);
      const name = `${crypto.createHash('sha256').update(png).digest('hex').slice(0, 32)}.png`;
      const previous = (await settings().studio()).logo;
      await storage().put(stored(name), png);
      try {
        await settings().save({ logo: name });
      } catch (error) {
        if (name !== previous) await storage().remove(stored(name)).catch(() => undefined);
        throw error;
      }
      if (previous && previous !== name) await this.forget(previous);
      return settings().studio();
    },

    /** The studio has no logo any more; its file is removed. */
    async remove() {
      const previous = (await settings().studio()).logo;
      await settings().save({ logo: null });
      if (previous) await this.forget(previous);
      return settings().studio();
    },

    /** A stored logo no setting names now goes (a failure is left to the leftover sweeper). */
    async forget(name: string) {
      await storage()
        .remove(stored(name))
        .catch((error: unknown) => strapi.log.warn(`client-gallery: the replaced logo ${LOGO_FOLDER}/${name} was not removed (${String(error)}); the sweeper will`));
    },

    /** The current logo's bytes when `name` is the current logo, else null (any other name, a replaced one included). */
    async open(name: string): Promise<Readable | null> {
      if (!LOGO_FILE_NAME.test(name) || (await settings().studio()).logo !== name) return null;
      return storage().openRead(stored(name)).catch(() => null);
    },

    /** The storage key the current logo lives at ('' for none): the leftover sweeper keeps it. */
    async storedKey(): Promise<string> {
      const { logo } = await settings().studio();
      return logo ? `${LOGO_FOLDER}/${logo}` : '';
    },
  };
};
