import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { renderDemoPhoto } from './photos';

const DEMO_ADMIN_EMAIL = 'admin@studio.local';

/** A link's page, as the plugin builds it for its mails (PUBLIC_URL, else the server's URL). */
const pageUrl = (strapi: Core.Strapi, token: string): Promise<string> => strapi.plugin('client-gallery').service('share-link').pageUrl(token);

interface DemoState {
  email: string;
  password: string;
  /** Link tokens are stored nowhere else (only their hashes); the demo keeps its own to print them. */
  links?: { general: string; private: string; privateEmail: string };
}

export interface DemoInfo {
  adminEmail: string;
  adminPassword: string;
  clients: string[];
  gallery: string;
  generalLink: string | null;
  privateLink: string | null;
  privateEmail: string | null;
  seededNow: boolean;
}

/** The demo's login and link tokens, random per machine, kept beside the demo database (git-ignored). */
function stateFile(appDir: string) {
  return path.join(appDir, '.tmp', 'demo-login.json');
}
function readState(appDir: string): DemoState {
  const file = stateFile(appDir);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const state = { email: DEMO_ADMIN_EMAIL, password: `Demo-${crypto.randomBytes(9).toString('base64url')}1` };
  writeState(appDir, state);
  return state;
}
function writeState(appDir: string, state: DemoState) {
  fs.mkdirSync(path.dirname(stateFile(appDir)), { recursive: true });
  fs.writeFileSync(stateFile(appDir), JSON.stringify(state, null, 2), { mode: 0o600 });
}

async function ensureAdmin(strapi: Core.Strapi, password: string) {
  const existing = await strapi.db.query('admin::user').findOne({ where: { email: DEMO_ADMIN_EMAIL } });
  if (existing) return;
  const roles = strapi.service('admin::role');
  await roles.createRolesIfNoneExist();
  const superAdmin = await roles.getSuperAdmin();
  await strapi.service('admin::user').create({ email: DEMO_ADMIN_EMAIL, firstname: 'Studio', lastname: 'Owner', password, isActive: true, roles: [superAdmin.id] });
}

/** Generated photos through the real ingest pipeline (EXIF date, derivatives, private storage). */
async function ingestDemoPhotos(strapi: Core.Strapi, clientDocumentId: string, firstName: string, shots: string[], seed: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-demo-'));
  const ids: string[] = [];
  try {
    for (const [i, label] of shots.entries()) {
      const filepath = path.join(dir, `${firstName.toLowerCase()}-${i + 1}.jpg`);
      fs.writeFileSync(filepath, await renderDemoPhoto(seed + i, `${firstName} · ${label}`, { takenAt: `2026:05:20 ${String(10 + i).padStart(2, '0')}:15:00` }));
      const { results } = await strapi
        .plugin('client-gallery')
        .service('ingest')
        .ingest({ clientDocumentId, label, files: [{ filepath, originalFilename: path.basename(filepath), mimetype: 'image/jpeg', size: fs.statSync(filepath).size }] });
      if (results[0].status === 'created') ids.push(results[0].image.documentId);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return ids;
}

/** A session note with a photo from the Media Library: it shows in the client's gallery as a record photo. */
async function addDemoNote(strapi: Core.Strapi, clientDocumentId: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-demo-note-'));
  try {
    const filepath = path.join(dir, 'moodboard.jpg');
    fs.writeFileSync(filepath, await renderDemoPhoto(40, 'Tomás · Moodboard (from a note)', { takenAt: '2026:05:18 16:40:00' }));
    const [file] = await strapi
      .plugin('upload')
      .service('upload')
      .upload({ data: { fileInfo: { name: 'moodboard.jpg' } }, files: { filepath, originalFilename: 'moodboard.jpg', mimetype: 'image/jpeg', size: fs.statSync(filepath).size } });
    await strapi.documents('api::client-note.client-note').create({
      data: { client: clientDocumentId, body: 'Pre-shoot call: warm tones, outdoor light, moodboard attached.', notedAt: '2026-05-18T16:45:00.000Z', photos: [file.id] } as any,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Seeds the demo once: an admin, two clients with generated photos, a published gallery in
 * proofing, and its general link plus a private link (whose invitation lands in the outbox).
 */
export async function seedDemo(strapi: Core.Strapi, appDir: string): Promise<DemoInfo> {
  const state = readState(appDir);
  await ensureAdmin(strapi, state.password);
  const links = async (info: DemoState['links']) => ({
    generalLink: info ? await pageUrl(strapi, info.general) : null,
    privateLink: info ? await pageUrl(strapi, info.private) : null,
    privateEmail: info?.privateEmail ?? null,
  });

  const clients = strapi.documents('plugin::client-gallery.client');
  const already = await clients.findMany({ filters: { email: { $endsWith: '@demo.client' } }, sort: 'name' });
  if (already.length > 0) {
    return { adminEmail: DEMO_ADMIN_EMAIL, adminPassword: state.password, clients: already.map((c) => c.name), gallery: 'Maya & Jonas — Wedding', ...(await links(state.links)), seededNow: false };
  }

  const maya = await clients.create({ data: { name: 'Maya Lindqvist', email: 'maya@demo.client', phone: '+46 70 123 45 67' } as any });
  const tomas = await clients.create({ data: { name: 'Tomás Okafor', email: 'tomas@demo.client', phone: '+44 20 7946 0958' } as any });
  const mayaPhotos = await ingestDemoPhotos(strapi, maya.documentId, 'Maya', ['Ceremony', 'Portraits', 'First dance', 'Ceremony', 'Portraits', 'Details'], 1);
  await ingestDemoPhotos(strapi, tomas.documentId, 'Tomás', ['Headshot', 'Studio', 'Headshot', 'Outdoor'], 20);
  await addDemoNote(strapi, tomas.documentId);

  const gallery = await strapi.documents('plugin::client-gallery.gallery').create({
    data: {
      title: 'Maya & Jonas — Wedding',
      client: maya.documentId,
      images: mayaPhotos,
      cover: mayaPhotos[0],
      shootDate: '2026-05-20',
      deadline: '2026-12-31',
      welcomeNote: 'Welcome! Pick your favourites for the album before the deadline.',
      stage: 'proofing',
      selectionAllowed: true,
      selectionMax: 40,
      commentsAllowed: true,
    } as any,
  });
  await strapi.documents('plugin::client-gallery.gallery').publish({ documentId: gallery.documentId });

  const general = await strapi.plugin('client-gallery').service('share-link').createLink(gallery.documentId, { kind: 'general', watermark: true, downloadsEnabled: true, resolutions: ['web'] });
  const invited = await strapi.plugin('client-gallery').service('invitation').shareWithClient(gallery.documentId, {
    email: 'maya@demo.client',
    name: 'Maya',
    watermark: false,
    downloadsEnabled: true,
    downloadLimit: 10,
    resolutions: ['web', 'high', 'original'],
  });
  state.links = { general: general.token, private: invited.token, privateEmail: 'maya@demo.client' };
  writeState(appDir, state);

  return { adminEmail: DEMO_ADMIN_EMAIL, adminPassword: state.password, clients: ['Maya Lindqvist', 'Tomás Okafor'], gallery: 'Maya & Jonas — Wedding', ...(await links(state.links)), seededNow: true };
}
