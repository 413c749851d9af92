import { execFile } from 'child_process';
import fs from 'fs';
import path from 'path';
import { promisify } from 'util';
import request from 'supertest';
import ts from 'typescript';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink, setStatus } from '../helpers/share';
import type { ProfileBoot } from '../helpers/profiles';
import { useProfile } from '../helpers/shared-boot';

/**
 * A typed client made from the served OpenAPI document drives the share API headless: the
 * document is fetched from the running server, openapi-typescript turns it into types,
 * tests/openapi-client/headless.ts must type-check against them (and against the shared types the
 * server's answers are built from), and, compiled, it opens a link, lists the photos, marks a
 * favourite and orders a zip with openapi-fetch. Nothing leaves the machine: the document is a
 * file and the server is on loopback.
 */
let booted: ProfileBoot;
let strapi: Core.Strapi;
let fileId: number;

const root = path.resolve(__dirname, '..', '..');
const script = path.join(root, 'tests', 'openapi-client', 'headless.ts');
/** Where the types and the compiled script go; the script imports the types from here. */
const out = path.join(root, 'tests', '.artifacts', 'openapi-client');
/** What the compiled script exports (its own types exist only once the document's are generated). */
interface Headless {
  openAndFavourite(baseUrl: string, token: string, password: string): Promise<any>;
  orderZip(baseUrl: string, token: string, unlockToken: string, imageIds: string[]): Promise<any>;
}
let headless: Headless;

/**
 * openapi-typescript's own command line: its CommonJS build requires ESM-only packages, which
 * node loads but jest's module loader does not, so it runs in a process of its own.
 */
async function generateTypes(document: unknown): Promise<string> {
  fs.mkdirSync(out, { recursive: true });
  const input = path.join(out, 'share-api.openapi.json');
  const types = path.join(out, 'share-api.d.ts');
  fs.writeFileSync(input, JSON.stringify(document));
  fs.rmSync(types, { force: true });
  await promisify(execFile)(process.execPath, [path.join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), input, '--output', types], { cwd: out });
  return types;
}

/** The compiler's complaints about the script, formatted; empty when it type-checks. */
function typeErrors(): string {
  const program = ts.createProgram([script], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  });
  return ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => '\n' });
}

/** The script as CommonJS next to its types, so `openapi-fetch` resolves from the project. */
function compile(): Headless {
  const { outputText } = ts.transpileModule(fs.readFileSync(script, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: script,
  });
  const compiled = path.join(out, 'headless.js');
  fs.writeFileSync(compiled, outputText);
  return require(compiled);
}

beforeAll(async () => {
  booted = await useProfile('smtp');
  strapi = booted.strapi;
  fileId = (await uploadFile(strapi, await makeJpeg(92), 'openapi-client.jpg')).id;
});

afterAll(async () => {
  await strapi?.service('plugin::client-gallery.download-package').settled();
});

describe('a client generated from the OpenAPI document', () => {
  let made: { token: string; gallery: any; ids: string[] };
  let opened: { unlockToken: string; imageIds: string[] } & Record<string, any>;
  const password = 'client-pass';

  it('type-checks a headless script against the types generated from the served document', async () => {
    const document = await request(booted.baseUrl).get('/api/share-api/openapi.json');
    expect(document.status).toBe(200);
    const types = fs.readFileSync(await generateTypes(document.body), 'utf8');
    expect(types).toContain('"/api/share/{token}/packages"');
    expect(typeErrors()).toBe('');
    headless = compile();
  });

  it('opens a password-protected link, lists its photos page by page and favourites one', async () => {
    const { gallery, images } = await makeGallery(strapi, 'OpenAPI client', fileId, { images: 3 });
    const link = await makeLink(strapi, gallery.documentId, {
      recipientEmail: 'headless@client.test',
      password,
      downloadsEnabled: true,
      resolutions: ['web'],
      watermark: false,
    });
    made = { token: link.token, gallery, ids: images.map((image: any) => image.documentId as string) };

    opened = await headless.openAndFavourite(booted.baseUrl, made.token, password);
    expect(opened.refused).toEqual({ status: 401, name: 'PasswordRequiredError' });
    expect(opened.gallery).toEqual({ title: 'OpenAPI client gallery', status: 'proofing', canFavourite: true });
    expect(opened.pages).toBe(2);
    expect([...opened.imageIds].sort()).toEqual([...made.ids].sort());
    expect(opened.marked).toEqual({ id: opened.imageIds[0], favourite: true });
    expect(opened.favouriteIds).toEqual([opened.imageIds[0]]);
  });

  it('orders a zip of two photos once the gallery is ready, follows its preparation and downloads it', async () => {
    await setStatus(strapi, made.gallery.documentId, 'ready');
    const two = opened.imageIds.slice(0, 2);
    const result = await headless.orderZip(booted.baseUrl, made.token, opened.unlockToken, two);
    expect(result.ordered).toEqual({ status: 202, state: 'preparing', imageCount: 2, resolution: 'web' });
    expect(result.progress).toEqual({ status: 'ready', prepared: 2, total: 2, bytes: expect.any(Number) });
    expect(result.zip).toEqual({ status: 200, type: 'application/zip', length: result.progress.bytes, magic: 'PK' });
  });
});
