import { TestEnvironment } from 'jest-environment-node';
import { ownBootInThisRealm, profileBoot } from './profiles';
import { startWorkerProcess } from './second-process';

/**
 * jest's node environment, plus the boot profiles (tests/helpers/profiles.ts): a file's
 * `useProfile(name)` reaches this worker's boot of that profile through a global this environment
 * installs. The boots live here, outside the files' sandboxes, so they outlive each file.
 */
export default class ProfileEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    this.global.__clientGalleryProfile = profileBoot;
    // A file's own boot runs here too, so Strapi's modules load once per worker, not once per file.
    this.global.__clientGalleryOwnBoot = ownBootInThisRealm;
    // Second server processes too: a stopped one is kept here and booted again by the next file.
    this.global.__clientGalleryWorker = startWorkerProcess;
    // A shared boot runs in this process's own realm, where a sandbox's Date is no Date
    // (`instanceof` fails, and the database drivers refuse it): files share this realm's Date.
    this.global.Date = Date;
  }
}
