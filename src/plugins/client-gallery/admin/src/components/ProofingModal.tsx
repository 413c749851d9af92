import { Badge, Box, Button, Flex, Loader, Modal, Textarea, Typography } from '@strapi/design-system';
import { useCallback, useEffect, useState } from 'react';
import type { AdminGallery, ProofingExportFormat, ProofingExportList, ProofingOverview, ProofingRecipient } from '../../../shared/contracts';
import { selectionCounter } from '../../../shared/proofing';
import { errorMessage } from '../utils/api';
import { formatDate, linkRecipient } from '../utils/format';
import { useProofingApi } from '../utils/proofing-api';

const FORMATS: Array<[ProofingExportFormat, string]> = [
  ['csv', 'CSV'],
  ['filenames', 'File names'],
  ['lightroom', 'Lightroom / Capture One'],
];

/**
 * A gallery's Proofing view (issue 10): for each recipient, their favourites, selection (round,
 * confirmed or not, with the previous rounds compared), comment threads with an inline reply, and
 * review marks; exports of a selection or favourites list. Reads need View; acting needs Modify.
 */
export const ProofingModal = ({ gallery, canModify, onClose }: { gallery: AdminGallery; canModify: boolean; onClose(): void }) => {
  const api = useProofingApi();
  const [data, setData] = useState<ProofingOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api.overview(gallery.documentId).then(setData, (e) => setError(errorMessage(e)));
  }, [api, gallery.documentId]);
  useEffect(load, [load]);

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content data-testid="proofing-modal" style={{ width: 'min(960px, 96vw)' }}>
        <Modal.Header>
          <Modal.Title>Proofing · {gallery.title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {error ? (
            <Typography textColor="danger600">{error}</Typography>
          ) : !data ? (
            <Loader small>Loading proofing</Loader>
          ) : data.recipients.length === 0 ? (
            <Typography textColor="neutral600">Not shared yet: proofing starts when a client has a link.</Typography>
          ) : (
            <Flex direction="column" alignItems="stretch" gap={4}>
              {data.recipients.map((recipient) => (
                <RecipientCard key={recipient.link.documentId} recipient={recipient} fileNames={data.fileNames} canModify={canModify} onChanged={load} />
              ))}
            </Flex>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Close</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

const RecipientCard = ({
  recipient,
  fileNames,
  canModify,
  onChanged,
}: {
  recipient: ProofingRecipient;
  fileNames: Record<string, string | null>;
  canModify: boolean;
  onChanged(): void;
}) => {
  const api = useProofingApi();
  const { link, selection, favourites, comments, review } = recipient;
  const [exported, setExported] = useState<{ title: string; text: string } | null>(null);
  const [reason, setReason] = useState('');
  const [replies, setReplies] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const name = (id: string | null) => (id ? (fileNames[id] ?? id) : 'Gallery');
  const act = async (work: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await work();
      onChanged();
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  const doExport = async (list: ProofingExportList, format: ProofingExportFormat, label: string) => {
    setProblem(null);
    try {
      setExported({ title: `${list === 'selection' ? 'Selection' : 'Favourites'} · ${label}`, text: await api.exportList(link.documentId, list, format) });
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  const [latest, previous] = selection.rounds;
  const threads = new Map<string, typeof comments>();
  for (const comment of comments) threads.set(comment.imageId ?? '', [...(threads.get(comment.imageId ?? '') ?? []), comment]);

  return (
    <Box padding={4} hasRadius borderColor="neutral200" data-testid="proofing-recipient" data-link={link.documentId}>
      <Flex justifyContent="space-between" wrap="wrap" gap={2}>
        <Typography variant="delta" tag="h3">
          {linkRecipient(link)}
        </Typography>
        <Flex gap={2}>
          <Badge>{`${favourites.length} favourite${favourites.length === 1 ? '' : 's'}`}</Badge>
          <Badge variant={selection.confirmed ? 'success' : 'secondary'} data-testid="proofing-selection-state">
            {selection.confirmed
              ? `Round ${selection.round} confirmed ${formatDate(selection.confirmedAt, false)}`
              : `Round ${selection.round}: ${selectionCounter(selection.count, null, null)}`}
          </Badge>
        </Flex>
      </Flex>

      <Box paddingTop={3}>
        <Typography variant="sigma" textColor="neutral600">
          Selection
        </Typography>
        <Typography tag="p" data-testid="proofing-selection-items">
          {selection.items.length ? selection.items.map(name).join(', ') : 'Nothing selected yet.'}
        </Typography>
        {latest && previous && (
          <Typography tag="p" variant="pi" textColor="neutral600" data-testid="proofing-compare">
            Round {previous.round} → {latest.round}: added{' '}
            {latest.items
              .filter((id) => !previous.items.includes(id))
              .map(name)
              .join(', ') || 'none'}
            ; removed{' '}
            {previous.items
              .filter((id) => !latest.items.includes(id))
              .map(name)
              .join(', ') || 'none'}
          </Typography>
        )}
        <Flex gap={2} wrap="wrap" paddingTop={2}>
          {FORMATS.map(([format, label]) => (
            <Button key={`s-${format}`} size="S" variant="secondary" onClick={() => doExport('selection', format, label)}>
              Selection: {label}
            </Button>
          ))}
          {FORMATS.map(([format, label]) => (
            <Button key={`f-${format}`} size="S" variant="tertiary" onClick={() => doExport('favourites', format, label)}>
              Favourites: {label}
            </Button>
          ))}
        </Flex>
        {exported && (
          <Box paddingTop={2}>
            <Typography variant="pi" fontWeight="bold">
              {exported.title}
            </Typography>
            <Textarea aria-label={exported.title} readOnly value={exported.text} data-testid="proofing-export" />
          </Box>
        )}
        {canModify && selection.confirmed && (
          <Flex gap={2} paddingTop={2} alignItems="flex-end">
            <Box grow={1}>
              <Textarea
                aria-label="Reason for reopening"
                placeholder="Why the client should choose again (they will see this)"
                value={reason}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)}
              />
            </Box>
            <Button variant="danger-light" disabled={!reason.trim()} onClick={() => act(() => api.reopen(link.documentId, reason.trim()))}>
              Reopen selection
            </Button>
          </Flex>
        )}
      </Box>

      <Box paddingTop={3}>
        <Typography variant="sigma" textColor="neutral600">
          Comments
        </Typography>
        {threads.size === 0 && (
          <Typography tag="p" textColor="neutral600">
            No comments.
          </Typography>
        )}
        {[...threads.entries()].map(([imageId, thread]) => (
          <Box key={imageId || 'gallery'} paddingTop={2} data-testid="proofing-thread">
            <Typography fontWeight="semiBold">{name(imageId || null)}</Typography>
            {thread.map((comment) => (
              <Typography key={comment.id} tag="p" textColor={comment.author === 'studio' ? 'primary600' : 'neutral800'}>
                {comment.author === 'studio' ? `${comment.authorName ?? 'Studio'}: ` : 'Client: '}
                {comment.body}
              </Typography>
            ))}
            {canModify && (
              <Flex gap={2} alignItems="flex-end">
                <Box grow={1}>
                  <Textarea
                    aria-label={`Reply about ${name(imageId || null)}`}
                    value={replies[imageId] ?? ''}
                    onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReplies({ ...replies, [imageId]: e.target.value })}
                  />
                </Box>
                <Button
                  size="S"
                  disabled={!(replies[imageId] ?? '').trim()}
                  onClick={() =>
                    act(async () => {
                      await api.reply(link.documentId, (replies[imageId] ?? '').trim(), imageId || null);
                      setReplies({ ...replies, [imageId]: '' });
                    })
                  }
                >
                  Reply
                </Button>
              </Flex>
            )}
          </Box>
        ))}
      </Box>

      {review.length > 0 && (
        <Box paddingTop={3}>
          <Typography variant="sigma" textColor="neutral600">
            Review
          </Typography>
          {review.map((mark) => (
            <Flex key={mark.imageId ?? ''} gap={2} paddingTop={1} data-testid="proofing-review">
              <Typography>{name(mark.imageId)}</Typography>
              <Badge variant={mark.decision === 'approved' ? 'success' : mark.decision === 'in-review' ? 'secondary' : 'warning'}>{mark.decision}</Badge>
              {mark.note && <Typography textColor="neutral600">{mark.note}</Typography>}
              {canModify && mark.decision !== 'in-review' && mark.imageId && (
                <Button size="S" variant="tertiary" onClick={() => act(() => api.setInReview(link.documentId, mark.imageId!))}>
                  Back to in review
                </Button>
              )}
            </Flex>
          ))}
        </Box>
      )}
      {problem && <Typography textColor="danger600">{problem}</Typography>}
    </Box>
  );
};
