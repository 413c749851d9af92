import { Badge, Box, Button, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import type { ClientSummary, MergePreview, MergeRecord } from '../../../shared/contracts';
import { errorMessage, useGalleryApi } from '../utils/api';
import { formatDate } from '../utils/format';
import { useT } from '../utils/translations';
import { FormModal } from './FormModal';

/** *Merge into…*: pick the client this one becomes part of, see what would move (per kind), confirm. */
export const MergeModal = ({ client, onClose, onMerged }: { client: ClientSummary; onClose(): void; onMerged(): void }) => {
  const { listClients, mergePreview, mergeClients } = useGalleryApi();
  const t = useT();
  const [targets, setTargets] = useState<ClientSummary[]>([]);
  const [target, setTarget] = useState('');
  const [preview, setPreview] = useState<MergePreview | null>(null);

  useEffect(() => {
    listClients({ page: 1, pageSize: 100 }).then((page) => setTargets(page.results.filter((c) => c.documentId !== client.documentId && !c.mergedInto)));
  }, [client.documentId, listClients]);
  useEffect(() => {
    setPreview(null);
    if (target) mergePreview(client.documentId, target).then(setPreview, () => setPreview(null));
  }, [client.documentId, mergePreview, target]);

  return (
    <FormModal
      title={t('merge.title', 'Merge {name} into…', { name: client.name })}
      submitLabel={t('merge.submit', 'Merge')}
      submitDisabled={!preview}
      testId="merge-form"
      onClose={onClose}
      onSubmit={async () => {
        await mergeClients(client.documentId, target);
        onMerged();
      }}
    >
      <SingleSelect
        aria-label={t('merge.target', 'Merge into')}
        placeholder={t('merge.target.placeholder', 'Choose the client to merge into')}
        value={target}
        onChange={(value: string | number) => setTarget(String(value))}
      >
        {targets.map((c) => (
          <SingleSelectOption key={c.documentId} value={c.documentId}>
            {c.name}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      {preview && (
        <Box data-testid="merge-preview">
          <Typography>{t('merge.preview.moves', 'Moves from {source} to {target}:', { source: preview.source.name, target: preview.target.name })}</Typography>
          <ul>
            {preview.kinds.map((kind) => (
              <li key={kind.uid}>
                <Typography>{t('merge.preview.kind', '{kind}: {count}', { kind: kind.label, count: kind.count })}</Typography>
              </li>
            ))}
            <li>
              <Typography>{t('merge.preview.links', 'Share links (with their galleries): {count}', { count: preview.shareLinks })}</Typography>
            </li>
          </ul>
          <Typography variant="pi" textColor="neutral600">
            {t('merge.preview.after', '{name} is then marked as merged. The merge can be undone from its history.', { name: preview.source.name })}
          </Typography>
        </Box>
      )}
    </FormModal>
  );
};

/** The merges this client took part in, newest first, each with *Undo* while it stands. */
export const MergeHistory = ({
  clientDocumentId,
  canModify,
  version,
  onUndone,
}: {
  clientDocumentId: string;
  canModify: boolean;
  version: number;
  onUndone(): void;
}) => {
  const { listMerges, undoMerge } = useGalleryApi();
  const t = useT();
  const { toggleNotification } = useNotification();
  const [merges, setMerges] = useState<MergeRecord[]>([]);
  const load = useCallback(() => listMerges(clientDocumentId).then(setMerges), [clientDocumentId, listMerges]);
  useEffect(() => {
    load();
  }, [load, version]);
  if (merges.length === 0) return null;
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} marginBottom={4} data-testid="merge-history">
      <Typography variant="delta" tag="h2">
        {t('merge.history', 'Merges')}
      </Typography>
      {merges.map((merge) => (
        <Flex key={merge.documentId} justifyContent="space-between" paddingTop={2} gap={2}>
          <Typography>
            {t('merge.history.item', '{source} merged into {target} · {date}', {
              source: merge.source?.name ?? '?',
              target: merge.target?.name ?? '?',
              date: formatDate(merge.mergedAt),
            })}
          </Typography>
          {merge.undoneAt ? (
            <Badge>{t('merge.undone', 'Undone {date}', { date: formatDate(merge.undoneAt) })}</Badge>
          ) : (
            canModify && (
              <Button
                variant="secondary"
                size="S"
                onClick={async () => {
                  try {
                    await undoMerge(merge.documentId);
                    toggleNotification({ type: 'success', message: t('merge.undoDone', 'Merge undone') });
                    await load();
                    onUndone();
                  } catch (e) {
                    toggleNotification({ type: 'danger', message: errorMessage(e) });
                  }
                }}
              >
                {t('merge.undo', 'Undo')}
              </Button>
            )
          )}
        </Flex>
      ))}
    </Box>
  );
};
