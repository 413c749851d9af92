import { Badge, Box, Button, Flex, IconButton, Typography } from '@strapi/design-system';
import { ArrowLeft, ArrowRight, Cross, Download, Duplicate, ExternalLink, Feather, Minus, More, Pencil, Plus, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useEffect, useRef, useState } from 'react';
import type { AdminImage } from '../../../shared/contracts';
import { errorMessage, saveBlob, useGalleryApi } from '../utils/api';
import { formatDate, sourceWords } from '../utils/format';
import { useT } from '../utils/translations';
import { useNarrow } from '../hooks/useNarrow';

interface Props {
  images: AdminImage[];
  index: number;
  canModify: boolean;
  onIndex(index: number): void;
  onClose(): void;
  /** The actions below show only where the page opening the viewer can carry them out (the Proofing view only looks). */
  onEditLabel?(image: AdminImage): void;
  onDelete?(image: AdminImage): void;
  onCompareWith?(image: AdminImage): void;
  onMarkup?(image: AdminImage): void;
}

const MAX_ZOOM = 8;

/**
 * One photo, large: zoom (buttons, wheel, + −, double-click) and pan (drag), ←/→ through the
 * gallery, Esc closes. Its menu: download the original (Modify), open the record it came from,
 * edit the label, delete, and compare with another photo.
 */
