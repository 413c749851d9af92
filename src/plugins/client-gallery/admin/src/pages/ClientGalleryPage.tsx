import { Badge, Box, Button, Checkbox, Flex, Grid, IconButton, Tabs, Typography } from '@strapi/design-system';
import { Duplicate, Pencil, Trash, Upload } from '@strapi/icons';
import { BackButton, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import type { AdminImage, ClientSummary } from '../../../shared/contracts';
import { ActivityTimeline } from '../components/ActivityTimeline';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ClientFormModal } from '../components/ClientFormModal';
import { LabelDialog } from '../components/LabelDialog';
import { MergeHistory, MergeModal } from '../components/MergePanel';
import { PhotoViewer } from '../components/PhotoViewer';
import { SharingPanel } from '../components/SharingPanel';
import { UploadDialog } from '../components/UploadDialog';
import { useGalleryPermissions } from '../hooks/usePermissions';
import { errorMessage, useGalleryApi } from '../utils/api';
import { formatDate, plural, sourceWords } from '../utils/format';

const PAGE_SIZE = 30;
export const MAX_COMPARE = 4;

export const ClientGalleryPage = () => {
  const { documentId = '' } = useParams();
  const navigate = useNavigate();
  const api = useGalleryApi();
  const { getClient, listImages, deletePhoto, setLabel, clientActivity } = api;
  const { canModify } = useGalleryPermissions();
  const { toggleNotification } = useNotification();
  const [client, setClient] = useState<ClientSummary | null>(null);
  const [images, setImages] = useState<AdminImage[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [toDelete, setToDelete] = useState<AdminImage | null>(null);
  const [labelling, setLabelling] = useState<AdminImage | null>(null);
  const [tab, setTab] = useState('photos');
  const [viewing, setViewing] = useState<number | null>(null);
  const [editingClient, setEditingClient] = useState(false);
  const [merging, setMerging] = useState(false);
  const [mergeVersion, setMergeVersion] = useState(0);

  const loadPage = useCallback(
    async (after?: string) => {
      setLoading(true);
      try {
        const page = await listImages(documentId, { limit: PAGE_SIZE, cursor: after });
        // Keyset pages never overlap, so appending is safe even while photos are being added.
        setImages((previous) => (after ? [...previous, ...page.results] : page.results));
        setCursor(page.nextCursor);
      } catch {
        setError(true);
      } finally {
        setLoading(false);
      }
    },
    [documentId, listImages],
  );

  const reload = useCallback(() => {
    getClient(documentId).then(setClient).catch(() => setError(true));
    loadPage();
  }, [documentId, getClient, loadPage]);

  useEffect(reload, [reload]);

  const toggle = (id: string) =>
    setSelected((current) => (current.includes(id) ? current.filter((s) => s !== id) : current.length >= MAX_COMPARE ? current : [...current, id]));

  const compare = () => navigate(`compare?ids=${selected.join(',')}`);

  const loadActivity = useCallback(() => clientActivity(documentId), [clientActivity, documentId]);

  if (error) return <Page.Error />;

  return (
    <Layouts.Root>
      <Page.Title>{client ? `${client.name} · Client gallery` : 'Client gallery'}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback=".." />}
        title={client?.name ?? 'Loading…'}
        subtitle={client ? [client.email, client.phone, plural(client.imageCount, 'photo')].filter(Boolean).join(' · ') : undefined}
        primaryAction={
          canModify ? (
            <Flex gap={2}>
              <Button variant="tertiary" startIcon={<Pencil />} onClick={() => setEditingClient(true)}>
                Edit
              </Button>
              {!client?.mergedInto && (
                <Button variant="secondary" onClick={() => setMerging(true)}>
                  Merge into…
                </Button>
              )}
              <Button startIcon={<Upload />} onClick={() => setUploading(true)}>
                Upload photos
              </Button>
            </Flex>
          ) : undefined
        }
        secondaryAction={
          client?.mergedInto ? (
            <Button variant="ghost" onClick={() => navigate(`../clients/${client.mergedInto!.documentId}`, { relative: 'path' })} data-testid="merged-into">
              <Badge variant="warning">Merged into {client.mergedInto.name}</Badge>
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Tabs.Root value={tab} onValueChange={setTab} variant="simple">
          <Tabs.List aria-label="Client gallery sections" style={{ borderBottom: '1px solid #dcdce4' }}>
            <Tabs.Trigger value="photos">Photos</Tabs.Trigger>
            <Tabs.Trigger value="sharing">Galleries & sharing</Tabs.Trigger>
            <Tabs.Trigger value="activity">Activity</Tabs.Trigger>
          </Tabs.List>

          <Tabs.Content value="photos">
            <Box paddingTop={4}>
              <MergeHistory clientDocumentId={documentId} canModify={canModify} version={mergeVersion} onUndone={reload} />
              <Flex
                justifyContent="space-between"
                alignItems="center"
                padding={3}
                paddingLeft={4}
                marginBottom={4}
                background={selected.length ? 'primary100' : 'neutral0'}
                hasRadius
                shadow="tableShadow"
              >
                <Typography variant="omega" textColor={selected.length ? 'primary700' : 'neutral600'} data-testid="selection-status">
                  {selected.length === 0
                    ? `Newest first. Select 2 to ${MAX_COMPARE} photos to compare them side by side.`
                    : `${selected.length} selected${selected.length >= MAX_COMPARE ? ' (maximum)' : ''}`}
                </Typography>
                <Flex gap={2}>
                  {selected.length > 0 && (
                    <Button variant="tertiary" onClick={() => setSelected([])}>
                      Clear
                    </Button>
                  )}
                  <Button startIcon={<Duplicate />} disabled={selected.length < 2} onClick={compare}>
                    Compare{selected.length >= 2 ? ` (${selected.length})` : ''}
                  </Button>
                </Flex>
              </Flex>
              {images.length === 0 && !loading ? (
                <Box padding={8} background="neutral0" hasRadius shadow="tableShadow">
                  <Flex direction="column" gap={3}>
                    <Typography variant="delta">No photos yet</Typography>
                    <Typography textColor="neutral600">
                      {canModify ? 'Upload photos, or attach them to a note, form or appointment.' : 'Photos uploaded by the studio will appear here.'}
                    </Typography>
                  </Flex>
                </Box>
              ) : (
                <Grid.Root gap={4}>
                  {images.map((image) => {
                    const order = selected.indexOf(image.documentId);
                    const isSelected = order >= 0;
                    const description = image.label ?? `Photo taken ${formatDate(image.takenAt)}`;
                    return (
                      <Grid.Item key={image.documentId} col={3} s={6} xs={12} direction="column" alignItems="stretch">
                        <Box
                          background="neutral0"
                          shadow="tableShadow"
                          hasRadius
                          padding={2}
                          data-testid="gallery-image"
                          data-document-id={image.documentId}
                          style={{ outline: isSelected ? '2px solid #4945ff' : '2px solid transparent', transition: 'outline-color 120ms' }}
                        >
                          <Box position="relative" hasRadius overflow="hidden" background="neutral150" style={{ aspectRatio: '4 / 3', cursor: 'zoom-in' }} onClick={() => setViewing(images.indexOf(image))} data-testid="open-photo">
                            {image.thumbUrl && (
                              <img src={image.thumbUrl} alt={description} loading="lazy" style={{ width: '100%', height: '100%', objectFit: 'contain', display: 'block' }} />
                            )}
                            <Box position="absolute" top={2} left={2} background="neutral0" hasRadius padding={1} onClick={(event: React.MouseEvent) => event.stopPropagation()}>
                              <Checkbox
                                aria-label={`Select for comparison: ${description}`}
                                checked={isSelected}
                                disabled={!isSelected && selected.length >= MAX_COMPARE}
                                onCheckedChange={() => toggle(image.documentId)}
                              />
                            </Box>
                            {isSelected && (
                              <Box position="absolute" top={2} right={2} background="primary600" hasRadius paddingLeft={2} paddingRight={2} paddingTop={1} paddingBottom={1}>
                                <Typography variant="pi" fontWeight="bold" textColor="neutral0" aria-hidden>
                                  {order + 1}
                                </Typography>
                              </Box>
                            )}
                          </Box>
                          <Flex justifyContent="space-between" alignItems="flex-start" paddingTop={2}>
                            <Flex direction="column" alignItems="flex-start" gap={1}>
                              <Typography variant="pi" textColor="neutral600">{formatDate(image.takenAt)}</Typography>
                              <Flex gap={1} wrap="wrap">
                                {image.label && <Badge>{image.label}</Badge>}
                                {image.source !== 'upload' && <Badge variant="secondary">{sourceWords(image.source)}</Badge>}
                                {image.markupOf && (
                                  <Badge variant="alternative" title="A marked-up version, shown beside its original">
                                    Marked up
                                  </Badge>
                                )}
                              </Flex>
                            </Flex>
                            {canModify && (
                              <Flex gap={1}>
                                <IconButton label="Edit label" variant="ghost" size="S" onClick={() => setLabelling(image)}>
                                  <Pencil />
                                </IconButton>
                                {/* A note's, form's or appointment's photo leaves the gallery with its record, not from here. */}
                                {image.source === 'upload' && (
                                  <IconButton label="Delete photo" variant="ghost" size="S" onClick={() => setToDelete(image)}>
                                    <Trash />
                                  </IconButton>
                                )}
                              </Flex>
                            )}
                          </Flex>
                        </Box>
                      </Grid.Item>
                    );
                  })}
                </Grid.Root>
              )}
              <Flex justifyContent="center" paddingTop={6}>
                {loading ? <Page.Loading /> : cursor && <Button variant="secondary" onClick={() => loadPage(cursor)}>Load more</Button>}
              </Flex>
            </Box>
          </Tabs.Content>

          <Tabs.Content value="sharing">
            <Box paddingTop={4}>{tab === 'sharing' && <SharingPanel clientDocumentId={documentId} canModify={canModify} />}</Box>
          </Tabs.Content>

          <Tabs.Content value="activity">
            <Box paddingTop={4}>
              <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
                {tab === 'activity' && <ActivityTimeline load={loadActivity} emptyText="No visitor activity on this client's galleries yet." />}
              </Box>
            </Box>
          </Tabs.Content>
        </Tabs.Root>
      </Layouts.Content>

      {canModify && (
        <UploadDialog
          clientDocumentId={documentId}
          open={uploading}
          onClose={() => setUploading(false)}
          onUploaded={() => {
            setSelected([]);
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
            setSelected((current) => (current.includes(image.documentId) ? current : [image.documentId, ...current].slice(0, MAX_COMPARE)));
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
            toggleNotification({ type: 'success', message: 'Clients merged' });
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
          toggleNotification({ type: 'success', message: updated.label ? `Label set to “${updated.label}”` : 'Label removed' });
          setLabelling(null);
        }}
      />
      <ConfirmDialog
        open={toDelete !== null}
        title="Delete this photo?"
        body="The photo, its original file and every size made from it are deleted, and it leaves every gallery it was in. This cannot be undone."
        confirmLabel="Delete"
        onClose={() => setToDelete(null)}
        onConfirm={async () => {
          if (!toDelete) return;
          try {
            await deletePhoto(toDelete.documentId);
            setImages((current) => current.filter((i) => i.documentId !== toDelete.documentId));
            setSelected((current) => current.filter((id) => id !== toDelete.documentId));
            setClient((current) => (current ? { ...current, imageCount: Math.max(0, current.imageCount - 1) } : current));
            toggleNotification({ type: 'success', message: 'Photo deleted' });
          } catch (e) {
            toggleNotification({ type: 'danger', message: errorMessage(e) });
          }
          setToDelete(null);
        }}
      />
    </Layouts.Root>
  );
};
