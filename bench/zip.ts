import { execFileSync, spawnSync } from 'child_process';
import { once } from 'events';
import fs from 'fs';
import http from 'http';
import path from 'path';
import { pipeline } from 'stream/promises';
import { appDir, bootBench, cloneImages, ingestFiles, log, median, readyGallery } from './harness';
import { ensurePhotos, ensurePrepPhotos } from './photos';
import { bareSharpSeconds } from './sharp-peer';

/**
 * bench:zip: our package zip (GET /api/packages/:token: the frozen store-mode layout,
 * no CRC work while streaming) over loopback HTTP, against, in the same run and on the same
 * bytes (the package's own stored entry files):
 *   - a plain Node stream copy of those files over loopback HTTP (the ceiling), and
 *   - Info-ZIP `zip -0` of the same files (the classic tool), writing to /dev/null;
 * then RSS growth from a 100- to a 2,000-photo package, the preparation of 200 watermarked
 * "high" variants with 1 worker against 2 (alternated, `runs` times each, medians) and, as its
 * peer, bare sharp rendering the same sources 1 and 2 at a time (bench/sharp-peer.ts), and a > 4 GB
 * ZIP64 package checked with `unzip -t`.
 *
 *   npm run bench:zip -- [--count 120] [--runs 3] [--prepare 200 | --prepare 0] [--skip-rss] [--skip-zip64]
 *
 * The throughput link keeps metadata and has no watermark, so "original" delivers each JPEG's
 * own bytes (metadata swapped) and every byte comes from storage.
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const COUNT = option('count', 120);
const RUNS = option('runs', 3);
const SKIP_ZIP64 = args.includes('--skip-zip64');
const PREPARE = option('prepare', 200);
const SKIP_RSS = args.includes('--skip-rss');
const MB = 1024 * 1024;

/** GET a URL and count the bytes, discarding them. */
function drain(url: string): Promise<{ bytes: number; seconds: number; status: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    http
      .get(url, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ bytes, status: res.statusCode ?? 0, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Sample this process's RSS while `work` runs; returns the peak in MB. */
async function peakRssDuring<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    const result = await work();
    return { result, peakMb: Math.max(peak, process.memoryUsage().rss) / MB };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  log(
    `bench:zip — ${COUNT} photos (~${COUNT * 8.4 >= 1000 ? ((COUNT * 8.4) / 1000).toFixed(1) + ' GB' : COUNT * 8.4 + ' MB'}), ${RUNS} runs each, median reported`,
  );
  const files = await ensurePhotos(path.join(appDir, 'bench', 'out', 'photos'), 'a', COUNT, log);
  const bench = await bootBench('zip');
  const { strapi } = bench;
  const base = `http://127.0.0.1:${bench.port}`;
  const packages = strapi.plugin('client-gallery').service('download-package');
  const links = strapi.plugin('client-gallery').service('share-link');
  const shareAccess = strapi.plugin('client-gallery').service('share-access');

  async function packageUrl(galleryDocumentId: string, imageIds?: string[]) {
    const { token } = await links.createLink(galleryDocumentId, {
      kind: 'private',
      recipientEmail: `bench-${Date.now()}@client.test`,
      downloadsEnabled: true,
      resolutions: ['original'],
      watermark: false,
      keepMetadata: true,
    });
    const made = await packages.order(await shareAccess.resolve(token), { resolution: 'original', imageIds });
    await packages.settled();
    return `${base}${new URL(made.downloadUrl).pathname}`;
  }

  try {
    // 1. Throughput against the peers, on ~1 GB of real photos.
    log('ingesting…');
    const { client, ids } = await ingestFiles(strapi, files, 'Bench Zip');
    const gallery = await readyGallery(strapi, client.documentId, ids, 'Bench zip gallery');
    const url = await packageUrl(gallery);
    // The peers read exactly the files the package holds: its frozen entries' stored bytes.
    const frozen = await strapi.db
      .query('plugin::client-gallery.download-package')
      .findOne({ where: { status: 'ready' }, orderBy: { id: 'desc' }, select: ['layout'] });
    const provider = strapi.plugin('upload').provider as unknown as { open(key: string): Promise<{ absolutePath: string }> };
    const entries: Array<[string, number, number, string]> = frozen.layout.entries;
    const stored = await Promise.all(entries.map(async ([, , , key]) => (await provider.open(key)).absolutePath));
    const names = entries.map(([name]) => name);
    const totalBytes = stored.reduce((sum, file) => sum + fs.statSync(file).size, 0);
    // The peer: the same stored files, one after another, to the socket with backpressure and nothing else.
    const plain = http.createServer(async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      for (const file of stored) {
        for await (const chunk of fs.createReadStream(file, { highWaterMark: 64 * 1024 })) {
          if (!res.write(chunk)) await once(res, 'drain');
        }
      }
      res.end();
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const plainUrl = `http://127.0.0.1:${(plain.address() as { port: number }).port}/`;

    // Info-ZIP names entries by file name: hard links under the package's own (unique) names.
    const linked = path.join(bench.workDir, 'zip-input');
    fs.mkdirSync(linked);
    stored.forEach((file, i) => fs.linkSync(file, path.join(linked, names[i])));

    const ours: number[] = [];
    const copy: number[] = [];
    const infoZip: number[] = [];
    for (let run = 0; run < RUNS + 1; run += 1) {
      // The first round only warms the page cache for everyone.
      const a = await drain(url);
      if (a.status !== 200) throw new Error(`package answered ${a.status}`);
      const b = await drain(plainUrl);
      const started = process.hrtime.bigint();
      const zip = spawnSync('sh', ['-c', `cd "$0" && zip -0 -q - * > /dev/null`, linked]);
      if (zip.status !== 0) throw new Error(`zip -0 failed: ${zip.stderr}`);
      const zipSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (run === 0) continue;
      ours.push(a.bytes / MB / a.seconds);
      copy.push(b.bytes / MB / b.seconds);
      infoZip.push(totalBytes / MB / zipSeconds);
    }
    plain.close();
    const [o, c, z] = [median(ours), median(copy), median(infoZip)];
    log(`package stream (ours, HTTP): ${o.toFixed(0)} MB/s   (runs: ${ours.map((v) => v.toFixed(0)).join(', ')})`);
    log(`plain stream copy (HTTP):    ${c.toFixed(0)} MB/s   (runs: ${copy.map((v) => v.toFixed(0)).join(', ')})`);
    log(`Info-ZIP zip -0:             ${z.toFixed(0)} MB/s   (runs: ${infoZip.map((v) => v.toFixed(0)).join(', ')})`);
    log(
      `ratio ours / plain copy: ${(o / c).toFixed(2)}×   ours / zip -0: ${(o / z).toFixed(2)}×   (${(totalBytes / MB).toFixed(0)} MB per run)`,
    );

    // 2. Memory: the same stream for 100 and for 2,000 photos (one stored photo reused, so the
    // difference is per-entry cost, not data).
    let r100 = { peakMb: NaN, result: { bytes: 0 } };
    let r2000 = { peakMb: NaN, result: { bytes: 0 } };
    let many: string[] = ids;
    if (!SKIP_RSS) {
      many = await cloneImages(strapi, ids[0], client.documentId, 2000);
      const big = await readyGallery(strapi, client.documentId, many, 'Bench 2000');
      const url100 = await packageUrl(big, many.slice(0, 100));
      const url2000 = await packageUrl(big);
      global.gc?.();
      r100 = await peakRssDuring(() => drain(url100));
      global.gc?.();
      r2000 = await peakRssDuring(() => drain(url2000));
      log(
        `RSS peak: 100 photos ${r100.peakMb.toFixed(0)} MB (${(r100.result.bytes / MB).toFixed(0)} MB zip), 2,000 photos ${r2000.peakMb.toFixed(0)} MB (${(r2000.result.bytes / MB).toFixed(0)} MB zip)`,
      );
      log(`RSS growth 100 → 2,000 photos: ${(r2000.peakMb - r100.peakMb).toFixed(0)} MB`);
    }

    // 3. Preparation: 200 watermarked "high" variants (distinct 6 MP sources), 1 worker against 2,
    // alternated (1, 2, 1, 2, …) so that both see the same machine, `runs` times each; medians.
    const prepareSeconds: Record<number, number> = {};
    const prepareRuns: Record<number, number[]> = { 1: [], 2: [] };
    const bareRuns: Record<number, number[]> = { 1: [], 2: [] };
    if (PREPARE > 0) {
      const prepFiles = await ensurePrepPhotos(path.join(appDir, 'bench', 'out', 'photos-prepare'), PREPARE);
      log(`ingesting ${PREPARE} sources for preparation…`);
      const prep = await ingestFiles(strapi, prepFiles, 'Bench Prepare');
      const prepGallery = await readyGallery(strapi, prep.client.documentId, prep.ids, 'Bench prepare');
      for (let run = 0; run < RUNS; run += 1) {
        for (const workers of [1, 2]) {
          strapi.config.set('plugin::client-gallery.photos.concurrency', workers);
          // A design of its own per run, so each run makes all of its variants.
          strapi.config.set('plugin::client-gallery.photos.watermark', { mode: 'text', text: `PROOF ${run}-${workers}`, position: 'tiled', opacity: 0.3, scale: 0.25 });
          const { token } = await links.createLink(prepGallery, {
            kind: 'private',
            recipientEmail: `prep-${run}-${workers}@client.test`,
            downloadsEnabled: true,
            resolutions: ['high'],
            watermark: true,
          });
          const started = process.hrtime.bigint();
          await packages.order(await shareAccess.resolve(token), { resolution: 'high' });
          await packages.settled();
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const made = await strapi.db
            .query('plugin::client-gallery.download-package')
            .findOne({ where: { status: 'ready' }, orderBy: { id: 'desc' }, select: ['imageCount', 'layout'] });
          if (made.layout.variant.indexOf('high-') !== 0 || made.imageCount !== PREPARE) throw new Error('preparation did not make the package');
          prepareRuns[workers].push(seconds);
          log(`prepare ${PREPARE} watermarked high variants with ${workers} worker(s), run ${run + 1}: ${seconds.toFixed(1)} s`);
        }
      }
      for (const workers of [1, 2]) prepareSeconds[workers] = median(prepareRuns[workers]);
      const pairs = prepareRuns[1].map((one, i) => (one / prepareRuns[2][i]).toFixed(2)).join(', ');
      log(
        `preparation, medians: 1 worker ${prepareSeconds[1].toFixed(1)} s, 2 workers ${prepareSeconds[2].toFixed(1)} s; speed-up ${(prepareSeconds[1] / prepareSeconds[2]).toFixed(2)}× (per pair: ${pairs})`,
      );
      // The peer: what two renders at once give on this machine with nothing of ours around them.
      for (let run = 0; run < RUNS; run += 1) for (const workers of [1, 2]) bareRuns[workers].push(await bareSharpSeconds(prepFiles, workers));
      const bare = { 1: median(bareRuns[1]), 2: median(bareRuns[2]) };
      log(
        `bare sharp, same sources, medians: 1 at a time ${bare[1].toFixed(1)} s, 2 at a time ${bare[2].toFixed(1)} s; speed-up ${(bare[1] / bare[2]).toFixed(2)}×; ours reaches ${((prepareSeconds[1] / prepareSeconds[2] / (bare[1] / bare[2])) * 100).toFixed(0)}% of it`,
      );
    }

    // 4. ZIP64: past 4 GB, written to disk and checked with unzip -t.
    let zip64: Record<string, unknown> = { skipped: true };
    if (!SKIP_ZIP64) {
      const entries = Math.ceil((4.3 * 1024 * MB) / fs.statSync(stored[0]).size);
      const huge = await readyGallery(strapi, client.documentId, many.slice(0, Math.min(entries, many.length)), 'Bench ZIP64');
      const hugeUrl = await packageUrl(huge);
      const target = path.join(bench.workDir, 'zip64.zip');
      const started = process.hrtime.bigint();
      await new Promise<void>((resolve, reject) => {
        http.get(hugeUrl, (res) => pipeline(res, fs.createWriteStream(target)).then(resolve, reject)).on('error', reject);
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const size = fs.statSync(target).size;
      const test = spawnSync('unzip', ['-tq', target]);
      const listed = execFileSync('sh', ['-c', `unzip -Z1 "${target}" | wc -l`])
        .toString()
        .trim();
      zip64 = {
        entries: Number(listed),
        gigabytes: Number((size / 1024 ** 3).toFixed(2)),
        seconds: Number(seconds.toFixed(1)),
        unzipTest: test.status === 0 ? 'ok' : String(test.stdout) + String(test.stderr),
      };
      log(
        `ZIP64: ${listed} entries, ${(size / 1024 ** 3).toFixed(2)} GiB in ${seconds.toFixed(1)} s; unzip -t: ${test.status === 0 ? 'No errors detected' : 'FAILED'}`,
      );
      fs.rmSync(target, { force: true });
    }
    log(
      JSON.stringify({
        count: COUNT,
        megabytes: Math.round(totalBytes / MB),
        oursMBs: o,
        plainMBs: c,
        zipMBs: z,
        ratioPlain: o / c,
        ratioZip: o / z,
        rss100: r100.peakMb,
        rss2000: r2000.peakMb,
        prepareSeconds,
        prepareRuns,
        prepareSpeedup: prepareSeconds[1] / prepareSeconds[2],
        bareSharpRuns: bareRuns,
        zip64,
      }),
    );
  } finally {
    await bench.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
