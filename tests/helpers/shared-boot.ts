import type { ProfileBoot, ProfileName } from './profiles';

/**
 * This worker's Strapi of a boot profile (tests/helpers/profiles.ts), booted on first use and
 * shared with other test files: do not stop it, and leave no global state behind.
 */
export function useProfile(name: ProfileName): Promise<ProfileBoot> {
  const profileBoot = (globalThis as { __clientGalleryProfile?: (name: string) => Promise<ProfileBoot> }).__clientGalleryProfile;
  if (!profileBoot) throw new Error('useProfile() needs jest.config.js\'s testEnvironment (tests/helpers/profile-environment.ts)');
  return profileBoot(name);
}
