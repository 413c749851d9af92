import { execFileSync } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import type request from 'supertest';

/** Ingest photo bytes through the real ingest service (as the admin route and REST do). */
export async function ingestPhoto(strapi: Core.Strapi, clientDocumentId: string, bytes: Buffer, name: string, label?: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-ingest-'));
  const filepath = path.join(dir, name);
  fs.writeFileSync(filepath, bytes);
  try {
    const { results } = await strapi
      .service('plugin::client-gallery.ingest')
      .ingest({ clientDocumentId, label, files: [{ filepath, originalFilename: name, mimetype: 'image/jpeg', size: bytes.length }] });
    if (results[0].status !== 'created') throw new Error(`ingest of ${name}: ${JSON.stringify(results[0])}`);
    return results[0].image as { documentId: string };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** supertest: collect a binary body as a Buffer. */
export function binary(res: request.Response & { on?: never }, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  (res as any).on('data', (chunk: Buffer) => chunks.push(chunk));
  (res as any).on('end', () => callback(null, Buffer.concat(chunks)));
  (res as any).on('error', (error: Error) => callback(error, Buffer.concat(chunks)));
}

/** Write a zip to disk and run `unzip -t`; returns its entry names and a reader for each entry. */
export function inspectZip(bytes: Buffer) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-zip-'));
  const file = path.join(dir, 'package.zip');
  fs.writeFileSync(file, bytes);
  const test = execFileSync('unzip', ['-tq', file]).toString();
  const names = execFileSync('unzip', ['-Z1', file]).toString().trim().split('\n').filter(Boolean);
  return {
    test,
    names,
    read: (name: string) => execFileSync('unzip', ['-p', file, name], { maxBuffer: 256 * 1024 * 1024 }),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The stored bytes of the derivative a policy names, read straight from storage. */
export async function derivativeBytes(strapi: Core.Strapi, imageDocumentId: string, resolution: string, options: { watermark: unknown; keepMetadata?: boolean }) {
  const stored = (await strapi.plugin('client-gallery').service('derivatives').ensure(imageDocumentId, resolution, { keepMetadata: false, ...options }))[resolution];
  // s3rver writes an object in place, so a read racing another process's write of the same
  // content-keyed variant can get a 500 that real S3 (atomic PUTs) never gives: this oracle reads again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of await strapi.plugin('client-gallery').service('storage').openRead(stored)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (error) {
      if (attempt >= 4 || !/failed with 5\d\d/.test(String((error as Error).message))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/**
 * GET `path` as a client that hangs up (RST) the moment it holds Content-Length bytes, as download
 * managers and scripts do: the server may learn of the hang-up before it has seen its own source
 * end. Resolves with the Content-Length.
 */
export function hangUpOnLastByte(base: string, path: string) {
  return new Promise<number>((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const socket = net.connect(Number(port), hostname, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`));
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const headerEnd = received.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(received.subarray(0, headerEnd).toString())?.[1]);
      if (received.length - headerEnd - 4 < length) return;
      socket.resetAndDestroy();
      resolve(length);
    });
    socket.once('error', reject);
  });
}
