import { dropRunDatabases } from './make-template';
import { stopProfileBoots } from './profiles';

/**
 * In-band runs share this process with their profile boots, which are stopped here (a worker's
 * boots end with the worker). A run jest started on its own is cleaned here too;
 * scripts/run-tests.js cleans the runs it starts.
 */
export default async function globalTeardown() {
  await stopProfileBoots();
  if (process.env.CG_TEST_RUN_OWNER === 'jest') dropRunDatabases();
}
