import {
  downloadsWatermarked,
  settledDownloadsWatermarked,
  viewsWatermarked,
  type LinkWatermarks,
} from '../../src/plugins/client-gallery/server/src/lib/link-watermarks';

/** A link's two watermark settings: views and downloads, apart (seed 001). */
describe('link watermarks', () => {
  describe('what a stored link delivers', () => {
    //                                                              views  downloads
    it.each<[string, LinkWatermarks, boolean, boolean]>([
      ['watermarked, downloads watermarked', { watermark: true, downloadsWatermarked: true }, true, true],
      ['watermarked, downloads clean (the studio unchecked it)', { watermark: true, downloadsWatermarked: false }, true, false],
      ['clean, downloads watermarked', { watermark: false, downloadsWatermarked: true }, false, true],
      ['clean, downloads clean', { watermark: false, downloadsWatermarked: false }, false, false],
      ['watermarked, no download choice stored: follows the views', { watermark: true, downloadsWatermarked: null }, true, true],
      ['clean, no download choice stored: follows the views', { watermark: false, downloadsWatermarked: null }, false, false],
      ['nothing stored at all: watermarked', {}, true, true],
    ])('%s', (_name, link, views, downloads) => {
      expect([viewsWatermarked(link), downloadsWatermarked(link)]).toEqual([views, downloads]);
    });
  });

  describe('what a write stores when it does not name downloadsWatermarked', () => {
    it.each<[string, LinkWatermarks | null, { watermark?: boolean; downloadsWatermarked?: boolean }, boolean, boolean | undefined]>([
      ['a new link, watermark on', null, { watermark: true }, true, true],
      ['a new link, watermark off', null, { watermark: false }, true, false],
      ['a new link, no watermark named: the default (on)', null, {}, true, true],
      ['a new link, no watermark named: the default (off)', null, {}, false, false],
      ['a new watermarked link that asks for clean downloads', null, { watermark: true, downloadsWatermarked: false }, true, false],
      ['a new clean link that asks for watermarked downloads', null, { watermark: false, downloadsWatermarked: true }, true, true],
      ['a clean link switched to watermarked', { watermark: false, downloadsWatermarked: false }, { watermark: true }, true, true],
      ['a clean link switched to watermarked, clean downloads asked for', { watermark: false, downloadsWatermarked: false }, { watermark: true, downloadsWatermarked: false }, true, false],
      ['a watermarked link with clean downloads, watermark sent again', { watermark: true, downloadsWatermarked: false }, { watermark: true }, true, undefined],
      ['a watermarked link switched to clean: downloads keep their setting', { watermark: true, downloadsWatermarked: true }, { watermark: false }, true, undefined],
      ['another setting changed', { watermark: true, downloadsWatermarked: false }, {}, true, undefined],
      ['the download setting alone', { watermark: true, downloadsWatermarked: true }, { downloadsWatermarked: false }, true, false],
    ])('%s', (_name, current, input, watermarkDefault, stored) => {
      expect(settledDownloadsWatermarked(current, input, watermarkDefault)).toBe(stored);
    });
  });
});