export const PhotoViewer = ({ images, index, canModify, onIndex, onClose, onEditLabel, onDelete, onCompareWith, onMarkup }: Props) => {
  const image = images[index];
  const { downloadOriginal } = useGalleryApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const narrow = useNarrow();
  const [menuOpen, setMenuOpen] = useState(false);
  const [view, setView] = useState({ zoom: 1, x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number; startX: number; startY: number } | null>(null);
  const zoomBy = (factor: number) => setView((v) => (v.zoom * factor <= 1 ? { zoom: 1, x: 0, y: 0 } : { ...v, zoom: Math.min(MAX_ZOOM, v.zoom * factor) }));

  useEffect(() => {
    setView({ zoom: 1, x: 0, y: 0 });
    setMenuOpen(false);
  }, [index]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      if (event.key === 'ArrowLeft' && index > 0) onIndex(index - 1);
      else if (event.key === 'ArrowRight' && index < images.length - 1) onIndex(index + 1);
      else if (event.key === '+' || event.key === '=') zoomBy(1.25);
      else if (event.key === '-') zoomBy(1 / 1.25);
      else if (event.key === 'Escape') onClose();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [images.length, index, onClose, onIndex]);

  if (!image) return null;
  const description = image.label ?? t('photo.takenOn', 'Photo taken {date}', { date: formatDate(image.takenAt) });

  const download = async () => {
    try {
      saveBlob(await downloadOriginal(image.documentId), `photo-${image.takenAt.slice(0, 10)}.jpg`);
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
  };

  // Whether the menu has anything in it (a View-only look from the Proofing dialog may have nothing).
  const hasActions = canModify || Boolean(image.record) || Boolean(onCompareWith);
  const actions = (
    <Flex gap={2} role="menu" aria-label={t('viewer.menu', 'Photo actions')} wrap="wrap">
      {canModify && (
        <Button role="menuitem" variant="secondary" startIcon={<Download />} onClick={download}>
          {t('viewer.download', 'Download original')}
        </Button>
      )}
      {image.record && (
        <Button
          role="menuitem"
          variant="secondary"
          startIcon={<ExternalLink />}
          onClick={() => window.open(`/admin/content-manager/collection-types/${image.record!.uid}/${image.record!.documentId}`, '_blank')}
        >
          {t('viewer.viewRecord', 'View {record}', { record: image.record.label.toLowerCase() })}
        </Button>
      )}
      {canModify && onEditLabel && (
        <Button role="menuitem" variant="secondary" startIcon={<Pencil />} onClick={() => onEditLabel(image)}>
          {t('photo.editLabel', 'Edit label')}
        </Button>
      )}
      {canModify && onDelete && image.source === 'upload' && (
        <Button role="menuitem" variant="danger-light" startIcon={<Trash />} onClick={() => onDelete(image)}>
          {t('batch.delete', 'Delete')}
        </Button>
      )}
      {canModify && onMarkup && (
        <Button role="menuitem" variant="secondary" startIcon={<Feather />} onClick={() => onMarkup(image)}>
          {t('viewer.markup', 'Mark up')}
        </Button>
      )}
      {onCompareWith && (
        <Button role="menuitem" variant="secondary" startIcon={<Duplicate />} onClick={() => onCompareWith(image)}>
          {t('viewer.compareWith', 'Compare with…')}
        </Button>
      )}
    </Flex>
  );

  return (
    <Box
      role="dialog"
      aria-modal="true"
      aria-label={t('viewer.label', 'Photo: {name}', { name: description })}
      data-testid="photo-viewer"
      position="fixed"
      // Opaque: the page under the viewer must not show through (on a phone it read as part of the viewer).
      style={{ inset: 0, zIndex: 20, backgroundColor: 'rgb(20, 20, 28)', display: 'flex', flexDirection: 'column' }}
    >
      {/* One row on every screen: on a phone the details shrink to the position and the label, and the
          actions move into a menu under a "More" button, so Close never wraps out of reach. */}
      <Flex justifyContent="space-between" alignItems="center" padding={narrow ? 2 : 3} gap={2} wrap={narrow ? 'nowrap' : 'wrap'} data-testid="photo-viewer-toolbar">
        <Flex gap={3} alignItems="center" data-testid="photo-viewer-details" style={{ minWidth: 0, overflow: 'hidden' }}>
          {!narrow && (
            <Typography textColor="neutral0" fontWeight="bold">
              {formatDate(image.takenAt)}
            </Typography>
          )}
          {image.label && <Badge>{image.label}</Badge>}
          {!narrow && <Badge variant="secondary">{sourceWords(image.source, t)}</Badge>}
          {!narrow && image.width && image.height && <Typography textColor="neutral300">{`${image.width} × ${image.height}`}</Typography>}
          <Typography textColor="neutral300" style={{ whiteSpace: 'nowrap' }}>
            {t('viewer.position', '{index} of {count}', { index: index + 1, count: images.length })}
          </Typography>
        </Flex>
        <Flex gap={2} alignItems="center" justifyContent="flex-end" wrap={narrow ? 'nowrap' : 'wrap'} style={{ flexShrink: narrow ? 0 : 1, minWidth: 0 }}>
          {narrow ? (
            hasActions && (
              <IconButton label={t('viewer.more', 'More actions')} aria-expanded={menuOpen} aria-controls="photo-viewer-menu" onClick={() => setMenuOpen((open) => !open)}>
              <More />
            </IconButton>
            )
          ) : (
            actions
          )}
          {!narrow && (
            <>
              <IconButton label={t('compare.zoomOut', 'Zoom out')} onClick={() => zoomBy(1 / 1.25)} disabled={view.zoom <= 1}>
                <Minus />
              </IconButton>
              <IconButton label={t('compare.zoomIn', 'Zoom in')} onClick={() => zoomBy(1.25)} disabled={view.zoom >= MAX_ZOOM}>
                <Plus />
              </IconButton>
            </>
          )}
          <IconButton label={t('common.close', 'Close')} onClick={onClose}>
            <Cross />
          </IconButton>
        </Flex>
      </Flex>
      {narrow && menuOpen && (
        <Box id="photo-viewer-menu" paddingLeft={2} paddingRight={2} paddingBottom={2}>
          {actions}
        </Box>
      )}
      <Flex flex="1" alignItems="center" gap={2} paddingLeft={2} paddingRight={2} style={{ minHeight: 0 }}>
        <IconButton label={t('viewer.previous', 'Previous photo')} variant="ghost" disabled={index === 0} onClick={() => onIndex(index - 1)}>
          <ArrowLeft />
        </IconButton>
        <Box
          flex="1"
          height="100%"
          overflow="hidden"
          style={{ cursor: view.zoom > 1 ? 'grab' : 'zoom-in', touchAction: 'none' }}
          onWheel={(event: React.WheelEvent) => zoomBy(event.deltaY < 0 ? 1.15 : 1 / 1.15)}
          onDoubleClick={() => setView((v) => (v.zoom > 1 ? { zoom: 1, x: 0, y: 0 } : { ...v, zoom: 2 }))}
          onPointerDown={(event: React.PointerEvent<HTMLDivElement>) => {
            drag.current = { x: view.x, y: view.y, startX: event.clientX, startY: event.clientY };
            event.currentTarget.setPointerCapture(event.pointerId);
          }}
          onPointerMove={(event: React.PointerEvent) => {
            const d = drag.current;
            if (d && view.zoom > 1) setView((v) => ({ ...v, x: d.x + (event.clientX - d.startX), y: d.y + (event.clientY - d.startY) }));
          }}
          onPointerUp={() => (drag.current = null)}
        >
          {image.previewUrl ? (
            <img
              src={image.previewUrl}
              alt={description}
              draggable={false}
              data-testid="photo-viewer-image"
              style={{
                width: '100%',
                height: '100%',
                objectFit: 'contain',
                transform: `translate(${view.x}px, ${view.y}px) scale(${view.zoom})`,
                userSelect: 'none',
              }}
            />
          ) : (
            <Typography textColor="neutral0">{t('compare.noPreview', 'No preview available')}</Typography>
          )}
        </Box>
        <IconButton label={t('viewer.next', 'Next photo')} variant="ghost" disabled={index >= images.length - 1} onClick={() => onIndex(index + 1)}>
          <ArrowRight />
        </IconButton>
      </Flex>
      <Box padding={2} display={narrow ? 'none' : undefined}>
        <Typography textColor="neutral300" variant="pi">
          {t('viewer.keys', '←/→ step through the gallery · + − or the wheel zoom · drag to pan · Esc closes')}
        </Typography>
      </Box>
    </Box>
  );
};
