import { baseName, exportPhotos, type ExportPhoto } from '../../src/plugins/client-gallery/server/src/lib/proofing-export';

const photos: ExportPhoto[] = [
  { id: 'a1', fileName: 'IMG_0042.jpg', label: 'Ceremony', takenAt: '2026-05-20T14:00:00.000Z' },
  { id: 'b2', fileName: 'DSC 7,1.JPEG', label: 'Say "cheese"', takenAt: null },
  { id: 'c3', fileName: '=HYPERLINK("x").jpg', label: null, takenAt: null },
  { id: 'd4', fileName: null, label: null, takenAt: null },
];

describe('proofing export', () => {
  it("writes a CSV that spreadsheets read as data, in the set's order", () => {
    const { body, contentType } = exportPhotos(photos, 'csv');
    expect(contentType).toBe('text/csv; charset=utf-8');
    expect(body.split('\r\n')).toEqual([
      'position,file_name,label,taken_at,image_id',
      '1,IMG_0042.jpg,Ceremony,2026-05-20T14:00:00.000Z,a1',
      '2,"DSC 7,1.JPEG","Say ""cheese""",,b2',
      `3,"'=HYPERLINK(""x"").jpg",,,c3`,
      '4,,,,d4',
      '',
    ]);
  });

  it('lists file names one per line (the id where a file has no name)', () => {
    expect(exportPhotos(photos, 'filenames').body).toBe('IMG_0042.jpg\nDSC 7,1.JPEG\n=HYPERLINK("x").jpg\nd4\n');
    expect(exportPhotos([], 'filenames').body).toBe('');
  });

  it('makes a Lightroom / Capture One filter string of base names, each once', () => {
    expect(exportPhotos([...photos.slice(0, 1), { ...photos[0], id: 'z', fileName: 'IMG_0042.tif' }], 'lightroom').body).toBe('IMG_0042');
    expect(exportPhotos(photos.slice(0, 2), 'lightroom').body).toBe('IMG_0042, DSC 7,1');
  });

  it.each([
    ['IMG_1.jpg', 'IMG_1'],
    ['archive.tar.gz', 'archive.tar'],
    ['.hidden', '.hidden'],
    ['noext', 'noext'],
  ])('baseName(%s) = %s', (name, base) => {
    expect(baseName(name)).toBe(base);
  });
});
