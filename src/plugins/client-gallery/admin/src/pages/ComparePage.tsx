import { Badge, Box, Button, Checkbox, Flex, IconButton, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { ArrowLeft, ArrowRight, ArrowsCounterClockwise, Download, Minus, Plus } from '@strapi/icons';
import { BackButton, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { AdminImage, ClientSummary } from '../../../shared/contracts';
import { useGalleryPermissions } from '../hooks/usePermissions';
import { errorMessage, saveBlob, useGalleryApi } from '../utils/api';
import { formatDate, sourceWords } from '../utils/format';
import { useNarrow } from '../hooks/useNarrow';
import { useT } from '../utils/translations';

const MAX_PANES = 4;
const MIN_ZOOM = 1;
const MAX_ZOOM = 8;

interface View {
  zoom: number;
  /** Pan as a fraction of the pane size, so panes of different sizes stay aligned. */
  x: number;
  y: number;
}
const RESET: View = { zoom: 1, x: 0, y: 0 };

const clampView = ({ zoom, x, y }: View): View => {
  const z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
  // At zoom z the image may move by at most (z - 1) / 2 of the pane each way before showing an edge.
  const limit = (z - 1) / 2;
  return { zoom: z, x: Math.min(limit, Math.max(-limit, x)), y: Math.min(limit, Math.max(-limit, y)) };
};

/**
 * Side-by-side comparison of 2–4 photos of one client (e.g. before/after), with date and label
 * under each. Zoom and pan are shared across panes while "Synchronized zoom" is on.
 * Keyboard: ←/→ step the active pane through the client's photos, 1–4 choose the pane,
 * +/− zoom, 0 resets, Esc goes back to the gallery.
 */
export const ComparePage = () => {
  const { documentId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { getClient, listAllImages, downloadComparison, saveComparison } = useGalleryApi();
  const { canModify } = useGalleryPermissions();
  const { toggleNotification } = useNotification();
  const t = useT();
  const narrow = useNarrow();
  const [width, setWidth] = useState('2048');
  const [busy, setBusy] = useState(false);
  const [client, setClient] = useState<ClientSummary | null>(null);
  const [all, setAll] = useState<AdminImage[] | null>(null);
  const [error, setError] = useState(false);
  const [active, setActive] = useState(0);
  const [synced, setSynced] = useState(true);
  const [views, setViews] = useState<View[]>([RESET, RESET, RESET, RESET]);
  const drag = useRef<{ pane: number; startX: number; startY: number; view: View; width: number; height: number } | null>(null);

  const ids = (params.get('ids') ?? '').split(',').filter(Boolean).slice(0, MAX_PANES);

  useEffect(() => {
    getClient(documentId).then(setClient, () => setError(true));
    listAllImages(documentId).then(setAll, () => setError(true));
  }, [documentId, getClient, listAllImages]);

  const panes = all ? ids.map((id) => all.find((image) => image.documentId === id) ?? null) : [];

  const setIds = useCallback((next: string[]) => setParams({ ids: next.join(',') }, { replace: true }), [setParams]);

  const updateView = useCallback(
    (pane: number, change: (view: View) => View) =>
      setViews((current) =>
        synced ? current.map(() => clampView(change(current[pane]))) : current.map((view, i) => (i === pane ? clampView(change(view)) : view)),
      ),
    [synced],
  );

  const step = useCallback(
    (pane: number, delta: number) => {
      if (!all || !ids[pane]) return;
      const index = all.findIndex((image) => image.documentId === ids[pane]);
      const next = all[index + delta];
      if (index < 0 || !next) return;
      setIds(ids.map((id, i) => (i === pane ? next.documentId : id)));
    },
    [all, ids, setIds],
  );

  /** Swap photo positions: the panes' order reversed (2 photos trade places), views follow their photos. */
  const swap = useCallback(() => {
    if (ids.length < 2) return;
    setIds([...ids].reverse());
    setViews((current) => [...current.slice(0, ids.length)].reverse().concat(current.slice(ids.length)));
    setActive((pane) => ids.length - 1 - pane);
  }, [ids, setIds]);

  /** Run a Modify action on the comparison as shown (the panes' order), reporting failures. */
  const withComparison = async (action: (shown: string[]) => Promise<void>) => {
    setBusy(true);
    try {
      await action(ids);
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      // The list is newest first: left goes back in time (older), right forward (newer).
      if (event.key === 'ArrowLeft') step(active, 1);
      else if (event.key === 'ArrowRight') step(active, -1);
      else if (event.key === '+' || event.key === '=') updateView(active, (v) => ({ ...v, zoom: v.zoom * 1.25 }));
      else if (event.key === '-' || event.key === '_') updateView(active, (v) => ({ ...v, zoom: v.zoom / 1.25 }));
      else if (event.key === '0') setViews([RESET, RESET, RESET, RESET]);
      else if (event.key === 's' || event.key === 'S') swap();
      else if (/^[1-4]$/.test(event.key) && Number(event.key) <= ids.length) setActive(Number(event.key) - 1);
      else if (event.key === 'Escape') navigate('..', { relative: 'path' });
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, ids.length, navigate, step, swap, updateView]);

  if (error) return <Page.Error />;

  const activeView = views[active] ?? RESET;

  return (
    <Layouts.Root>
      <Page.Title>{client ? t('compare.titleFor', 'Compare · {name}', { name: client.name }) : t('compare.title', 'Compare photos')}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton />}
        title={client ? t('compare.titleFor', 'Compare · {name}', { name: client.name }) : t('compare.title', 'Compare photos')}
        subtitle={
          narrow ? undefined : t('compare.keys', '← older / → newer photo in the highlighted panel · 1–4 pick a panel · S swap · + − zoom · 0 reset · Esc back')
        }
        primaryAction={
          <Flex gap={2} wrap="wrap">
            <IconButton
              label={t('compare.zoomOut', 'Zoom out')}
              onClick={() => updateView(active, (v) => ({ ...v, zoom: v.zoom / 1.25 }))}
              disabled={activeView.zoom <= MIN_ZOOM}
            >
              <Minus />
            </IconButton>
            <Box minWidth="56px">
              <Typography textAlign="center" tag="div" fontWeight="bold" data-testid="zoom-level">
                {Math.round(activeView.zoom * 100)}%
              </Typography>
            </Box>
            <IconButton
              label={t('compare.zoomIn', 'Zoom in')}
              onClick={() => updateView(active, (v) => ({ ...v, zoom: v.zoom * 1.25 }))}
              disabled={activeView.zoom >= MAX_ZOOM}
            >
              <Plus />
            </IconButton>
            <Button variant="tertiary" onClick={() => setViews([RESET, RESET, RESET, RESET])}>
              {t('compare.reset', 'Reset')}
            </Button>
            <Button variant="secondary" startIcon={<ArrowsCounterClockwise />} onClick={swap} disabled={ids.length < 2}>
              {t('compare.swap', 'Swap photo positions')}
            </Button>
            {canModify && (
              <>
                <Box minWidth="120px">
                  <SingleSelect
                    aria-label={t('compare.width', 'Comparison width')}
                    value={width}
                    onChange={(value: string | number) => setWidth(String(value))}
                    size="S"
                  >
                    <SingleSelectOption value="2048">{t('compare.px', '{width} px', { width: '2048' })}</SingleSelectOption>
                    <SingleSelectOption value="4096">{t('compare.px', '{width} px', { width: '4096' })}</SingleSelectOption>
                  </SingleSelect>
                </Box>
                <Button
                  startIcon={<Download />}
                  disabled={busy || ids.length < 2}
                  onClick={() => withComparison(async (shown) => saveBlob(await downloadComparison(shown, Number(width)), `comparison-${width}.jpg`))}
                >
                  {t('compare.download', 'Download comparison')}
                </Button>
                <Button
                  variant="secondary"
                  disabled={busy || ids.length < 2}
                  onClick={() =>
                    withComparison(async (shown) => {
                      await saveComparison(shown, Number(width));
                      toggleNotification({ type: 'success', message: t('compare.saved', "Comparison saved to the client's photos") });
                    })
                  }
                >
                  {t('compare.save', 'Save to gallery')}
                </Button>
              </>
            )}
            <Box paddingLeft={2}>
              <Checkbox checked={synced} onCheckedChange={(v: boolean | 'indeterminate') => setSynced(v === true)}>
                {t('compare.synced', 'Synchronized zoom')}
              </Checkbox>
            </Box>
          </Flex>
        }
      />
      <Layouts.Content>
        {ids.length < 2 ? (
          <Box padding={6} background="neutral0" hasRadius shadow="tableShadow">
            <Typography>{t('compare.tooFew', 'Select at least two photos in the gallery to compare them.')}</Typography>
          </Box>
        ) : !all ? (
          <Page.Loading />
        ) : (
          <Box
            data-testid="compare-panes"
            style={{ display: 'grid', gridTemplateColumns: narrow ? 'minmax(0, 1fr)' : `repeat(${panes.length}, minmax(0, 1fr))`, gap: narrow ? 12 : 16 }}
          >
            {panes.map((image, pane) => {
              const view = views[pane] ?? RESET;
              const index = image ? all.findIndex((i) => i.documentId === image.documentId) : -1;
              return (
                <Box
                  key={pane}
                  background="neutral0"
                  hasRadius
                  shadow="tableShadow"
                  padding={2}
                  data-testid="compare-pane"
                  onClick={() => setActive(pane)}
                  style={{ outline: pane === active ? '2px solid #4945ff' : '2px solid transparent' }}
                >
                  <Box
                    position="relative"
                    hasRadius
                    overflow="hidden"
                    background="neutral800"
                    style={{
                      // On a phone the panes stack, each as tall as its photo at full width (no bands of empty space).
                      ...(narrow
                        ? { width: '100%', aspectRatio: `${image?.width ?? 4} / ${image?.height ?? 3}`, maxHeight: '70vh' }
                        : { height: 'calc(100vh - 330px)', minHeight: 320 }),
                      cursor: view.zoom > 1 ? 'grab' : 'zoom-in',
                      touchAction: 'none',
                    }}
                    onWheel={(event: React.WheelEvent) => {
                      setActive(pane);
                      updateView(pane, (v) => ({ ...v, zoom: v.zoom * (event.deltaY < 0 ? 1.15 : 1 / 1.15) }));
                    }}
                    onDoubleClick={() => updateView(pane, (v) => (v.zoom > 1 ? RESET : { ...v, zoom: 2 }))}
                    onPointerDown={(event: React.PointerEvent<HTMLDivElement>) => {
                      const rect = event.currentTarget.getBoundingClientRect();
                      drag.current = { pane, startX: event.clientX, startY: event.clientY, view, width: rect.width, height: rect.height };
                      event.currentTarget.setPointerCapture(event.pointerId);
                    }}
                    onPointerMove={(event: React.PointerEvent) => {
                      const d = drag.current;
                      if (!d || d.pane !== pane) return;
                      updateView(pane, () => ({
                        zoom: d.view.zoom,
                        x: d.view.x + (event.clientX - d.startX) / d.width,
                        y: d.view.y + (event.clientY - d.startY) / d.height,
                      }));
                    }}
                    onPointerUp={() => {
                      drag.current = null;
                    }}
                  >
                    {image?.previewUrl ? (
                      <img
                        src={image.previewUrl}
                        alt={image.label ?? t('photo.takenOn', 'Photo taken {date}', { date: formatDate(image.takenAt) })}
                        draggable={false}
                        data-testid="compare-image"
                        style={{
                          width: '100%',
                          height: '100%',
                          objectFit: 'contain',
                          transform: `translate(${view.x * 100}%, ${view.y * 100}%) scale(${view.zoom})`,
                          transformOrigin: 'center',
                          transition: drag.current ? 'none' : 'transform 80ms ease-out',
                          userSelect: 'none',
                        }}
                      />
                    ) : (
                      <Flex height="100%" justifyContent="center">
                        <Typography textColor="neutral0">
                          {image ? t('compare.noPreview', 'No preview available') : t('compare.notFound', 'Photo not found (deleted, or not visible to you)')}
                        </Typography>
                      </Flex>
                    )}
                  </Box>
                  <Flex justifyContent="space-between" alignItems="center" paddingTop={2} gap={2}>
                    <IconButton
                      label={t('compare.previous', 'Previous (older) photo')}
                      variant="ghost"
                      disabled={index < 0 || index >= all.length - 1}
                      onClick={() => step(pane, 1)}
                    >
                      <ArrowLeft />
                    </IconButton>
                    <Flex direction="column" gap={1} data-testid="compare-caption">
                      <Typography fontWeight="bold">{image ? formatDate(image.takenAt) : '—'}</Typography>
                      <Flex gap={1}>
                        {image?.label ? (
                          <Badge>{image.label}</Badge>
                        ) : (
                          <Typography variant="pi" textColor="neutral500">
                            {t('compare.noLabel', 'No label')}
                          </Typography>
                        )}
                        {image && image.source !== 'upload' && <Badge variant="secondary">{sourceWords(image.source, t)}</Badge>}
                      </Flex>
                    </Flex>
                    <IconButton label={t('compare.next', 'Next (newer) photo')} variant="ghost" disabled={index <= 0} onClick={() => step(pane, -1)}>
                      <ArrowRight />
                    </IconButton>
                  </Flex>
                </Box>
              );
            })}
          </Box>
        )}
      </Layouts.Content>
    </Layouts.Root>
  );
};
