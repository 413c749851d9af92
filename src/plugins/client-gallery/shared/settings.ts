/**
 * The settings page's request and response shapes (the admin's `/client-gallery/settings` routes),
 * written once for the server's controller and the admin page.
 */
import type { Resolution } from './public-api';

export interface LinkDefaults {
  watermark: boolean;
  downloadsEnabled: boolean;
  resolutions: Resolution[];
  downloadLimit: number | null;
  expiryDays: number | null;
}

/** The studio's settings as the page sees them (the studio watermark has its own page). */
export interface StudioSettingsView {
  name: string;
  notifyEmail: string;
  replyTo: string;
  publicUrl: string;
  accentColor: string;
  logoUrl: string;
  logo: string;
  linkDefaults: LinkDefaults;
  reminderDays: number[];
  commentDigestMinutes: number;
}

/** GET and PUT /settings, and the logo routes: the merged settings, and the keys the studio saved. */
export interface SettingsResponse {
  data: StudioSettingsView;
  meta: { saved: string[] };
}

/** PUT /settings: a value sets a key, null puts the file config's back. Values are sent as typed, so the server names what is wrong. */
export type SettingsChanges = Partial<Record<'name' | 'notifyEmail' | 'replyTo' | 'publicUrl' | 'accentColor' | 'reminderDays' | 'commentDigestMinutes' | 'linkDefaults', unknown>>;

/** POST /settings/test-mail: whether the mail server took it, and its refusal when it did not. */
export interface TestMailResult {
  ok: boolean;
  to: string;
  error?: string;
}

/** A 400's field problems, as the server names them (`details.errors`). */
export interface FieldProblem {
  path: string[];
  message: string;
}
