import { Badge, Box, Button, Flex, Tabs, Typography } from '@strapi/design-system';
import { Pencil, Upload } from '@strapi/icons';
import { BackButton, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { readClientTab, readProofingThread, withoutProofingThread } from '../../../shared/admin-paths';
import type { AdminImage, ClientSummary } from '../../../shared/contracts';
import { ActivityTimeline } from '../components/ActivityTimeline';
import { CountsSummary } from '../components/CountsSummary';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ClientFormModal } from '../components/ClientFormModal';
import { LabelDialog } from '../components/LabelDialog';
import { MergeHistory, MergeModal } from '../components/MergePanel';
import { PhotoBatchBar } from '../components/PhotoBatchBar';
import { filterParams, PhotoFilter } from '../components/PhotoFilter';
import { PHOTO_TILE_CHROME_PX, PhotoTile } from '../components/PhotoTile';
import { aspectOf, JustifiedGrid, justifiedItem } from '../components/JustifiedGrid';
import { PhotoViewer } from '../components/PhotoViewer';
import { SharingPanel } from '../components/SharingPanel';
import { UploadDialog } from '../components/UploadDialog';
import { usePhotoSelection } from '../hooks/usePhotoSelection';
import { useGalleryPermissions } from '../hooks/usePermissions';
import { errorMessage, useGalleryApi } from '../utils/api';
import { useT } from '../utils/translations';

const PAGE_SIZE = 30;

