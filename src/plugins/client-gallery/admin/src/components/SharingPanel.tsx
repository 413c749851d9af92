import { Badge, Box, Button, Flex, IconButton, Loader, Modal, Status, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise, Clock, Cross, Duplicate, Eye, EyeStriked, Images, Mail, Pencil, Plus, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import type { AdminGallery, AdminLink, IssuedLinkResponse } from '../../../shared/contracts';
import { errorMessage, useGalleryApi } from '../utils/api';
import { formatDate, linkRecipient, settingsSummary } from '../utils/format';
import { ActivityTimeline } from './ActivityTimeline';
import { ConfirmDialog } from './ConfirmDialog';
import { GalleryDetailsModal, type GalleryFormMode } from './GalleryDetailsModal';
import { GalleryCurationModal } from './GalleryCurationModal';
import { LinkSettingsModal, type LinkFormMode, type LinkFormValues } from './LinkSettingsModal';
import { ProofingModal } from './ProofingModal';
import { TokenModal } from './TokenModal';

const STATE_VARIANT = { active: 'success', revoked: 'danger', expired: 'neutral' } as const;
const INVITATION_TEXT: Record<string, string> = { none: '—', pending: 'Sending…', sent: 'Sent', failed: 'Failed' };

type Pending = { action: 'revoke' | 'regenerate'; link: AdminLink } | null;

/** One gallery: its status and its links, with the studio's gallery and link actions for Modify users. */
interface GalleryLinksProps {
  gallery: AdminGallery;
  clientDocumentId: string;
  canModify: boolean;
  onChanged(gallery: AdminGallery): void;
  onDuplicated(gallery: AdminGallery): void;
  onDeleted(documentId: string): void;
}

const GalleryLinks = ({ gallery, clientDocumentId, canModify, onChanged, onDuplicated, onDeleted }: GalleryLinksProps) => {
  const api = useGalleryApi();
  const { toggleNotification } = useNotification();
  const [links, setLinks] = useState<AdminLink[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState<LinkFormMode | null>(null);
  const [issued, setIssued] = useState<{ response: IssuedLinkResponse; title: string } | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [activityFor, setActivityFor] = useState<AdminLink | null>(null);
  const [editing, setEditing] = useState(false);
  const [proofing, setProofing] = useState(false);
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
      toggleNotification({ type: 'success', message: 'Link settings saved' });
    } else if (form.kind === 'general') {
      const { recipientName: _unused, ...rest } = settings;
      setIssued({ response: await api.createLink(gallery.documentId, { kind: 'general', ...rest }), title: 'General link created' });
      refresh();
    } else {
      const { recipientName: _unused, ...rest } = settings;
      setIssued({ response: await api.shareWithClient(gallery.documentId, { email, ...(name ? { name } : {}), ...rest }), title: 'Shared with client' });
      refresh();
    }
    setForm(null);
  };

  const confirmPending = async () => {
    if (!pending) return;
    try {
      if (pending.action === 'revoke') {
        replace(await api.revokeLink(pending.link.documentId));
        toggleNotification({ type: 'success', message: 'Link revoked' });
      } else {
        const response = await api.regenerateLink(pending.link.documentId);
        replace(response.data);
        setIssued({ response, title: 'New link generated' });
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
      setIssued({ response, title: 'Invitation sent again' });
    } catch (e) {
      fail(e);
    }
  };

  const hasLiveGeneral = (links ?? []).some((l) => l.kind === 'general' && l.state !== 'revoked');

  const togglePublished = async () => {
    setPublishing(true);
    try {
      onChanged(await api.setGalleryPublished(gallery.documentId, !gallery.published));
      toggleNotification({ type: 'success', message: gallery.published ? 'Gallery unpublished: its links show it as Unavailable' : 'Gallery published' });
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
          <Flex gap={2}>
            <Typography variant="delta" tag="h3">{gallery.title}</Typography>
            <Badge>{gallery.status}</Badge>
            {!gallery.published && <Badge variant="warning">Unavailable (unpublished)</Badge>}
          </Flex>
          <Typography variant="pi" textColor="neutral600">
            {gallery.imageCount} {gallery.imageCount === 1 ? 'photo' : 'photos'}{gallery.shootDate ? ` · shot ${formatDate(gallery.shootDate, false)}` : ''}
            {gallery.deadline ? ` · selection deadline ${formatDate(gallery.deadline, false)}` : ''}
          </Typography>
        </Flex>
        <Button variant="secondary" data-testid="open-proofing" onClick={() => setProofing(true)}>
          Proofing
        </Button>
        {canModify && (
          <Flex gap={2} wrap="wrap">
            <Button variant="tertiary" startIcon={<Pencil />} onClick={() => setEditing(true)}>
              Edit details
            </Button>
            <Button variant="tertiary" startIcon={<Images />} onClick={() => setCurating(true)}>
              Curate photos
            </Button>
            <Button
              variant="tertiary"
              startIcon={<Duplicate />}
              onClick={async () => {
                try {
                  onDuplicated(await api.duplicateGallery(gallery.documentId));
                  toggleNotification({ type: 'success', message: 'Gallery duplicated (unpublished, no links)' });
                } catch (e) {
                  toggleNotification({ type: 'danger', message: errorMessage(e) });
                }
              }}
            >
              Duplicate
            </Button>
            <Button variant="danger-light" startIcon={<Trash />} onClick={() => setDeleting(true)}>
              Delete gallery
            </Button>
            <Button variant={gallery.published ? 'danger-light' : 'success-light'} startIcon={gallery.published ? <EyeStriked /> : <Eye />} loading={publishing} onClick={togglePublished}>
              {gallery.published ? 'Unpublish' : 'Publish'}
            </Button>
            <Button variant="secondary" startIcon={<Plus />} disabled={links === null || hasLiveGeneral} onClick={() => setForm({ kind: 'general' })}>
              Create general link
            </Button>
            <Button startIcon={<Mail />} onClick={() => setForm({ kind: 'share' })}>
              Share with client
            </Button>
          </Flex>
        )}
      </Flex>
      {error ? (
        <Box padding={5}><Typography textColor="danger600">{error}</Typography></Box>
      ) : !links ? (
        <Flex justifyContent="center" padding={5}><Loader small>Loading links</Loader></Flex>
      ) : links.length === 0 ? (
        <Box paddingLeft={5} paddingRight={5} paddingBottom={5}>
          <Typography textColor="neutral600">Not shared yet.</Typography>
        </Box>
      ) : (
        <Table colCount={6} rowCount={links.length + 1}>
          <Thead>
            <Tr>
              <Th><Typography variant="sigma">Recipient</Typography></Th>
              <Th><Typography variant="sigma">State</Typography></Th>
              <Th><Typography variant="sigma">Settings</Typography></Th>
              <Th><Typography variant="sigma">Downloads</Typography></Th>
              <Th><Typography variant="sigma">Invitation</Typography></Th>
              <Th><Typography variant="sigma">Actions</Typography></Th>
            </Tr>
          </Thead>
          <Tbody>
            {links.map((link) => (
              <Tr key={link.documentId} data-testid="link-row" data-kind={link.kind} data-state={link.state}>
                <Td>
                  <Flex direction="column" alignItems="flex-start">
                    <Typography fontWeight="semiBold">{linkRecipient(link)}</Typography>
                    <Typography variant="pi" textColor="neutral600">
                      {link.kind === 'general' ? 'General link' : link.createdFrom ? 'Private (claimed)' : 'Private link'} · {formatDate(link.createdAt, false)}
                    </Typography>
                  </Flex>
                </Td>
                <Td>
                  <Status variant={STATE_VARIANT[link.state]} size="S" data-testid="link-state">
                    <Typography fontWeight="bold" textColor={`${STATE_VARIANT[link.state]}700`}>{link.state}</Typography>
                  </Status>
                </Td>
                <Td>
                  <Typography variant="pi" style={{ whiteSpace: 'normal' }}>{settingsSummary(link).join(' · ')}</Typography>
                </Td>
                <Td>
                  <Typography>
                    {link.settings.downloadsEnabled ? `${link.downloadsUsed} / ${link.settings.downloadLimit ?? '∞'}` : '—'}
                  </Typography>
                </Td>
                <Td>
                  <Typography textColor={link.invitationStatus === 'failed' ? 'danger600' : 'neutral800'} title={link.invitationError ?? undefined}>
                    {INVITATION_TEXT[link.invitationStatus] ?? link.invitationStatus}
                  </Typography>
                </Td>
                <Td>
                  <Flex gap={1}>
                    <IconButton label="Activity" variant="ghost" onClick={() => setActivityFor(link)}>
                      <Clock />
                    </IconButton>
                    {canModify && link.state !== 'revoked' && (
                      <>
                        <IconButton label="Edit settings" variant="ghost" onClick={() => setForm({ kind: 'edit', link })}>
                          <Pencil />
                        </IconButton>
                        <IconButton label="Regenerate link" variant="ghost" onClick={() => setPending({ action: 'regenerate', link })}>
                          <ArrowClockwise />
                        </IconButton>
                        {link.kind === 'private' && link.invitationStatus === 'failed' && (
                          <IconButton label="Retry invitation" variant="ghost" onClick={() => retry(link)}>
                            <Mail />
                          </IconButton>
                        )}
                        <IconButton label="Revoke link" variant="ghost" onClick={() => setPending({ action: 'revoke', link })}>
                          <Cross />
                        </IconButton>
                      </>
                    )}
                  </Flex>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}

      <LinkSettingsModal mode={form} galleryTitle={gallery.title} onClose={() => setForm(null)} onSubmit={submitForm} />
      <TokenModal issued={issued?.response ?? null} title={issued?.title ?? ''} onClose={() => setIssued(null)} />
      <ConfirmDialog
        open={pending !== null}
        title={pending?.action === 'revoke' ? 'Revoke this link?' : 'Generate a new link?'}
        body={
          pending?.action === 'revoke'
            ? `${pending ? linkRecipient(pending.link) : ''} loses access at once, on every page and download. This cannot be undone.`
            : 'The current URL stops working at once. You will be shown the new one to send.'
        }
        confirmLabel={pending?.action === 'revoke' ? 'Revoke' : 'Regenerate'}
        onConfirm={confirmPending}
        onClose={() => setPending(null)}
      />
      <GalleryDetailsModal
        mode={editing ? { kind: 'edit', gallery } : null}
        onClose={() => setEditing(false)}
        onSubmit={async ({ imageIds: _imageIds, label: _label, ...changes }) => {
          onChanged(await api.updateGallery(gallery.documentId, changes));
          toggleNotification({ type: 'success', message: 'Gallery saved' });
          setEditing(false);
        }}
      />
      {proofing && <ProofingModal gallery={gallery} canModify={canModify} onClose={() => setProofing(false)} />}
      <Modal.Root open={activityFor !== null} onOpenChange={(isOpen: boolean) => !isOpen && setActivityFor(null)}>
        {activityFor && (
          <Modal.Content>
            <Modal.Header>
              <Modal.Title>Activity · {linkRecipient(activityFor)}</Modal.Title>
            </Modal.Header>
            <Modal.Body>
              <ActivityTimeline load={() => api.linkActivity(activityFor.documentId)} showGallery={false} emptyText="Nobody has used this link yet." />
            </Modal.Body>
            <Modal.Footer>
              <Modal.Close>
                <Button variant="tertiary">Close</Button>
              </Modal.Close>
            </Modal.Footer>
          </Modal.Content>
        )}
      </Modal.Root>
      {curating && <GalleryCurationModal gallery={gallery} clientDocumentId={clientDocumentId} onClose={() => setCurating(false)} onChanged={onChanged} />}
      <ConfirmDialog
        open={deleting}
        title={`Delete “${gallery.title}”?`}
        body="The gallery and every link to it are deleted; visitors get “not found”. The photos stay in the client's gallery."
        confirmLabel="Delete gallery"
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          try {
            await api.deleteGallery(gallery.documentId);
            onDeleted(gallery.documentId);
            toggleNotification({ type: 'success', message: 'Gallery deleted' });
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
export const SharingPanel = ({ clientDocumentId, canModify }: { clientDocumentId: string; canModify: boolean }) => {
  const { listGalleries, createGallery } = useGalleryApi();
  const { toggleNotification } = useNotification();
  const [galleries, setGalleries] = useState<AdminGallery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState<GalleryFormMode | null>(null);

  useEffect(() => {
    listGalleries(clientDocumentId).then(setGalleries, (e) => setError(errorMessage(e)));
  }, [clientDocumentId, listGalleries]);

  if (error) return <Typography textColor="danger600">{error}</Typography>;
  if (!galleries) return <Flex justifyContent="center" padding={6}><Loader small>Loading galleries</Loader></Flex>;

  const replace = (gallery: AdminGallery) => setGalleries((current) => (current ?? []).map((g) => (g.documentId === gallery.documentId ? gallery : g)));

  return (
    <Flex direction="column" alignItems="stretch" gap={5}>
      {canModify && (
        <Flex justifyContent="flex-end">
          <Button startIcon={<Plus />} onClick={() => setCreating({ kind: 'create' })}>
            New gallery
          </Button>
        </Flex>
      )}
      {galleries.length === 0 && (
        <Box padding={6} background="neutral0" hasRadius shadow="tableShadow">
          <Typography textColor="neutral600">
            {canModify ? 'This client has no galleries yet. Make one from their photos with “New gallery”, publish it, then share it.' : 'This client has no galleries yet.'}
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
        />
      ))}
      <GalleryDetailsModal
        mode={creating}
        onClose={() => setCreating(null)}
        onSubmit={async (values) => {
          const gallery = await createGallery(clientDocumentId, values);
          setGalleries((current) => [gallery, ...(current ?? [])]);
          toggleNotification({ type: 'success', message: `Gallery created with ${gallery.imageCount} ${gallery.imageCount === 1 ? 'photo' : 'photos'} (unpublished)` });
          setCreating(null);
        }}
      />
    </Flex>
  );
};
