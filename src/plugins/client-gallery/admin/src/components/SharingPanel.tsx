import { Badge, Box, Button, Flex, Loader, Modal, Typography } from '@strapi/design-system';
import { Duplicate, Eye, EyeStriked, Images, Mail, Pencil, Plus, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import type { ProofingThreadRef } from '../../../shared/admin-paths';
import type { AdminGallery, AdminLink, IssuedLinkResponse } from '../../../shared/contracts';
import { errorMessage, useGalleryApi } from '../utils/api';
import { formatDate, linkRecipient } from '../utils/format';
import { msg, useT, type Message } from '../utils/translations';
import { LinkTable } from './LinkTable';
import { ActivityTimeline } from './ActivityTimeline';
import { ConfirmDialog } from './ConfirmDialog';
import { GalleryDetailsModal, type GalleryFormMode } from './GalleryDetailsModal';
import { GalleryCurationModal } from './GalleryCurationModal';
import { LinkSettingsModal, type LinkFormMode, type LinkFormValues } from './LinkSettingsModal';
import { ProofingModal } from './ProofingModal';
import { TokenModal } from './TokenModal';

/** A gallery's status in words (the raw value is an enum). */
const STATUS_WORDS: Record<string, Message> = {
  proofing: msg('gallery.status.proofing', 'Proofing'),
  locked: msg('gallery.status.locked', 'Locked'),
  ready: msg('gallery.status.ready', 'Ready'),
  archived: msg('gallery.status.archived', 'Archived'),
};

type Pending = { action: 'revoke' | 'regenerate'; link: AdminLink } | null;

/** One gallery: its status and its links, with the studio's gallery and link actions for Modify users. */
interface GalleryLinksProps {
  gallery: AdminGallery;
  clientDocumentId: string;
  canModify: boolean;
  onChanged(gallery: AdminGallery): void;
  onDuplicated(gallery: AdminGallery): void;
  onDeleted(documentId: string): void;
  /** A thread to open this gallery's Proofing dialog on (a link from the comment digest). */
  thread?: ProofingThread | null;
  onThreadClosed?(): void;
}

type ProofingThread = Omit<ProofingThreadRef, 'clientDocumentId'>;

const GalleryLinks = ({ gallery, clientDocumentId, canModify, onChanged, onDuplicated, onDeleted, thread, onThreadClosed }: GalleryLinksProps) => {
  const api = useGalleryApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [links, setLinks] = useState<AdminLink[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState<LinkFormMode | null>(null);
  const [issued, setIssued] = useState<{ response: IssuedLinkResponse; title: string } | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [activityFor, setActivityFor] = useState<AdminLink | null>(null);
  const [editing, setEditing] = useState(false);
  const [proofing, setProofing] = useState(Boolean(thread));
  useEffect(() => {
    if (thread) setProofing(true);
  }, [thread]);
  const [publishing, setPublishing] = useState(false);
  const [curating, setCurating] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const refresh = useCallback(() => {
    api.listLinks(gallery.documentId).then(setLinks, (e) => setError(errorMessage(e)));
  }, [api, gallery.documentId]);
  useEffect(refresh, [refresh]);

  const replace = (link: AdminLink) => setLinks((current) => (current ?? []).map((l) => (l.documentId === link.documentId ? link : l)));
  const fail = (e: unknown) => toggleNotification({ type: 'danger', message: errorMessage(e) });

  const submitForm = async ({ email, name, settings }: LinkFormValues) => {
    if (!form) return;
    if (form.kind === 'edit') {
      replace(await api.updateLink(form.link.documentId, settings));
      toggleNotification({ type: 'success', message: t('link.saved', 'Link settings saved') });
    } else if (form.kind === 'general') {
      const { recipientName: _unused, ...rest } = settings;
      setIssued({ response: await api.createLink(gallery.documentId, { kind: 'general', ...rest }), title: t('link.created', 'General link created') });
      refresh();
    } else {
      const { recipientName: _unused, ...rest } = settings;
      setIssued({
        response: await api.shareWithClient(gallery.documentId, { email, ...(name ? { name } : {}), ...rest }),
        title: t('link.shared', 'Shared with client'),
      });
      refresh();
    }
    setForm(null);
  };

  const confirmPending = async () => {
    if (!pending) return;
    try {
      if (pending.action === 'revoke') {
        replace(await api.revokeLink(pending.link.documentId));
        toggleNotification({ type: 'success', message: t('link.revoked', 'Link revoked') });
      } else {
        const response = await api.regenerateLink(pending.link.documentId);
        replace(response.data);
        setIssued({ response, title: t('link.regenerated', 'New link generated') });
      }
    } catch (e) {
      fail(e);
    }
    setPending(null);
  };

  const retry = async (link: AdminLink) => {
    try {
      const response = await api.retryInvitation(link.documentId);
      replace(response.data);
      setIssued({ response, title: t('link.invitationResent', 'Invitation sent again') });
    } catch (e) {
      fail(e);
    }
  };

  const hasLiveGeneral = (links ?? []).some((l) => l.kind === 'general' && l.state !== 'revoked');

  const togglePublished = async () => {
    setPublishing(true);
    try {
      onChanged(await api.setGalleryPublished(gallery.documentId, !gallery.published));
      toggleNotification({
        type: 'success',
        message: gallery.published
          ? t('gallery.unpublished', 'Gallery unpublished: its links show it as Unavailable')
          : t('gallery.published', 'Gallery published'),
      });
    } catch (e) {
      fail(e);
    } finally {
      setPublishing(false);
    }
  };

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" data-testid="gallery-card" data-gallery={gallery.documentId}>
      <Flex padding={5} justifyContent="space-between" alignItems="flex-start" gap={4} wrap="wrap">
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Flex gap={2} wrap="wrap">
            <Typography variant="delta" tag="h3">
              {gallery.title}
            </Typography>
            <Badge>{STATUS_WORDS[gallery.status] ? t(STATUS_WORDS[gallery.status]) : gallery.status}</Badge>
            {!gallery.published && <Badge variant="warning">{t('gallery.unavailable', 'Unavailable (unpublished)')}</Badge>}
          </Flex>
          <Typography variant="pi" textColor="neutral600">
            {t('client.photoCount', '{count, plural, one {# photo} other {# photos}}', { count: gallery.imageCount })}
            {gallery.shootDate ? ` · ${t('gallery.shot', 'shot {date}', { date: formatDate(gallery.shootDate, false) })}` : ''}
            {gallery.deadline ? ` · ${t('gallery.deadline', 'selection deadline {date}', { date: formatDate(gallery.deadline, false) })}` : ''}
          </Typography>
        </Flex>
        <Button variant="secondary" data-testid="open-proofing" onClick={() => setProofing(true)}>
          {t('gallery.proofing', 'Proofing')}
        </Button>
        {canModify && (
          <Flex gap={2} wrap="wrap">
            <Button variant="tertiary" startIcon={<Pencil />} onClick={() => setEditing(true)}>
              {t('gallery.edit', 'Edit details')}
            </Button>
            <Button variant="tertiary" startIcon={<Images />} onClick={() => setCurating(true)}>
              {t('gallery.curate', 'Curate photos')}
            </Button>
            <Button
              variant="tertiary"
              startIcon={<Duplicate />}
              onClick={async () => {
                try {
                  onDuplicated(await api.duplicateGallery(gallery.documentId));
                  toggleNotification({ type: 'success', message: t('gallery.duplicated', 'Gallery duplicated (unpublished, no links)') });
                } catch (e) {
                  toggleNotification({ type: 'danger', message: errorMessage(e) });
                }
              }}
            >
              {t('gallery.duplicate', 'Duplicate')}
            </Button>
            <Button variant="danger-light" startIcon={<Trash />} onClick={() => setDeleting(true)}>
              {t('gallery.delete', 'Delete gallery')}
            </Button>
            <Button
              variant={gallery.published ? 'danger-light' : 'success-light'}
              startIcon={gallery.published ? <EyeStriked /> : <Eye />}
              loading={publishing}
              onClick={togglePublished}
            >
              {gallery.published ? t('gallery.unpublish', 'Unpublish') : t('gallery.publish', 'Publish')}
            </Button>
            <Button variant="secondary" startIcon={<Plus />} disabled={links === null || hasLiveGeneral} onClick={() => setForm({ kind: 'general' })}>
              {t('link.createGeneral', 'Create general link')}
            </Button>
            <Button startIcon={<Mail />} onClick={() => setForm({ kind: 'share' })}>
              {t('link.share', 'Share with client')}
            </Button>
          </Flex>
        )}
      </Flex>
      {error ? (
        <Box padding={5}>
          <Typography textColor="danger600">{error}</Typography>
        </Box>
      ) : !links ? (
        <Flex justifyContent="center" padding={5}>
          <Loader small>{t('link.loading', 'Loading links')}</Loader>
        </Flex>
      ) : links.length === 0 ? (
        <Box paddingLeft={5} paddingRight={5} paddingBottom={5}>
          <Typography textColor="neutral600">{t('link.none', 'Not shared yet.')}</Typography>
        </Box>
      ) : (
        <LinkTable
          links={links}
          canModify={canModify}
          onActivity={setActivityFor}
          onEdit={(link) => setForm({ kind: 'edit', link })}
          onRegenerate={(link) => setPending({ action: 'regenerate', link })}
          onRetry={retry}
          onRevoke={(link) => setPending({ action: 'revoke', link })}
        />
      )}

      <LinkSettingsModal mode={form} galleryTitle={gallery.title} onClose={() => setForm(null)} onSubmit={submitForm} />
      <TokenModal issued={issued?.response ?? null} title={issued?.title ?? ''} onClose={() => setIssued(null)} />
      <ConfirmDialog
        open={pending !== null}
        title={pending?.action === 'revoke' ? t('link.revoke.title', 'Revoke this link?') : t('link.regenerate.title', 'Generate a new link?')}
        body={
          pending?.action === 'revoke'
            ? t('link.revoke.body', '{who} loses access at once, on every page and download. This cannot be undone.', {
                who: pending ? linkRecipient(pending.link, t) : '',
              })
            : t('link.regenerate.body', 'The current URL stops working at once. You will be shown the new one to send.')
        }
        confirmLabel={pending?.action === 'revoke' ? t('link.revoke.confirm', 'Revoke') : t('link.regenerate.confirm', 'Regenerate')}
        onConfirm={confirmPending}
        onClose={() => setPending(null)}
      />
      <GalleryDetailsModal
        mode={editing ? { kind: 'edit', gallery } : null}
        onClose={() => setEditing(false)}
        onSubmit={async ({ imageIds: _imageIds, label: _label, ...changes }) => {
          onChanged(await api.updateGallery(gallery.documentId, changes));
          toggleNotification({ type: 'success', message: t('gallery.saved', 'Gallery saved') });
          setEditing(false);
        }}
      />
      {proofing && (
        <ProofingModal
          gallery={gallery}
          canModify={canModify}
          thread={thread ?? null}
          onClose={() => {
            setProofing(false);
            if (thread) onThreadClosed?.();
          }}
        />
      )}
      <Modal.Root open={activityFor !== null} onOpenChange={(isOpen: boolean) => !isOpen && setActivityFor(null)}>
        {activityFor && (
          <Modal.Content>
            <Modal.Header>
              <Modal.Title>{t('link.activity.title', 'Activity · {who}', { who: linkRecipient(activityFor, t) })}</Modal.Title>
            </Modal.Header>
            <Modal.Body>
              <ActivityTimeline
                load={() => api.linkActivity(activityFor.documentId)}
                showGallery={false}
                emptyText={t('link.activity.empty', 'Nobody has used this link yet.')}
              />
            </Modal.Body>
            <Modal.Footer>
              <Modal.Close>
                <Button variant="tertiary">{t('common.close', 'Close')}</Button>
              </Modal.Close>
            </Modal.Footer>
          </Modal.Content>
        )}
      </Modal.Root>
      {curating && <GalleryCurationModal gallery={gallery} clientDocumentId={clientDocumentId} onClose={() => setCurating(false)} onChanged={onChanged} />}
      <ConfirmDialog
        open={deleting}
        title={t('gallery.delete.title', 'Delete “{title}”?', { title: gallery.title })}
        body={t('gallery.delete.body', "The gallery and every link to it are deleted; visitors get “not found”. The photos stay in the client's gallery.")}
        confirmLabel={t('gallery.delete', 'Delete gallery')}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          try {
            await api.deleteGallery(gallery.documentId);
            onDeleted(gallery.documentId);
            toggleNotification({ type: 'success', message: t('gallery.deleted', 'Gallery deleted') });
          } catch (e) {
            toggleNotification({ type: 'danger', message: errorMessage(e) });
          }
          setDeleting(false);
        }}
      />
    </Box>
  );
};

