import { hashPassword } from './share-crypto';
import type { LinkSettingsInput } from '../validation/admin';

/** The settings a link carries, as stored. */
export interface StoredSettings {
  watermark?: boolean;
  downloadsEnabled?: boolean;
  downloadLimit?: number | null;
  resolutions?: string[];
  downloadsWatermarked?: boolean;
  keepMetadata?: boolean;
  expiresAt?: string | null;
  passwordHash?: string | null;
  recipientName?: string | null;
}

/** A link's settings as the studio sent them, as stored: a new password is kept only as its hash. */
export async function storedSettings(input: LinkSettingsInput): Promise<StoredSettings> {
  const { password, ...rest } = input;
  const settings: StoredSettings = { ...rest };
  if (password !== undefined) settings.passwordHash = password === null ? null : await hashPassword(password);
  return settings;
}
