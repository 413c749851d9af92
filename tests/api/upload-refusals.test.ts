/** @lane serial: asserts that a 3,000-file upload is refused within a time bound */
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { createAdmin, createApiToken, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient } from '../helpers/fixtures';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';

/**
 * Refusals that come before the body is read: the file count limit (uploads.maxFiles, 1000 by
 * default) stops a multipart parse at the file past it, and every answer sent while the body is
 * still unread closes the connection instead of letting Node read the rest and drop it.
 * Requests go over raw sockets to a second process with a temp folder of its own.
 */
const BOUNDARY = 'cgrefusal';
const MAX_FILES = 1000;

function filePart(index: number): Buffer {
  return Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="f${index}.jpg"\r\nContent-Type: image/jpeg\r\n\r\nnot-a-photo\r\n`);
}

interface Exchange {
  /** The response as text (status line, headers, body). */
  response: string;
  /** The server closed the connection (FIN or reset). */
  closed: boolean;
  /** Body bytes the socket took after the head (what the kernel accepted, not what the server read). */
  bodyBytesWritten: number;
  ms: number;
}

/**
 * Send `head`, then `first` (part of the body), wait for an answer; then offer the rest in 64 KB
 * chunks until the socket refuses. Resolves when the server closed the socket, or after `waitMs`.
 */
function exchange(port: number, head: string, first: Buffer, rest: Buffer, waitMs = 4000): Promise<Exchange> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    let closed = false;
    let bodyBytesWritten = 0;
    let answered: () => void = () => undefined;
    const gotAnswer = new Promise<void>((done) => (answered = done));
    const finish = () => resolve({ response, closed, bodyBytesWritten, ms: Date.now() - started });
    const timer = setTimeout(() => {
      socket.destroy();
      finish();
    }, waitMs);
    socket.on('data', (chunk) => {
      response += chunk.toString('latin1');
      if (/\r\n\r\n/.test(response)) answered();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      answered();
      finish();
    });
    socket.write(head);
    if (first.length > 0) socket.write(first, () => (bodyBytesWritten += first.length));
    void gotAnswer.then(async () => {
      for (let offset = 0; offset < rest.length && !socket.destroyed; offset += 64 * 1024) {
        const chunk = rest.subarray(offset, offset + 64 * 1024);
        const ok = await new Promise<boolean>((done) => socket.write(chunk, (error) => done(!error)));
        if (!ok) break;
        bodyBytesWritten += chunk.length;
      }
    });
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? [`${entry.name}/`, ...filesUnder(path.join(dir, entry.name)).map((name) => `${entry.name}/${name}`)] : [entry.name]));
}

let booted: BootedStrapi;
let strapi: Core.Strapi;
let worker: StrapiWorker;
let tmp: string;
let apiToken: string;
let viewer: string;
let clientId: string;

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-refusal-tmp-'));
  apiToken = await createApiToken(strapi);
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'refusal viewer')).token;
  clientId = (await createClient(strapi, 'Refusal Rita')).documentId;
  worker = await startStrapiWorker({ ...booted.env, TMPDIR: tmp });
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp);
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('uploads.maxFiles', () => {
  it('refuses a request of 3,000 files with 413 at the file past the limit, stores nothing and leaves no temp file', async () => {
    const parts = Array.from({ length: 3000 }, (_, index) => filePart(index));
    const client = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="client"\r\n\r\n${clientId}\r\n`);
    const end = Buffer.from(`--${BOUNDARY}--\r\n`);
    const first = Buffer.concat([client, ...parts.slice(0, MAX_FILES + 1)]);
    const rest = Buffer.concat([...parts.slice(MAX_FILES + 1), end]);
    const head =
      `POST /api/gallery-images/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${apiToken}\r\n` +
      `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${first.length + rest.length}\r\n\r\n`;
    const before = await strapi.db.query('plugin::client-gallery.gallery-image').count({ where: { client: { documentId: clientId } } });

    const result = await exchange(worker.port, head, first, rest);

    expect(statusOf(result.response)).toBe(413);
    expect(result.response).toMatch(/PayloadTooLargeError/);
    expect(result.response.toLowerCase()).toContain('connection: close');
    expect(result.closed).toBe(true);
    // Refused when file 1,001 began, not after the whole body: well under what parsing 3,000 takes.
    expect(result.ms).toBeLessThan(3000);
    expect(await strapi.db.query('plugin::client-gallery.gallery-image').count({ where: { client: { documentId: clientId } } })).toBe(before);
    const started = Date.now();
    while (filesUnder(tmp).length > 0 && Date.now() - started < 3000) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(filesUnder(tmp)).toEqual([]);
  });
});

/** A body the server must not read: 300 MB announced, none of it sent before the answer. */
const HUGE = 300 * 1024 * 1024;

describe.each([
  { refusal: '401 (a bad API token on a file route)', status: 401, target: '/api/gallery-images/ingest', type: `multipart/form-data; boundary=${BOUNDARY}`, auth: () => 'Authorization: Bearer not-a-token\r\n' },
  { refusal: '403 (no credentials on a file route)', status: 403, target: '/api/gallery-images/ingest', type: `multipart/form-data; boundary=${BOUNDARY}`, auth: () => '' },
  { refusal: "403 (an admin without the modify permission on the admin's upload)", status: 403, target: '/client-gallery/clients/any/images', type: `multipart/form-data; boundary=${BOUNDARY}`, auth: () => `Authorization: Bearer ${viewer}\r\n` },
  { refusal: '413 (a JSON body over the body limit)', status: 413, target: '/api/share/su-unknown/unlock', type: 'application/json', auth: () => '' },
])('an early $refusal', ({ status, target, type, auth }) => {
  it('closes the connection without reading the body', async () => {
    const head = `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth()}Content-Type: ${type}\r\nContent-Length: ${HUGE}\r\n\r\n`;
    // After the answer the client keeps offering the body (up to 64 MB): a server that reads and
    // drops it would take it all; one that closed stops the socket after what the kernel buffers.
    const result = await exchange(worker.port, head, Buffer.alloc(0), Buffer.alloc(64 * 1024 * 1024, 7), 8000);
    expect(statusOf(result.response)).toBe(status);
    expect(result.response.toLowerCase()).toContain('connection: close');
    expect(result.closed).toBe(true);
    expect(result.bodyBytesWritten).toBeLessThan(16 * 1024 * 1024);
  });
});
