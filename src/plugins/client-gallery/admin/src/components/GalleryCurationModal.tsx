import { Badge, Box, Button, Flex, IconButton, Modal, Typography } from '@strapi/design-system';
import { LabelledCheckbox } from './LabelledCheckbox';
import { Cross, Star } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import type { AdminGallery, AdminImage } from '../../../shared/contracts';
import { errorMessage, useGalleryApi } from '../utils/api';
import { formatDate } from '../utils/format';
import { useT } from '../utils/translations';
import { aspectOf, justifiedItem, rowEnd } from './JustifiedGrid';

interface Props {
  gallery: AdminGallery;
  clientDocumentId: string;
  onClose(): void;
  onChanged(gallery: AdminGallery): void;
}

const move = <T,>(list: T[], from: number, to: number) => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
};

/**
 * Curate one gallery: its photos in order, reordered by drag and drop or from the keyboard
 * (focus a photo, Alt+← / Alt+→), each removable or made the cover; and the client's other photos
 * to add. Adding, removing and the cover apply at once; a new order applies on "Save order".
 */
export const GalleryCurationModal = ({ gallery, clientDocumentId, onClose, onChanged }: Props) => {
  const api = useGalleryApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [all, setAll] = useState<AdminImage[] | null>(null);
  const [order, setOrder] = useState<string[]>([]);
  const [saved, setSaved] = useState<string[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [cover, setCover] = useState<string | null>(gallery.coverDocumentId);
  const [dragging, setDragging] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    Promise.all([api.listAllImages(clientDocumentId), api.galleryOrder(gallery.documentId)]).then(
      ([images, ids]) => {
        setAll(images);
        setOrder(ids);
        setSaved(ids);
      },
      (e) => toggleNotification({ type: 'danger', message: errorMessage(e) }),
    );
  }, [api, clientDocumentId, gallery.documentId, toggleNotification]);

  const byId = new Map((all ?? []).map((image) => [image.documentId, image]));
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const refresh = async (updated: AdminGallery) => {
    onChanged(updated);
    const ids = await api.galleryOrder(gallery.documentId);
    setOrder(ids);
    setSaved(ids);
  };
  const changed = order.join() !== saved.join();

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content style={{ maxWidth: '960px', width: '95vw' }}>
        <Modal.Header>
          <Modal.Title>{t('curation.title', 'Curate “{title}”', { title: gallery.title })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Typography variant="pi" textColor="neutral600">
            {t('curation.hint', 'Drag photos to reorder them, or focus one and press Alt+← / Alt+→. The first photo is not the cover unless you make it so.')}
          </Typography>
          <Box paddingTop={3} paddingBottom={4}>
            <ol
              aria-label={t('curation.list', 'Photos in this gallery')}
              data-testid="curation-order"
              style={{ display: 'flex', flexWrap: 'wrap', gap: 8, listStyle: 'none', padding: 0, margin: 0 }}
            >
              {order.map((id, index) => {
                const image = byId.get(id);
                const name = image?.label ?? (image ? formatDate(image.takenAt) : id);
                return (
                  <li
                    key={id}
                    draggable
                    tabIndex={0}
                    data-testid="curation-photo"
                    data-document-id={id}
                    aria-label={`${index + 1}. ${name}`}
                    onDragStart={() => setDragging(index)}
                    onDragOver={(event) => event.preventDefault()}
                    onDrop={(event) => {
                      event.preventDefault();
                      if (dragging !== null && dragging !== index) setOrder((current) => move(current, dragging, index));
                      setDragging(null);
                    }}
                    onKeyDown={(event) => {
                      if (!event.altKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
                      event.preventDefault();
                      const to = event.key === 'ArrowLeft' ? index - 1 : index + 1;
                      if (to < 0 || to >= order.length) return;
                      setOrder((current) => move(current, index, to));
                      // Keep the focus on the photo that moved.
                      requestAnimationFrame(() =>
                        (document.querySelector(`[data-testid="curation-photo"][data-document-id="${id}"]`) as HTMLElement | null)?.focus(),
                      );
                    }}
                    style={{
                      // Whole photos in rows of one height (a portrait is narrower than a landscape); 10 px of padding and border.
                      ...justifiedItem(aspectOf(image?.width, image?.height), 10, '96px'),
                      border: '1px solid #dcdce4',
                      borderRadius: 4,
                      padding: 4,
                      background: dragging === index ? '#f0f0ff' : '#fff',
                      cursor: 'grab',
                    }}
                  >
                    {image?.thumbUrl && (
                      <img
                        src={image.thumbUrl}
                        alt={name}
                        draggable={false}
                        style={{ width: '100%', aspectRatio: `${aspectOf(image.width, image.height)}`, objectFit: 'contain', display: 'block' }}
                      />
                    )}
                    <Flex justifyContent="space-between" alignItems="center" paddingTop={1} wrap="wrap">
                      <Typography variant="pi" ellipsis>{`${index + 1}. ${name}`}</Typography>
                      <Flex>
                        {cover === id ? (
                          <Badge variant="success">{t('curation.cover', 'Cover')}</Badge>
                        ) : (
                          <IconButton
                            label={t('curation.makeCover', 'Make cover: {name}', { name })}
                            variant="ghost"
                            size="S"
                            disabled={busy}
                            onClick={() =>
                              run(async () => {
                                onChanged(await api.setGalleryCover(gallery.documentId, id));
                                setCover(id);
                              })
                            }
                          >
                            <Star />
                          </IconButton>
                        )}
                        <IconButton
                          label={t('curation.remove', 'Remove from gallery: {name}', { name })}
                          variant="ghost"
                          size="S"
                          disabled={busy || changed}
                          onClick={() => run(async () => refresh(await api.removeFromGallery(gallery.documentId, [id])))}
                        >
                          <Cross />
                        </IconButton>
                      </Flex>
                    </Flex>
                  </li>
                );
              })}
              <li role="presentation" aria-hidden style={rowEnd} />
            </ol>
          </Box>
          <Typography variant="delta" tag="h3">
            {t('curation.addPhotos', 'Add photos')}
          </Typography>
          <Flex gap={2} wrap="wrap" paddingTop={2} data-testid="curation-candidates">
            {(all ?? [])
              .filter((image) => !order.includes(image.documentId))
              .map((image) => (
                <Box key={image.documentId} padding={1} hasRadius borderColor="neutral200" style={{ width: 128 }}>
                  {image.thumbUrl && <img src={image.thumbUrl} alt="" style={{ width: '100%', height: 72, objectFit: 'contain', display: 'block' }} />}
                  <LabelledCheckbox
                    checked={picked.includes(image.documentId)}
                    onCheckedChange={(on: boolean | 'indeterminate') =>
                      setPicked((current) => (on === true ? [...current, image.documentId] : current.filter((p) => p !== image.documentId)))
                    }
                  >
                    {image.label ?? formatDate(image.takenAt, false)}
                  </LabelledCheckbox>
                </Box>
              ))}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button
            variant="secondary"
            disabled={busy || picked.length === 0 || changed}
            onClick={() =>
              run(async () => {
                await refresh(await api.addToGallery(gallery.documentId, picked));
                setPicked([]);
              })
            }
          >
            {picked.length ? t('curation.addCount', 'Add {count} selected', { count: picked.length }) : t('curation.add', 'Add selected')}
          </Button>
          <Flex gap={2}>
            <Button variant="tertiary" onClick={onClose}>
              {t('common.close', 'Close')}
            </Button>
            <Button
              disabled={busy || !changed}
              onClick={() =>
                run(async () => {
                  const ids = await api.reorderGallery(gallery.documentId, order);
                  setOrder(ids);
                  setSaved(ids);
                  toggleNotification({ type: 'success', message: t('curation.saved', 'Order saved: visitors see it now') });
                })
              }
            >
              {t('curation.save', 'Save order')}
            </Button>
          </Flex>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
