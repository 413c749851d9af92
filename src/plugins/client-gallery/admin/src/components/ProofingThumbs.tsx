import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useState } from 'react';
import type { AdminImage } from '../../../shared/contracts';
import { useT } from '../utils/translations';

/**
 * How many thumbnails a list shows at first, and adds per "Show more". A selection can run to
 * hundreds of photos; a page at a time keeps the dialog's DOM and image requests bounded, and
 * unlike a virtualized row it wraps to any width (a 360 px phone shows four a row), needs no
 * scroller of its own inside the dialog's scroll, and every tile shown is an ordinary button.
 */
export const THUMB_PAGE = 24;
/** A tile's side: a comfortable tap target (over 40 px) that still puts four in a row on a phone. */
const THUMB_PX = 64;

/** What a list of photos needs to draw them: each photo (staff URLs) and its file name. */
export interface PhotoBook {
  photos: Record<string, AdminImage>;
  fileNames: Record<string, string | null>;
}

type Tone = 'added' | 'removed';
const BORDER: Record<Tone, string> = { added: '#328048', removed: '#d02b20' };

/** The name a photo goes by in the Proofing view: its file name, else its label, else its id. */
export function photoName(book: PhotoBook, id: string) {
  return book.fileNames[id] ?? book.photos[id]?.label ?? id;
}

/**
 * One photo as a small square (the staff thumbnail, never the original); a click opens it in the
 * photo viewer. A photo the viewer may not see (or one that is gone) shows its name instead.
 */
export const PhotoThumb = ({ book, id, order, tone, onOpen }: { book: PhotoBook; id: string; order?: number; tone?: Tone; onOpen(id: string): void }) => {
  const t = useT();
  const photo = book.photos[id];
  const name = photoName(book, id);
  const frame = { width: THUMB_PX, height: THUMB_PX, borderRadius: 4, flexShrink: 0, border: `2px solid ${tone ? BORDER[tone] : 'transparent'}` };
  if (!photo?.thumbUrl) {
    return (
      <Box background="neutral150" padding={1} style={{ ...frame, overflow: 'hidden' }} data-testid="proofing-thumb" data-document-id={id} title={name}>
        <Typography variant="pi" textColor="neutral600" style={{ wordBreak: 'break-all' }}>
          {name}
        </Typography>
      </Box>
    );
  }
  return (
    <button
      type="button"
      onClick={() => onOpen(id)}
      aria-label={t('proofing.openPhoto', 'Open {name}', { name })}
      title={name}
      data-testid="proofing-thumb"
      data-document-id={id}
      style={{ ...frame, position: 'relative', padding: 0, overflow: 'hidden', background: '#eaeaef', cursor: 'zoom-in' }}
    >
      <img src={photo.thumbUrl} alt="" loading="lazy" style={{ width: '100%', height: '100%', objectFit: 'cover', display: 'block' }} />
      {order !== undefined && (
        <span
          aria-hidden
          style={{ position: 'absolute', top: 2, left: 2, minWidth: 18, padding: '0 4px', borderRadius: 4, background: '#4945ff', color: '#fff', fontSize: 11, fontWeight: 600, lineHeight: '18px' }}
        >
          {order}
        </span>
      )}
    </button>
  );
};

/**
 * A list of photos as thumbnails, in the list's order (a selection: the order chosen, numbered),
 * THUMB_PAGE at a time with "Show more".
 */
export const ThumbList = ({
  book,
  ids,
  numbered = false,
  tone,
  testId,
  onOpen,
}: {
  book: PhotoBook;
  ids: string[];
  numbered?: boolean;
  tone?: Tone;
  testId: string;
  onOpen(ids: string[], id: string): void;
}) => {
  const t = useT();
  const [shown, setShown] = useState(THUMB_PAGE);
  const rest = ids.length - shown;
  return (
    <Box data-testid={testId}>
      <Flex tag="ol" wrap="wrap" gap={2} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {ids.slice(0, shown).map((id, index) => (
          <li key={id}>
            <PhotoThumb book={book} id={id} order={numbered ? index + 1 : undefined} tone={tone} onOpen={(open) => onOpen(ids, open)} />
          </li>
        ))}
      </Flex>
      {rest > 0 && (
        <Flex gap={2} paddingTop={2} alignItems="center" wrap="wrap">
          <Button variant="tertiary" onClick={() => setShown(shown + THUMB_PAGE)} data-testid="proofing-show-more">
            {t('proofing.showMore', 'Show {count} more', { count: Math.min(THUMB_PAGE, rest) })}
          </Button>
          <Typography variant="pi" textColor="neutral600">
            {t('proofing.shownOf', '{shown} of {total}', { shown, total: ids.length })}
          </Typography>
        </Flex>
      )}
    </Box>
  );
};