/** A client's galleries and, per gallery, its share links; Modify users make and publish galleries here. */
export const SharingPanel = ({
  clientDocumentId,
  canModify,
  thread = null,
  onThreadClosed,
}: {
  clientDocumentId: string;
  canModify: boolean;
  thread?: ProofingThread | null;
  onThreadClosed?(): void;
}) => {
  const { listGalleries, createGallery } = useGalleryApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [galleries, setGalleries] = useState<AdminGallery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState<GalleryFormMode | null>(null);

  useEffect(() => {
    listGalleries(clientDocumentId).then(setGalleries, (e) => setError(errorMessage(e)));
  }, [clientDocumentId, listGalleries]);

  if (error) return <Typography textColor="danger600">{error}</Typography>;
  if (!galleries)
    return (
      <Flex justifyContent="center" padding={6}>
        <Loader small>{t('gallery.loading', 'Loading galleries')}</Loader>
      </Flex>
    );

  const replace = (gallery: AdminGallery) => setGalleries((current) => (current ?? []).map((g) => (g.documentId === gallery.documentId ? gallery : g)));
  const threadGone = thread !== null && !galleries.some((g) => g.documentId === thread.galleryDocumentId);

  return (
    <Flex direction="column" alignItems="stretch" gap={5}>
      {threadGone && (
        <Box padding={4} background="warning100" hasRadius data-testid="proofing-thread-gone">
          <Typography textColor="warning700">{t('proofing.threadGone', 'The gallery of that comment thread no longer exists.')}</Typography>
        </Box>
      )}
      {canModify && (
        <Flex justifyContent="flex-end">
          <Button startIcon={<Plus />} onClick={() => setCreating({ kind: 'create' })}>
            {t('gallery.new', 'New gallery')}
          </Button>
        </Flex>
      )}
      {galleries.length === 0 && (
        <Box padding={6} background="neutral0" hasRadius shadow="tableShadow">
          <Typography textColor="neutral600">
            {canModify
              ? t('gallery.none.modify', 'This client has no galleries yet. Make one from their photos with “New gallery”, publish it, then share it.')
              : t('gallery.none', 'This client has no galleries yet.')}
          </Typography>
        </Box>
      )}
      {galleries.map((gallery) => (
        <GalleryLinks
          key={gallery.documentId}
          gallery={gallery}
          clientDocumentId={clientDocumentId}
          canModify={canModify}
          onChanged={replace}
          onDuplicated={(copy) => setGalleries((current) => [copy, ...(current ?? [])])}
          onDeleted={(id) => setGalleries((current) => (current ?? []).filter((g) => g.documentId !== id))}
          thread={thread?.galleryDocumentId === gallery.documentId ? thread : null}
          onThreadClosed={onThreadClosed}
        />
      ))}
      <GalleryDetailsModal
        mode={creating}
        onClose={() => setCreating(null)}
        onSubmit={async (values) => {
          const gallery = await createGallery(clientDocumentId, values);
          setGalleries((current) => [gallery, ...(current ?? [])]);
          toggleNotification({
            type: 'success',
            message: t('gallery.created', 'Gallery created with {count, plural, one {# photo} other {# photos}} (unpublished)', { count: gallery.imageCount }),
          });
          setCreating(null);
        }}
      />
    </Flex>
  );
};
