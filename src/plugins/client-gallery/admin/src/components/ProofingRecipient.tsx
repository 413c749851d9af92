import { Badge, Box, Button, Flex, Textarea, Typography } from '@strapi/design-system';
import { useEffect, useRef, useState } from 'react';
import type { ProofingExportFormat, ProofingExportList, ProofingRecipient } from '../../../shared/contracts';
import { selectionCounter } from '../../../shared/proofing';
import { errorMessage, saveBlob } from '../utils/api';
import { formatDate, linkRecipient } from '../utils/format';
import { useProofingApi } from '../utils/proofing-api';
import { msg, useT, type Message } from '../utils/translations';
import { PhotoThumb, photoName, ThumbList, type PhotoBook } from './ProofingThumbs';

const FORMATS: Array<[ProofingExportFormat, Message]> = [
  ['csv', msg('proofing.format.csv', 'CSV')],
  ['filenames', msg('proofing.format.filenames', 'File names')],
  ['lightroom', msg('proofing.format.lightroom', 'Lightroom / Capture One')],
];
const DECISIONS: Record<string, Message> = {
  approved: msg('proofing.decision.approved', 'Approved'),
  'changes-requested': msg('proofing.decision.changes-requested', 'Changes requested'),
  'in-review': msg('proofing.decision.in-review', 'In review'),
};

/**
 * One recipient's proofing, as pictures: the selection in the order chosen, what the last confirm
 * changed (added and removed), the confirmed rounds and favourites, comment threads (each with its
 * photo) with an inline reply, review marks, and exports of the lists. Acting needs Modify.
 */
