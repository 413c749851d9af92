/**
 * Exports of a client's selection or favourites for the studio's editing software,
 * as pure functions of the photos in order. File names are the names the studio uploaded.
 */
import { csvCell as cell } from './csv';

export interface ExportPhoto {
  id: string;
  fileName: string | null;
  label: string | null;
  takenAt: string | null;
}

export type ExportFormat = 'csv' | 'filenames' | 'lightroom';

/** The name without its extension: what Lightroom's and Capture One's text filters match best. */
export function baseName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

export function exportPhotos(photos: readonly ExportPhoto[], format: ExportFormat): { body: string; contentType: string; extension: string } {
  const named = photos.map((photo) => photo.fileName ?? photo.id);
  switch (format) {
    case 'csv': {
      const rows = photos.map((photo, i) => [i + 1, photo.fileName, photo.label, photo.takenAt, photo.id].map(cell).join(','));
      return { body: ['position,file_name,label,taken_at,image_id', ...rows].join('\r\n') + '\r\n', contentType: 'text/csv; charset=utf-8', extension: 'csv' };
    }
    case 'filenames':
      return { body: named.join('\n') + (named.length ? '\n' : ''), contentType: 'text/plain; charset=utf-8', extension: 'txt' };
    case 'lightroom':
      // Lightroom: Library Filter › Text › Filename › Contains; Capture One: Filter › File name. Both take a comma-separated list.
      return { body: [...new Set(named.map(baseName))].join(', '), contentType: 'text/plain; charset=utf-8', extension: 'txt' };
  }
}
