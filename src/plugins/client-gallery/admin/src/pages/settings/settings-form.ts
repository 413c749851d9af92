import type { Resolution } from '../../../../shared/public-api';
import type { SettingsChanges, StudioSettingsView } from '../../../../shared/settings';

/** The settings form as typed: text where the studio types, so a bad entry reaches the server as it is and comes back named. */
export interface SettingsForm {
  name: string;
  notifyEmail: string;
  replyTo: string;
  publicUrl: string;
  accentColor: string;
  watermark: boolean;
  downloadsEnabled: boolean;
  resolutions: Resolution[];
  downloadLimit: string;
  expiryDays: string;
  reminderDays: string;
  commentDigestMinutes: string;
}

export function formOf(settings: StudioSettingsView, savedPublicUrl: boolean): SettingsForm {
  const { linkDefaults: d } = settings;
  return {
    name: settings.name,
    notifyEmail: settings.notifyEmail,
    replyTo: settings.replyTo,
    // The merged URL falls back to the server's own; only a saved one is shown as typed.
    publicUrl: savedPublicUrl ? settings.publicUrl : '',
    accentColor: settings.accentColor,
    watermark: d.watermark,
    downloadsEnabled: d.downloadsEnabled,
    resolutions: [...d.resolutions],
    downloadLimit: d.downloadLimit === null ? '' : String(d.downloadLimit),
    expiryDays: d.expiryDays === null ? '' : String(d.expiryDays),
    reminderDays: settings.reminderDays.join(', '),
    commentDigestMinutes: String(settings.commentDigestMinutes),
  };
}

/** Empty is "none"; a whole number is sent as one; anything else as typed, for the server to name. */
const optionalNumber = (text: string): number | string | null => (text.trim() === '' ? null : /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text);
const number = (text: string): number | string => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text);

/** "7, 2" → [7, 2]; something else is sent as typed. */
function days(text: string): number[] | string {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  return parts.every((part) => /^\d+$/.test(part)) ? parts.map(Number) : text;
}

/** The PUT body: every field of the page; an emptied public URL is "the server's own". */
export function changesOf(form: SettingsForm): SettingsChanges {
  return {
    name: form.name.trim(),
    notifyEmail: form.notifyEmail.trim(),
    replyTo: form.replyTo.trim(),
    publicUrl: form.publicUrl.trim() === '' ? null : form.publicUrl.trim(),
    accentColor: form.accentColor.trim(),
    linkDefaults: {
      watermark: form.watermark,
      downloadsEnabled: form.downloadsEnabled,
      resolutions: form.resolutions,
      downloadLimit: optionalNumber(form.downloadLimit),
      expiryDays: optionalNumber(form.expiryDays),
    },
    reminderDays: days(form.reminderDays),
    commentDigestMinutes: number(form.commentDigestMinutes),
  };
}
