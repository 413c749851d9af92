import { Badge, Box, Button, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import type { ClientSummary } from '../../../shared/contracts';
import { errorMessage, useGalleryApi, type MergePreview, type MergeRecord } from '../utils/api';
import { formatDate } from '../utils/format';
import { FormModal } from './FormModal';

/** *Merge into…*: pick the client this one becomes part of, see what would move (per kind), confirm. */
export const MergeModal = ({ client, onClose, onMerged }: { client: ClientSummary; onClose(): void; onMerged(): void }) => {
  const { listClients, mergePreview, mergeClients } = useGalleryApi();
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
      title={`Merge ${client.name} into…`}
      submitLabel="Merge"
      submitDisabled={!preview}
      testId="merge-form"
      onClose={onClose}
      onSubmit={async () => {
        await mergeClients(client.documentId, target);
        onMerged();
      }}
    >
      <SingleSelect
        aria-label="Merge into"
        placeholder="Choose the client to merge into"
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
          <Typography>{`Moves from ${preview.source.name} to ${preview.target.name}:`}</Typography>
          <ul>
            {preview.kinds.map((kind) => (
              <li key={kind.uid}>
                <Typography>{`${kind.label}: ${kind.count}`}</Typography>
              </li>
            ))}
            <li>
              <Typography>{`Share links (with their galleries): ${preview.shareLinks}`}</Typography>
            </li>
          </ul>
          <Typography variant="pi" textColor="neutral600">
            {`${preview.source.name} is then marked as merged. The merge can be undone from its history.`}
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
        Merges
      </Typography>
      {merges.map((merge) => (
        <Flex key={merge.documentId} justifyContent="space-between" paddingTop={2} gap={2}>
          <Typography>{`${merge.source?.name ?? '?'} merged into ${merge.target?.name ?? '?'} · ${formatDate(merge.mergedAt)}`}</Typography>
          {merge.undoneAt ? (
            <Badge>{`Undone ${formatDate(merge.undoneAt)}`}</Badge>
          ) : (
            canModify && (
              <Button
                variant="secondary"
                size="S"
                onClick={async () => {
                  try {
                    await undoMerge(merge.documentId);
                    toggleNotification({ type: 'success', message: 'Merge undone' });
                    await load();
                    onUndone();
                  } catch (e) {
                    toggleNotification({ type: 'danger', message: errorMessage(e) });
                  }
                }}
              >
                Undo
              </Button>
            )
          )}
        </Flex>
      ))}
    </Box>
  );
};
