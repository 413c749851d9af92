import { dropLeftoverDatabases } from './database';

export default async function globalTeardown() {
  await dropLeftoverDatabases();
}
