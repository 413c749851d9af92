/**
 * Photo pipeline settings. The studio watermark is used where a gallery sets no design of its own
 * (and for the watermarked thumb and preview made at ingest).
 */
export default ({ env }) => ({
  /** sharp decodes running at once across all requests (each uses one core: sharp.concurrency is 1). */
  concurrency: env.int('PHOTO_CONCURRENCY', 2),
  /** Decompression-bomb guard: refuse sources with more pixels than this (default 150 MP). */
  maxPixels: env.int('PHOTO_MAX_PIXELS', 150_000_000),
  watermark: {
    mode: 'text',
    text: env('WATERMARK_TEXT', 'PROOF'),
    position: env('WATERMARK_POSITION', 'tiled'),
    opacity: env.float('WATERMARK_OPACITY', 0.3),
    scale: env.float('WATERMARK_SCALE', 0.25),
  },
});