export const ClientGalleryPage = () => {
  const { documentId = '' } = useParams();
  const navigate = useNavigate();
  const api = useGalleryApi();
  const { getClient, listImages, deletePhoto, setLabel, clientActivity } = api;
  const { canModify } = useGalleryPermissions();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [client, setClient] = useState<ClientSummary | null>(null);
  const [images, setImages] = useState<AdminImage[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [dropped, setDropped] = useState<File[] | undefined>(undefined);
  const [dropping, setDropping] = useState(false);
  const [toDelete, setToDelete] = useState<AdminImage | null>(null);
  const [labelling, setLabelling] = useState<AdminImage | null>(null);
  const location = useLocation();
  // A link to a proofing thread (the comment digest's "Reply in the admin") opens on Galleries & sharing, its dialog open.
  const thread = useMemo(() => readProofingThread(location.search), [location.search]);
  // The dashboard's rows open a tab by name (clientTabPath in shared/admin-paths.ts).
  const askedTab = useMemo(() => readClientTab(location.search), [location.search]);
  const [tab, setTab] = useState<string>(thread ? 'sharing' : (askedTab ?? 'photos'));
  useEffect(() => {
    if (thread) setTab('sharing');
    else if (askedTab) setTab(askedTab);
  }, [thread, askedTab]);
  const [viewing, setViewing] = useState<number | null>(null);
  const [editingClient, setEditingClient] = useState(false);
  const [merging, setMerging] = useState(false);
  const [mergeVersion, setMergeVersion] = useState(0);
  const [filter, setFilter] = useState('all');
  const latestRequest = useRef(0);

  const loadPage = useCallback(
    async (after?: string) => {
      const request = ++latestRequest.current;
      setLoading(true);
      try {
        const page = await listImages(documentId, { limit: PAGE_SIZE, cursor: after, ...filterParams(filter) });
        // A page for a filter the studio has since left is dropped.
        if (request !== latestRequest.current) return;
        // Keyset pages never overlap, so appending is safe even while photos are being added.
        setImages((previous) => (after ? [...previous, ...page.results] : page.results));
        setCursor(page.nextCursor);
      } catch {
        if (request === latestRequest.current) setError(true);
      } finally {
        if (request === latestRequest.current) setLoading(false);
      }
    },
    [documentId, listImages, filter],
  );

  const loadClient = useCallback(() => {
    getClient(documentId)
      .then(setClient)
      .catch(() => setError(true));
  }, [documentId, getClient]);
  const reload = useCallback(() => {
    loadClient();
    loadPage();
  }, [loadClient, loadPage]);

  useEffect(loadClient, [loadClient]);
  // A new filter starts the grid again from its first page (the client's details stay).
  useEffect(() => {
    loadPage();
  }, [loadPage]);

  const pageIds = useMemo(() => images.map((image) => image.documentId), [images]);
  const selection = usePhotoSelection(pageIds);
  const { selected } = selection;

  /** Photos gone from the page (deleted here or in a batch): out of the grid, the selection and the count. */
  const removed = (ids: string[]) => {
    setImages((current) => current.filter((i) => !ids.includes(i.documentId)));
    selection.drop(ids);
    setClient((current) => (current ? { ...current, imageCount: Math.max(0, current.imageCount - ids.length) } : current));
  };

  const compare = () => navigate(`compare?ids=${selected.join(',')}`);

  const loadActivity = useCallback(() => clientActivity(documentId), [clientActivity, documentId]);

  if (error) return <Page.Error />;

  return (
    <Layouts.Root>
      <Page.Title>{client ? t('client.pageTitle', '{name} · Client gallery', { name: client.name }) : t('plugin.name', 'Client gallery')}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback=".." />}
        title={client?.name ?? t('common.loading', 'Loading…')}
        subtitle={
          client
            ? [client.email, client.phone, t('client.photoCount', '{count, plural, one {# photo} other {# photos}}', { count: client.imageCount })]
                .filter(Boolean)
                .join(' · ')
            : undefined
        }
        primaryAction={
          canModify ? (
            <Flex gap={2} wrap="wrap">
              <Button variant="tertiary" startIcon={<Pencil />} onClick={() => setEditingClient(true)}>
                {t('client.edit', 'Edit')}
              </Button>
              {!client?.mergedInto && (
                <Button variant="secondary" onClick={() => setMerging(true)}>
                  {t('merge.open', 'Merge into…')}
                </Button>
              )}
              <Button startIcon={<Upload />} onClick={() => setUploading(true)}>
                {t('upload.title', 'Upload photos')}
              </Button>
            </Flex>
          ) : undefined
        }
        secondaryAction={
          client?.mergedInto ? (
            <Button variant="ghost" onClick={() => navigate(`../clients/${client.mergedInto!.documentId}`, { relative: 'path' })} data-testid="merged-into">
              <Badge variant="warning">{t('merge.mergedInto', 'Merged into {name}', { name: client.mergedInto.name })}</Badge>
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Tabs.Root value={tab} onValueChange={setTab} variant="simple">
          <Tabs.List aria-label={t('client.sections', 'Client gallery sections')} style={{ borderBottom: '1px solid #dcdce4' }}>
            <Tabs.Trigger value="photos">{t('client.tab.photos', 'Photos')}</Tabs.Trigger>
            <Tabs.Trigger value="sharing">{t('client.tab.sharing', 'Galleries & sharing')}</Tabs.Trigger>
            <Tabs.Trigger value="activity">{t('client.tab.activity', 'Activity')}</Tabs.Trigger>
          </Tabs.List>

          <Tabs.Content value="photos">
            <Box
              paddingTop={4}
              data-testid="photos-drop-target"
              style={dropping ? { outline: '2px dashed #4945ff', outlineOffset: 4, borderRadius: 4 } : undefined}
              onDragOver={(event: React.DragEvent) => {
                if (!canModify || !event.dataTransfer.types.includes('Files')) return;
                event.preventDefault();
                setDropping(true);
              }}
              onDragLeave={(event: React.DragEvent) => !event.currentTarget.contains(event.relatedTarget as Node) && setDropping(false)}
              onDrop={(event: React.DragEvent) => {
                if (!canModify) return;
                event.preventDefault();
                setDropping(false);
                setDropped(Array.from(event.dataTransfer.files));
                setUploading(true);
              }}
            >
              <MergeHistory clientDocumentId={documentId} canModify={canModify} version={mergeVersion} onUndone={reload} />
              <PhotoBatchBar
                images={images}
                selected={selected}
                pageIds={pageIds}
                canModify={canModify}
                clientDocumentId={documentId}
                onSelectAll={selection.selectAll}
                onClear={selection.clear}
                onCompare={compare}
                onLabelled={(ids, label) => setImages((current) => current.map((i) => (ids.includes(i.documentId) ? { ...i, label } : i)))}
                onDeleted={removed}
              />
              <PhotoFilter clientDocumentId={documentId} value={filter} onChange={setFilter} />
              {images.length === 0 && !loading && filter !== 'all' ? (
                <Box padding={8} background="neutral0" hasRadius shadow="tableShadow" data-testid="photo-filter-empty">
                  <Typography textColor="neutral600">{t('photos.filter.none', 'No photos match this filter.')}</Typography>
                </Box>
              ) : images.length === 0 && !loading ? (
                <Box padding={8} background="neutral0" hasRadius shadow="tableShadow">
                  <Flex direction="column" gap={3}>
                    <Typography variant="delta">{t('photos.empty.title', 'No photos yet')}</Typography>
                    <Typography textColor="neutral600">
                      {canModify
                        ? t('photos.empty.modify', 'Upload photos (or drop them here), or attach them to a note, form or appointment.')
                        : t('photos.empty.view', 'Photos uploaded by the studio will appear here.')}
                    </Typography>
                  </Flex>
                </Box>
              ) : (
                <JustifiedGrid testId="photo-grid">
                  {images.map((image, index) => (
                    <div key={image.documentId} style={justifiedItem(aspectOf(image.width, image.height), PHOTO_TILE_CHROME_PX)}>
                      <PhotoTile
                        image={image}
                        order={selected.indexOf(image.documentId)}
                        canModify={canModify}
                        onOpen={() => setViewing(index)}
                        onToggle={(range) => selection.toggle(image.documentId, range)}
                        onEditLabel={() => setLabelling(image)}
                        onDelete={() => setToDelete(image)}
                      />
                    </div>
                  ))}
                </JustifiedGrid>
              )}
              <Flex justifyContent="center" paddingTop={6}>
                {loading ? (
                  <Page.Loading />
                ) : (
                  cursor && (
                    <Button variant="secondary" onClick={() => loadPage(cursor)}>
                      {t('photos.loadMore', 'Load more')}
                    </Button>
                  )
                )}
              </Flex>
            </Box>
          </Tabs.Content>

          <Tabs.Content value="sharing">
            <Box paddingTop={4}>{tab === 'sharing' && (
                <SharingPanel
                  clientDocumentId={documentId}
                  canModify={canModify}
                  thread={thread}
                  onThreadClosed={() => navigate({ search: withoutProofingThread(location.search) }, { replace: true })}
                />
              )}</Box>
          </Tabs.Content>

          <Tabs.Content value="activity">
            <Box paddingTop={4}>
              <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
                {tab === 'activity' && <CountsSummary scope="clients" documentId={documentId} />}
                {tab === 'activity' && (
                  <ActivityTimeline load={loadActivity} emptyText={t('client.activity.empty', "No visitor activity on this client's galleries yet.")} />
                )}
              </Box>
            </Box>
          </Tabs.Content>
        </Tabs.Root>
      </Layouts.Content>

      {canModify && (
        <UploadDialog
          clientDocumentId={documentId}
          open={uploading}
          initialFiles={dropped}
          onClose={() => {
            setUploading(false);
            setDropped(undefined);
          }}
          onUploaded={() => {
            selection.clear();
            reload();
          }}
        />
      )}
      {viewing !== null && (
        <PhotoViewer
          images={images}
          index={viewing}
          canModify={canModify}
          onIndex={setViewing}
          onClose={() => setViewing(null)}
          onEditLabel={setLabelling}
          onDelete={(image) => {
            setViewing(null);
            setToDelete(image);
          }}
          onMarkup={(image) => navigate(`markup/${image.documentId}`)}
          onCompareWith={(image) => {
            selection.putFirst(image.documentId);
            setViewing(null);
          }}
        />
      )}
      {editingClient && client && (
        <ClientFormModal
          client={client}
          onClose={() => setEditingClient(false)}
          onSubmit={async (values) => {
            setClient(await api.updateClient(documentId, values));
            setEditingClient(false);
          }}
        />
      )}
      {merging && client && (
        <MergeModal
          client={client}
          onClose={() => setMerging(false)}
          onMerged={() => {
            setMerging(false);
            setMergeVersion((v) => v + 1);
            toggleNotification({ type: 'success', message: t('merge.done', 'Clients merged') });
            reload();
          }}
        />
      )}
      <LabelDialog
        image={labelling}
        onClose={() => setLabelling(null)}
        onSave={async (label) => {
          if (!labelling) return;
          const updated = await setLabel(labelling.documentId, label);
          setImages((current) => current.map((i) => (i.documentId === updated.documentId ? updated : i)));
          toggleNotification({
            type: 'success',
            message: updated.label ? t('label.set', 'Label set to “{label}”', { label: updated.label }) : t('label.removed', 'Label removed'),
          });
          setLabelling(null);
        }}
      />
      <ConfirmDialog
        open={toDelete !== null}
        title={t('photo.delete.title', 'Delete this photo?')}
        body={t(
          'photo.delete.body',
          'The photo, its original file and every size made from it are deleted, and it leaves every gallery it was in. This cannot be undone.',
        )}
        confirmLabel={t('batch.delete', 'Delete')}
        onClose={() => setToDelete(null)}
        onConfirm={async () => {
          if (!toDelete) return;
          try {
            await deletePhoto(toDelete.documentId);
            removed([toDelete.documentId]);
            toggleNotification({ type: 'success', message: t('photo.deleted', 'Photo deleted') });
          } catch (e) {
            toggleNotification({ type: 'danger', message: errorMessage(e) });
          }
          setToDelete(null);
        }}
      />
    </Layouts.Root>
  );
};
