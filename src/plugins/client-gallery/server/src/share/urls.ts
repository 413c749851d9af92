import type { Core } from '@strapi/strapi';
import { adminPagePath, proofingThreadPath, type ProofingThreadRef } from '../../../shared/admin-paths';
import { galleryPagePath } from '../../../shared/page-paths';
import { pluginConfig } from '../config';

/** The base of every link in an email: PUBLIC_URL when set, else the server's own absolute URL. */
export function publicBaseUrl(strapi: Core.Strapi): string {
  const configured = pluginConfig(strapi).share.publicUrl || (strapi.config.get('server.absoluteUrl') as string) || 'http://localhost:1337';
  return configured.replace(/\/+$/, '');
}

/** The public gallery page of a link (or signed access) token. */
export function galleryPageUrl(strapi: Core.Strapi, token: string): string {
  return `${publicBaseUrl(strapi)}${galleryPagePath(token)}`;
}

/** Where a milestone mail sends the studio: the notifications page (unread milestones, with their activity). */
export function adminActivityUrl(strapi: Core.Strapi): string {
  return `${publicBaseUrl(strapi)}${adminPagePath('notifications')}`;
}

/** Where a comment digest sends the studio: the thread itself, in the gallery's Proofing dialog, where it can reply. */
export function adminProofingThreadUrl(strapi: Core.Strapi, ref: ProofingThreadRef): string {
  return `${publicBaseUrl(strapi)}${proofingThreadPath(ref)}`;
}
