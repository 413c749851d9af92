/**
 * The plugin's mails as the studio's Mails settings page and the server name them: one template
 * per kind, each with a subject and an intro paragraph the studio may reword (plain text, with
 * the kind's {placeholders}); the rest of each mail is fixed.
 */
export const MAIL_TEMPLATE_KINDS = [
  'invitation',
  'claim',
  'sign-in',
  'package-preparing',
  'package-ready',
  'reminder',
  'deadline-passed',
  'selection-confirmed',
  'comment-digest',
  'milestone',
  'portal-confirmation',
  'portal-reset-password',
] as const;

export type MailTemplateKind = (typeof MAIL_TEMPLATE_KINDS)[number];

/** Bounds of what the studio may write (validation/studio.ts holds the rules). */
export const MAIL_SUBJECT_MAX = 200;
export const MAIL_INTRO_MAX = 2000;

/** The studio's own wording of one mail; a missing key is the template's default. */
export interface MailText {
  subject?: string;
  intro?: string;
}

export type MailTexts = Partial<Record<MailTemplateKind, MailText>>;

/** GET /client-gallery/mail-templates: one row per kind. */
export interface MailTemplateInfo {
  kind: MailTemplateKind;
  /** Who receives it: a client (or visitor) or the studio itself. */
  audience: 'client' | 'studio';
  placeholders: string[];
  defaults: { subject: string; intro: string };
  /** What the studio saved; null keys use the default. */
  saved: { subject: string | null; intro: string | null };
}

/** POST /client-gallery/mail-templates/:kind/preview: the mail built from sample data. */
export interface MailPreview {
  subject: string;
  html: string;
  text: string;
}
