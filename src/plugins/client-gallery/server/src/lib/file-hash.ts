import crypto from 'crypto';
import fs from 'fs';
import { pipeline } from 'stream/promises';

/** The SHA-256 of a file, streamed: a photo's checksum, which names its derivatives and finds duplicates. */
export async function sha256File(filepath: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(filepath), hash);
  return hash.digest('hex');
}
