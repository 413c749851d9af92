import { Badge, Box, Button, Field, Flex, Modal, Typography } from '@strapi/design-system';
import { useRef, useState } from 'react';
import { errorMessage, useGalleryApi } from '../utils/api';

type Outcome = { name: string; state: 'waiting' | 'uploading' | 'created' | 'duplicate' | 'error'; message?: string };

const BADGE: Record<Outcome['state'], { variant: 'neutral' | 'secondary' | 'success' | 'warning' | 'danger'; text: string }> = {
  waiting: { variant: 'neutral', text: 'Waiting' },
  uploading: { variant: 'secondary', text: 'Uploading…' },
  created: { variant: 'success', text: 'Added' },
  duplicate: { variant: 'warning', text: 'Already in gallery' },
  error: { variant: 'danger', text: 'Failed' },
};

/**
 * Upload photos to a client's gallery. Files go one request each, so one bad file does not sink
 * the batch and every file gets its own result: added, duplicate (same bytes already there) or error.
 */
export const UploadDialog = ({ clientDocumentId, open, onClose, onUploaded }: { clientDocumentId: string; open: boolean; onClose(): void; onUploaded(): void }) => {
  const { uploadPhoto } = useGalleryApi();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [label, setLabel] = useState('');
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setFiles([]);
    setLabel('');
    setOutcomes([]);
    if (input.current) input.current.value = '';
  };

  const start = async () => {
    setBusy(true);
    const next: Outcome[] = files.map((file) => ({ name: file.name, state: 'waiting' }));
    setOutcomes([...next]);
    for (const [i, file] of files.entries()) {
      next[i] = { name: file.name, state: 'uploading' };
      setOutcomes([...next]);
      try {
        const { results } = await uploadPhoto(clientDocumentId, file, label.trim() || undefined);
        const result = results[0];
        next[i] = result?.status === 'duplicate' ? { name: file.name, state: 'duplicate', message: 'The same photo is already in this gallery' } : { name: file.name, state: 'created' };
      } catch (error) {
        next[i] = { name: file.name, state: 'error', message: errorMessage(error) };
      }
      setOutcomes([...next]);
    }
    setBusy(false);
    setFiles([]);
    if (input.current) input.current.value = '';
    onUploaded();
  };

  const done = outcomes.length > 0 && !busy;

  return (
    <Modal.Root
      open={open}
      onOpenChange={(isOpen: boolean) => {
        if (!isOpen && !busy) {
          reset();
          onClose();
        }
      }}
    >
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>Upload photos</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Box padding={6} background="neutral100" hasRadius borderStyle="dashed" borderWidth="1px" borderColor="neutral300">
              <Flex direction="column" gap={2}>
                <Typography variant="omega" textColor="neutral600">JPEG, PNG, WebP, TIFF or HEIF. The date is read from the photo when it has one.</Typography>
                <Button variant="secondary" onClick={() => input.current?.click()} disabled={busy}>
                  Choose photos
                </Button>
                <input
                  ref={input}
                  type="file"
                  multiple
                  accept="image/*"
                  aria-label="Photos to upload"
                  data-testid="upload-input"
                  style={{ display: 'none' }}
                  onChange={(event) => {
                    setFiles(Array.from(event.target.files ?? []));
                    setOutcomes([]);
                  }}
                />
                {files.length > 0 && (
                  <Typography variant="pi" fontWeight="bold">
                    {files.length === 1 ? files[0].name : `${files.length} photos selected`}
                  </Typography>
                )}
              </Flex>
            </Box>
            <Field.Root name="label" hint="Applied to every photo in this upload, e.g. “Before” or “Week 4”.">
              <Field.Label>Label (optional)</Field.Label>
              <Field.Input value={label} maxLength={120} disabled={busy} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setLabel(event.target.value)} />
              <Field.Hint />
            </Field.Root>
            {outcomes.length > 0 && (
              <Flex direction="column" alignItems="stretch" gap={2} data-testid="upload-results">
                {outcomes.map((outcome, i) => (
                  <Flex key={`${outcome.name}-${i}`} justifyContent="space-between" gap={2} data-testid="upload-result" data-state={outcome.state}>
                    <Flex direction="column" alignItems="flex-start">
                      <Typography variant="omega" ellipsis>{outcome.name}</Typography>
                      {outcome.message && <Typography variant="pi" textColor={outcome.state === 'error' ? 'danger600' : 'neutral600'}>{outcome.message}</Typography>}
                    </Flex>
                    <Badge variant={BADGE[outcome.state].variant}>{BADGE[outcome.state].text}</Badge>
                  </Flex>
                ))}
              </Flex>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary" disabled={busy}>{done ? 'Close' : 'Cancel'}</Button>
          </Modal.Close>
          <Button onClick={start} loading={busy} disabled={files.length === 0 || busy}>
            {files.length > 1 ? `Upload ${files.length} photos` : 'Upload'}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
