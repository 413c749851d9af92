import { TestEnvironment } from 'jest-environment-node';
import { profileBoot } from './profiles';

/**
 * jest's node environment, plus the boot profiles (tests/helpers/profiles.ts): a file's
 * `useProfile(name)` reaches this worker's boot of that profile through a global this environment
 * installs. The boots live here, outside the files' sandboxes, so they outlive each file.
 */
export default class ProfileEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    this.global.__clientGalleryProfile = profileBoot;
    // A shared boot runs in this process's own realm, where a sandbox's Date is no Date
    // (`instanceof` fails, and the database drivers refuse it): files share this realm's Date.
    this.global.Date = Date;
  }
}
