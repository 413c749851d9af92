import fs from 'fs/promises';
import os from 'os';
import { koaBody } from 'koa-body';
import mime from 'mime-types';
import type { Core } from '@strapi/strapi';
import { pluginConfig } from '../config';
import { isStorageFull, STORAGE_FULL } from '../lib/errors';
import { tempFolderPrefix } from '../lib/temp-folders';

/** Answer without reading the request body, and close the connection so Node does not read it either. */
export function refuseUnread(ctx: any, status: number, name: string, message: string) {
  ctx.set('Connection', 'close');
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message } };
}

function filesOf(ctx: any): any[] {
  const files = ctx.request.files;
  if (!files) return [];
  return Object.values(files).flatMap((value) => (Array.isArray(value) ? value : [value]));
}

/**
 * Route middleware of every route that takes files (`plugin::client-gallery.multipart`). Runs
 * after authentication and the route's policies, so an anonymous request never writes a byte.
 *
 * Files go to a folder of this request's own (mkdtemp: mode 0700, so other users of the machine
 * cannot read them), and the folder goes when the request ends, whatever the ending: success,
 * refusal, an exception, a client gone mid-upload (formidable stops, the parse fails, the folder
 * goes, partial files with it).
 *
 * With the host still on `strapi::body`, the files are already parsed (it removes them itself).
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: any, next: () => Promise<unknown>) => {
    if (ctx.request.files || !ctx.is('multipart')) return next();
    const { maxRequestBytes, maxFiles } = pluginConfig(strapi).uploads;
    const folder = await fs.mkdtemp(tempFolderPrefix(os.tmpdir(), 'upload'));
    try {
      try {
        await koaBody({
          multipart: true,
          json: false,
          urlencoded: false,
          text: false,
          patchKoa: true,
          formidable: { uploadDir: folder, maxFileSize: maxRequestBytes, maxFiles, maxFieldsSize: 1024 * 1024, keepExtensions: false },
        })(ctx, async () => {});
      } catch (error: any) {
        const message = String(error?.message ?? '');
        if (isStorageFull(error)) return refuseUnread(ctx, STORAGE_FULL.status, STORAGE_FULL.name, STORAGE_FULL.message);
        if (/maxFileSize|maxFiles|maxFieldsSize|exceeded/i.test(message)) {
          return refuseUnread(ctx, 413, 'PayloadTooLargeError', `The upload is over the request limit (${maxRequestBytes} bytes, ${maxFiles} files)`);
        }
        return refuseUnread(ctx, 400, 'BadRequestError', 'The multipart body could not be read');
      }
      // As strapi::body does: a file sent without a type gets one from its name.
      for (const file of filesOf(ctx)) {
        if (!file.type) file.type = mime.lookup(file.originalFilename ?? file.name ?? '') || 'application/octet-stream';
      }
      await next();
    } finally {
      delete ctx.request.files;
      await fs.rm(folder, { recursive: true, force: true });
    }
  };
