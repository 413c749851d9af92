import type { Context, Next } from 'koa';
import fs from 'fs/promises';
import os from 'os';
import { koaBody } from 'koa-body';
import mime from 'mime-types';
import type { Core } from '@strapi/strapi';
import { pluginConfig } from '../config';
import { refuseUnread } from './unread-body';
import { refuseBadFields } from './text-input';
import { isStorageFull, STORAGE_FULL } from '../lib/errors';
import { tempFolderPrefix } from '../lib/temp-folders';

/** formidable 2 has no file count limit of its own (its maxFiles option is ignored). */
class TooManyFilesError extends Error {}

/** The parser's own stop: marks the parse failed, destroys the files it has open, reads no further. */
type StoppableForm = { _error?: (error: Error) => void };
/** formidable opens the file right after announcing it; destroy() closes it and unlinks it. */
type OpenedFile = { destroy?: () => void };

/** A parsed file as this middleware reads it: formidable names it `originalFilename`, older parsers `name`. */
interface ParsedFile {
  originalFilename?: string | null;
  name?: string;
  type?: string;
}

function filesOf(ctx: Context): ParsedFile[] {
  const files = ctx.request.files;
  if (!files) return [];
  return Object.values(files).flatMap((value) => (Array.isArray(value) ? value : [value])) as ParsedFile[];
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
export default (config: { maxBytes?: number; maxFiles?: number } | undefined, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Context, next: Next) => {
    if (ctx.request.files || !ctx.is('multipart')) return next();
    const uploads = pluginConfig(strapi).uploads;
    // A route may bound its uploads further (routes/helpers.ts takingFiles): the parser stops there.
    const maxRequestBytes = Math.min(uploads.maxRequestBytes, config?.maxBytes ?? Infinity);
    const maxFiles = Math.min(uploads.maxFiles, config?.maxFiles ?? Infinity);
    const folder = await fs.mkdtemp(tempFolderPrefix(os.tmpdir(), 'upload'));
    let files = 0;
    // formidable lists a field's files as each finishes writing, which a small file after a big one
    // wins: put them back in the order they were sent, which fileInfo[i] and a host's code expect.
    const sentAs = new WeakMap<object, number>();
    try {
      try {
        await koaBody({
          multipart: true,
          json: false,
          urlencoded: false,
          text: false,
          patchKoa: true,
          formidable: {
            uploadDir: folder,
            maxFileSize: maxRequestBytes,
            maxFieldsSize: 1024 * 1024,
            keepExtensions: false,
            // Counted as each file part begins: the one past maxFiles stops the parse there, so a
            // request of 3,000 files is refused at file maxFiles + 1 instead of being written in full.
            onFileBegin(this: StoppableForm, _name: string, file: unknown) {
              files += 1;
              sentAs.set(file as object, files);
              if (files <= maxFiles) return;
              this._error?.(new TooManyFilesError(`more than ${maxFiles} files`));
              // The stop destroys the files already open, not this one (opened after this call).
              process.nextTick(() => (file as OpenedFile).destroy?.());
            },
          },
        })(ctx, async () => {});
      } catch (error) {
        const message = String((error as { message?: unknown } | null)?.message ?? '');
        if (isStorageFull(error)) return refuseUnread(ctx, STORAGE_FULL.status, STORAGE_FULL.name, STORAGE_FULL.message);
        if (error instanceof TooManyFilesError || /maxFileSize|maxFieldsSize|exceeded/i.test(message)) {
          return refuseUnread(ctx, 413, 'PayloadTooLargeError', `The upload is over the request limit (${maxRequestBytes} bytes, ${maxFiles} files)`);
        }
        return refuseUnread(ctx, 400, 'BadRequestError', 'The multipart body could not be read');
      }
      for (const value of Object.values(ctx.request.files ?? {})) {
        if (Array.isArray(value)) value.sort((a, b) => (sentAs.get(a) ?? 0) - (sentAs.get(b) ?? 0));
      }
      refuseBadFields(ctx.request.body, filesOf(ctx).map((file) => file.originalFilename ?? file.name ?? ''));
      // As strapi::body does: a file sent without a type gets one from its name.
      for (const file of filesOf(ctx)) {
        if (!file.type) file.type = mime.lookup(file.originalFilename ?? file.name ?? '') || 'application/octet-stream';
      }
      await next();
    } finally {
      delete ctx.request.files;
      // Retried: a file the parser was opening as it stopped may appear while the folder goes.
      await fs.rm(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    }
  };
