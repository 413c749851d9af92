import { Badge, Box, Checkbox, Flex, IconButton, Typography } from '@strapi/design-system';
import { Pencil, Trash } from '@strapi/icons';
import type { AdminImage } from '../../../shared/contracts';
import { formatDate, sourceWords } from '../utils/format';
import { useT } from '../utils/translations';

interface Props {
  image: AdminImage;
  /** 0-based position in the selection (the Compare order), or -1. */
  order: number;
  canModify: boolean;
  onOpen(): void;
  /** `range`: Shift was held, so the run from the last ticked photo follows. */
  onToggle(range: boolean): void;
  onEditLabel(): void;
  onDelete(): void;
}

/** The tile's padding, left and right (padding={2} is 8 px a side): the justified grid adds it to each photo's width. */
export const PHOTO_TILE_CHROME_PX = 16;

/**
 * One photo of the Photos tab: a click opens it large; the checkbox (apart from the click) selects
 * it. The picture box has the photo's own aspect ratio, so the whole photo shows, uncropped and
 * without letterboxing (in a JustifiedGrid, its width follows from the row height).
 */
export const PhotoTile = ({ image, order, canModify, onOpen, onToggle, onEditLabel, onDelete }: Props) => {
  const t = useT();
  const isSelected = order >= 0;
  const description = image.label ?? t('photo.takenOn', 'Photo taken {date}', { date: formatDate(image.takenAt) });
  return (
    <Box
      background="neutral0"
      shadow="tableShadow"
      hasRadius
      padding={2}
      data-testid="gallery-image"
      data-document-id={image.documentId}
      data-selected={isSelected}
      style={{ outline: isSelected ? '2px solid #4945ff' : '2px solid transparent', transition: 'outline-color 120ms' }}
    >
      <Box
        position="relative"
        hasRadius
        overflow="hidden"
        background="neutral150"
        style={{ aspectRatio: image.width && image.height ? `${image.width} / ${image.height}` : '4 / 3', cursor: 'zoom-in' }}
        onClick={onOpen}
        data-testid="open-photo"
      >
        {image.thumbUrl && (
          <img src={image.thumbUrl} alt={description} loading="lazy" style={{ width: '100%', height: '100%', objectFit: 'contain', display: 'block' }} />
        )}
        {/* The label around the box is its tap target (40 px): a tap near the box toggles it, not the viewer. */}
        <Box
          tag="label"
          position="absolute"
          top={0}
          left={0}
          padding={2}
          style={{ display: 'flex', minWidth: 40, minHeight: 40, cursor: 'pointer' }}
          onClick={(event: React.MouseEvent) => event.stopPropagation()}
        >
          <Box background="neutral0" hasRadius padding={1} style={{ display: 'flex' }}>
            <Checkbox
              aria-label={t('photo.select', 'Select {name}', { name: description })}
              checked={isSelected}
              onClick={(event: React.MouseEvent) => {
                // Controlled: the selection decides, with Shift for a range (also Shift+Space from the keyboard).
                event.preventDefault();
                onToggle(event.shiftKey);
              }}
            />
          </Box>
        </Box>
        {isSelected && (
          <Box position="absolute" top={2} right={2} background="primary600" hasRadius paddingLeft={2} paddingRight={2} paddingTop={1} paddingBottom={1}>
            <Typography variant="pi" fontWeight="bold" textColor="neutral0" aria-hidden>
              {order + 1}
            </Typography>
          </Box>
        )}
      </Box>
      <Flex justifyContent="space-between" alignItems="flex-start" paddingTop={2} gap={1} wrap="wrap">
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="pi" textColor="neutral600">
            {formatDate(image.takenAt)}
          </Typography>
          <Flex gap={1} wrap="wrap">
            {image.label && <Badge>{image.label}</Badge>}
            {image.source !== 'upload' && <Badge variant="secondary">{sourceWords(image.source, t)}</Badge>}
            {image.markupOf && (
              <Badge variant="alternative" title={t('photo.markedUp.title', 'A marked-up version, shown beside its original')}>
                {t('photo.markedUp', 'Marked up')}
              </Badge>
            )}
          </Flex>
        </Flex>
        {canModify && (
          <Flex gap={1}>
            <IconButton label={t('photo.editLabel', 'Edit label')} variant="ghost" size="S" onClick={onEditLabel}>
              <Pencil />
            </IconButton>
            {/* A note's, form's or appointment's photo leaves the gallery with its record, not from here. */}
            {image.source === 'upload' && (
              <IconButton label={t('photo.delete', 'Delete photo')} variant="ghost" size="S" onClick={onDelete}>
                <Trash />
              </IconButton>
            )}
          </Flex>
        )}
      </Flex>
    </Box>
  );
};
