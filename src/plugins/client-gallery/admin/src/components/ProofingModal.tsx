import { Button, Flex, Loader, Modal, Typography } from '@strapi/design-system';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ProofingThreadRef } from '../../../shared/admin-paths';
import type { AdminGallery, ProofingOverview } from '../../../shared/contracts';
import { errorMessage } from '../utils/api';
import { useProofingApi } from '../utils/proofing-api';
import { useT } from '../utils/translations';
import { PhotoViewer } from './PhotoViewer';
import { RecipientCard } from './ProofingRecipient';
import type { PhotoBook } from './ProofingThumbs';

/** While the viewer is open the dialog fills the screen, so the viewer (drawn inside it) does too. */
const FULL_SCREEN = { width: '100vw', maxWidth: '100vw', height: '100vh', maxHeight: '100vh', borderRadius: 0 };

/**
 * A gallery's Proofing view (docs/proofing.md): a card per recipient (ProofingRecipient). A thumbnail
 * opens the admin photo viewer on that photo, stepping through the list it was in.
 *
 * The viewer is drawn inside the dialog, not beside it: the dialog traps focus and pointer events
 * outside itself, so a viewer next to it could not be used. The dialog's box is transformed (it is
 * centred that way), which makes it the viewer's containing block; so while the viewer is open
 * the box takes the whole screen. Everything under it stays mounted: a reply being typed, the
 * "show more" pages and the scroll position are still there when the viewer closes.
 */
export const ProofingModal = ({
  gallery,
  canModify,
  thread = null,
  onClose,
}: {
  gallery: AdminGallery;
  canModify: boolean;
  /** Open on this link's thread (a photo's, or the gallery's): where the comment digest sends the studio. */
  thread?: Omit<ProofingThreadRef, 'clientDocumentId'> | null;
  onClose(): void;
}) => {
  const api = useProofingApi();
  const t = useT();
  const [data, setData] = useState<ProofingOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [viewing, setViewing] = useState<{ ids: string[]; index: number } | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const load = useCallback(() => {
    api.overview(gallery.documentId).then(setData, (e) => setError(errorMessage(e)));
  }, [api, gallery.documentId]);
  useEffect(load, [load]);

  const book: PhotoBook = useMemo(() => ({ photos: data?.photos ?? {}, fileNames: data?.fileNames ?? {} }), [data]);
  const open = (ids: string[], id: string) => {
    // The viewer steps through the photos of that list it can show.
    const shown = ids.filter((candidate) => book.photos[candidate]);
    opener.current = document.activeElement as HTMLElement | null;
    if (shown.includes(id)) setViewing({ ids: shown, index: shown.indexOf(id) });
  };
  const closeViewer = useCallback(() => {
    setViewing(null);
    // Back to the thumbnail that opened it, so the keyboard carries on where it was.
    requestAnimationFrame(() => opener.current?.focus());
  }, []);
  const viewed = viewing ? viewing.ids.map((id) => book.photos[id]) : [];

  return (
    <Modal.Root open onOpenChange={(isOpen: boolean) => !isOpen && onClose()}>
      <Modal.Content
        data-testid="proofing-modal"
        style={viewing ? FULL_SCREEN : { width: 'min(960px, 96vw)' }}
        // Esc closes the viewer (its own key handler), not the dialog under it.
        onEscapeKeyDown={(event: KeyboardEvent) => viewing && event.preventDefault()}
      >
        <Modal.Header>
          <Modal.Title>{t('proofing.title', 'Proofing · {title}', { title: gallery.title })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {error ? (
            <Typography textColor="danger600">{error}</Typography>
          ) : !data ? (
            <Loader small>{t('proofing.loading', 'Loading proofing')}</Loader>
          ) : data.recipients.length === 0 ? (
            <Typography textColor="neutral600">{t('proofing.none', 'Not shared yet: proofing starts when a client has a link.')}</Typography>
          ) : (
            <Flex direction="column" alignItems="stretch" gap={4}>
              {data.recipients.map((recipient) => (
                <RecipientCard
                  key={recipient.link.documentId}
                  recipient={recipient}
                  book={book}
                  canModify={canModify}
                  onChanged={load}
                  onOpen={open}
                  focusThread={thread?.linkDocumentId === recipient.link.documentId ? (thread.imageDocumentId ?? '') : null}
                />
              ))}
            </Flex>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('common.close', 'Close')}</Button>
          </Modal.Close>
        </Modal.Footer>
        {viewing && (
          <PhotoViewer images={viewed} index={viewing.index} canModify={canModify} onIndex={(index) => setViewing({ ...viewing, index })} onClose={closeViewer} />
        )}
      </Modal.Content>
    </Modal.Root>
  );
};