export const RecipientCard = ({
  recipient,
  book,
  canModify,
  onChanged,
  onOpen,
  focusThread = null,
}: {
  recipient: ProofingRecipient;
  book: PhotoBook;
  canModify: boolean;
  onChanged(): void;
  /** Open the photo viewer on `id`, stepping through `ids`. */
  onOpen(ids: string[], id: string): void;
  /** The thread to bring into view and focus (its reply box for Modify users): a photo's documentId, '' for the gallery's. */
  focusThread?: string | null;
}) => {
  const api = useProofingApi();
  const t = useT();
  const { link, selection, favourites, comments, review } = recipient;
  const [exported, setExported] = useState<{ title: string; text: string; fileName: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [reason, setReason] = useState('');
  const [replies, setReplies] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const name = (id: string | null) => (id ? photoName(book, id) : t('proofing.gallery', 'Gallery'));
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
      setExported({
        title:
          list === 'selection'
            ? t('proofing.export.selection', 'Selection · {format}', { format: label })
            : t('proofing.export.favourites', 'Favourites · {format}', { format: label }),
        text: await api.exportList(link.documentId, list, format),
        // A CSV opens in a spreadsheet; the file-name lists paste into Lightroom's or Capture One's filter as text.
        fileName: `${list}-${linkRecipient(link, t).replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'client'}.${format === 'csv' ? 'csv' : 'txt'}`,
      });
      setCopied(false);
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  const threads = new Map<string, typeof comments>();
  for (const comment of comments) threads.set(comment.imageId ?? '', [...(threads.get(comment.imageId ?? '') ?? []), comment]);
  // A thread asked for by a link is shown even before it has a comment, so the studio can start it.
  if (focusThread !== null && !threads.has(focusThread)) threads.set(focusThread, []);
  const focused = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const box = focused.current;
    if (!box) return;
    box.scrollIntoView({ block: 'center' });
    (box.querySelector('textarea') ?? box).focus();
  }, [focusThread]);

  return (
    <Box padding={4} hasRadius borderColor="neutral200" data-testid="proofing-recipient" data-link={link.documentId}>
      <Flex justifyContent="space-between" wrap="wrap" gap={2}>
        <Typography variant="delta" tag="h3">
          {linkRecipient(link, t)}
        </Typography>
        <Flex gap={2}>
          <Badge>{t('proofing.favourites', '{count, plural, one {# favourite} other {# favourites}}', { count: favourites.length })}</Badge>
          <Badge variant={selection.confirmed ? 'success' : 'secondary'} data-testid="proofing-selection-state">
            {selection.confirmed
              ? t('proofing.confirmed', 'Round {round} confirmed {date}', { round: selection.round, date: formatDate(selection.confirmedAt, false) })
              : t('proofing.round', 'Round {round}: {count}', { round: selection.round, count: selectionCounter(selection.count, null, null) })}
          </Badge>
        </Flex>
      </Flex>

      <Box paddingTop={3}>
        <Typography variant="sigma" textColor="neutral600">
          {t('proofing.selection', 'Selection')}
        </Typography>
        {selection.items.length ? (
          <ThumbList book={book} ids={selection.items} numbered testId="proofing-selection-items" onOpen={onOpen} />
        ) : (
          <Typography tag="p" data-testid="proofing-selection-items">
            {t('proofing.nothing', 'Nothing selected yet.')}
          </Typography>
        )}
        {selection.changes && (
          <Box paddingTop={3} data-testid="proofing-compare">
            <Typography variant="pi" fontWeight="bold">
              {t('proofing.changes', 'Round {from} → {to}', { from: selection.changes.from, to: selection.changes.to })}
            </Typography>
            <Flex gap={4} wrap="wrap" alignItems="flex-start" paddingTop={1}>
              {(['added', 'removed'] as const).map((kind) => (
                <Box key={kind}>
                  <Typography variant="pi" textColor={kind === 'added' ? 'success600' : 'danger600'}>
                    {kind === 'added'
                      ? t('proofing.added', 'Added ({count})', { count: selection.changes!.added.length })
                      : t('proofing.removed', 'Removed ({count})', { count: selection.changes!.removed.length })}
                  </Typography>
                  {selection.changes![kind].length ? (
                    <ThumbList book={book} ids={selection.changes![kind]} tone={kind} testId={`proofing-${kind}`} onOpen={onOpen} />
                  ) : (
                    <Typography tag="p" variant="pi" textColor="neutral600" data-testid={`proofing-${kind}`}>
                      {t('proofing.noneItems', 'none')}
                    </Typography>
                  )}
                </Box>
              ))}
            </Flex>
          </Box>
        )}
        {selection.rounds.length > 0 && <Rounds recipient={recipient} book={book} onOpen={onOpen} />}
        {favourites.length > 0 && (
          <Box paddingTop={3}>
            <Typography variant="pi" fontWeight="bold">
              {t('proofing.favouritesTitle', 'Favourites')}
            </Typography>
            <ThumbList book={book} ids={favourites} testId="proofing-favourites" onOpen={onOpen} />
          </Box>
        )}
        <Flex gap={2} wrap="wrap" paddingTop={2}>
          {FORMATS.map(([format, label]) => (
            <Button key={`s-${format}`} size="S" variant="secondary" onClick={() => doExport('selection', format, t(label))}>
              {t('proofing.exportSelection', 'Selection: {format}', { format: t(label) })}
            </Button>
          ))}
          {FORMATS.map(([format, label]) => (
            <Button key={`f-${format}`} size="S" variant="tertiary" onClick={() => doExport('favourites', format, t(label))}>
              {t('proofing.exportFavourites', 'Favourites: {format}', { format: t(label) })}
            </Button>
          ))}
        </Flex>
        {exported && (
          <Box paddingTop={2}>
            <Typography variant="pi" fontWeight="bold">
              {exported.title}
            </Typography>
            <Textarea aria-label={exported.title} readOnly value={exported.text} data-testid="proofing-export" />
            <Flex gap={2} paddingTop={2}>
              <Button
                variant="secondary"
                data-testid="proofing-export-copy"
                onClick={async () => {
                  try {
                    await navigator.clipboard.writeText(exported.text);
                    setCopied(true);
                  } catch (e) {
                    setProblem(errorMessage(e));
                  }
                }}
              >
                {copied ? t('proofing.export.copied', 'Copied') : t('proofing.export.copy', 'Copy')}
              </Button>
              <Button
                variant="secondary"
                data-testid="proofing-export-download"
                onClick={() => saveBlob(new Blob([exported.text], { type: exported.fileName.endsWith('.csv') ? 'text/csv' : 'text/plain' }), exported.fileName)}
              >
                {t('proofing.export.download', 'Download {file}', { file: exported.fileName.endsWith('.csv') ? '.csv' : '.txt' })}
              </Button>
            </Flex>
          </Box>
        )}
        {canModify && selection.confirmed && (
          <Flex gap={2} paddingTop={2} alignItems="flex-end">
            <Box grow={1}>
              <Textarea
                aria-label={t('proofing.reason', 'Reason for reopening')}
                placeholder={t('proofing.reason.placeholder', 'Why the client should choose again (they will see this)')}
                value={reason}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)}
              />
            </Box>
            <Button variant="danger-light" disabled={!reason.trim()} onClick={() => act(() => api.reopen(link.documentId, reason.trim()))}>
              {t('proofing.reopen', 'Reopen selection')}
            </Button>
          </Flex>
        )}
      </Box>

      <Box paddingTop={3}>
        <Typography variant="sigma" textColor="neutral600">
          {t('proofing.comments', 'Comments')}
        </Typography>
        {threads.size === 0 && (
          <Typography tag="p" textColor="neutral600">
            {t('proofing.noComments', 'No comments.')}
          </Typography>
        )}
        {[...threads.entries()].map(([imageId, thread]) => (
          <Box
            key={imageId || 'gallery'}
            ref={imageId === focusThread ? focused : undefined}
            tabIndex={imageId === focusThread ? -1 : undefined}
            paddingTop={2}
            padding={imageId === focusThread ? 2 : undefined}
            hasRadius
            background={imageId === focusThread ? 'primary100' : undefined}
            data-testid="proofing-thread"
            data-image={imageId}
            data-focused={imageId === focusThread ? 'true' : undefined}
          >
            <Flex gap={2} alignItems="center" paddingBottom={1}>
              {imageId && <PhotoThumb book={book} id={imageId} onOpen={(id) => onOpen([id], id)} />}
              <Typography fontWeight="semiBold">{name(imageId || null)}</Typography>
            </Flex>
            {thread.map((comment) => (
              <Typography key={comment.id} tag="p" textColor={comment.author === 'studio' ? 'primary600' : 'neutral800'}>
                {comment.author === 'studio' ? `${comment.authorName ?? t('proofing.studio', 'Studio')}: ` : `${t('proofing.client', 'Client')}: `}
                {comment.body}
              </Typography>
            ))}
            {canModify && (
              <Flex gap={2} alignItems="flex-end">
                <Box grow={1}>
                  <Textarea
                    aria-label={t('proofing.replyAbout', 'Reply about {name}', { name: name(imageId || null) })}
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
                  {t('proofing.reply', 'Reply')}
                </Button>
              </Flex>
            )}
          </Box>
        ))}
      </Box>

      {review.length > 0 && (
        <Box paddingTop={3}>
          <Typography variant="sigma" textColor="neutral600">
            {t('proofing.review', 'Review')}
          </Typography>
          {review.map((mark) => (
            <Flex key={mark.imageId ?? ''} gap={2} paddingTop={1} data-testid="proofing-review">
              <Typography>{name(mark.imageId)}</Typography>
              <Badge variant={mark.decision === 'approved' ? 'success' : mark.decision === 'in-review' ? 'secondary' : 'warning'}>
                {DECISIONS[mark.decision] ? t(DECISIONS[mark.decision]) : mark.decision}
              </Badge>
              {mark.note && <Typography textColor="neutral600">{mark.note}</Typography>}
              {canModify && mark.decision !== 'in-review' && mark.imageId && (
                <Button size="S" variant="tertiary" onClick={() => act(() => api.setInReview(link.documentId, mark.imageId!))}>
                  {t('proofing.backToReview', 'Back to in review')}
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

/**
 * The confirmed rounds, newest first, each with its photos in the order chosen. Only the newest
 * shows its photos at first: older rounds are history, opened one at a time.
 */
const Rounds = ({ recipient, book, onOpen }: { recipient: ProofingRecipient; book: PhotoBook; onOpen(ids: string[], id: string): void }) => {
  const t = useT();
  const [open, setOpen] = useState<number[]>(() => recipient.selection.rounds.slice(0, 1).map((round) => round.round));
  return (
    <Box paddingTop={3}>
      <Typography variant="pi" fontWeight="bold">
        {t('proofing.rounds', 'Confirmed rounds')}
      </Typography>
      {recipient.selection.rounds.map((round) => {
        const shown = open.includes(round.round);
        return (
          <Box key={round.round} paddingTop={2} data-testid="proofing-round" data-round={round.round}>
            <Flex gap={2} wrap="wrap" alignItems="center">
              <Typography variant="pi">
                {t('proofing.roundConfirmed', 'Round {round}, confirmed {date}: {count, plural, one {# photo} other {# photos}}', {
                  round: round.round,
                  date: formatDate(round.confirmedAt, false),
                  count: round.count,
                })}
              </Typography>
              {round.reopenReason && (
                <Typography variant="pi" textColor="neutral600">
                  {t('proofing.reopenedBecause', 'Reopened: {reason}', { reason: round.reopenReason })}
                </Typography>
              )}
              <Button variant="tertiary" onClick={() => setOpen(shown ? open.filter((r) => r !== round.round) : [...open, round.round])}>
                {shown ? t('proofing.hidePhotos', 'Hide photos') : t('proofing.showPhotos', 'Show photos')}
              </Button>
            </Flex>
            {shown && <ThumbList book={book} ids={round.items} numbered testId="proofing-round-items" onOpen={onOpen} />}
          </Box>
        );
      })}
    </Box>
  );
};
