import { Badge, Box, Button, Field, Flex, IconButton, Modal, Typography } from '@strapi/design-system';
import { ArrowClockwise, Cross } from '@strapi/icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import { UploadCancelled, useUploader, type UploadRequest } from '../utils/upload';
import { msg, useT, type Message } from '../utils/translations';

/** Files in flight at once: enough to keep the line busy, few enough not to starve the server's image work. */
export const UPLOADS_IN_FLIGHT = 3;

type State = 'ready' | 'waiting' | 'uploading' | 'created' | 'duplicate' | 'error' | 'cancelled';
interface Item {
  key: number;
  file: File;
  state: State;
  progress: number;
  message?: string;
  request?: UploadRequest;
}

const BADGE: Record<State, { variant: 'neutral' | 'secondary' | 'success' | 'warning' | 'danger'; text: Message }> = {
  ready: { variant: 'neutral', text: msg('upload.state.ready', 'Ready') },
  waiting: { variant: 'neutral', text: msg('upload.state.waiting', 'Waiting') },
  uploading: { variant: 'secondary', text: msg('upload.state.uploading', 'Uploading…') },
  created: { variant: 'success', text: msg('upload.state.created', 'Added') },
  duplicate: { variant: 'warning', text: msg('upload.state.duplicate', 'Already in gallery') },
  error: { variant: 'danger', text: msg('upload.state.error', 'Failed') },
  cancelled: { variant: 'neutral', text: msg('upload.state.cancelled', 'Cancelled') },
};
const FINISHED: State[] = ['created', 'duplicate', 'error', 'cancelled'];

interface Props {
  clientDocumentId: string;
  open: boolean;
  /** Files dropped on the Photos tab, which opened the dialog. */
  initialFiles?: File[];
  onClose(): void;
  onUploaded(): void;
}

/**
 * Upload photos to a client: chosen or dropped, one request per file (a bad file fails only its
 * own request and keeps the server's reason), up to UPLOADS_IN_FLIGHT at once, each with its own
 * progress bar, cancel and retry. A file ends as added, duplicate (same bytes already there),
 * failed or cancelled.
 */
export const UploadDialog = ({ clientDocumentId, open, initialFiles, onClose, onUploaded }: Props) => {
  const t = useT();
  const upload = useUploader();
  const input = useRef<HTMLInputElement>(null);
  const items = useRef<Item[]>([]);
  const nextKey = useRef(0);
  const created = useRef(0);
  const [, render] = useState(0);
  const [label, setLabel] = useState('');
  const [over, setOver] = useState(false);
  const refresh = () => render((v) => v + 1);

  const add = useCallback((files: File[]) => {
    items.current = [...items.current, ...files.map((file) => ({ key: nextKey.current++, file, state: 'ready' as State, progress: 0 }))];
    refresh();
  }, []);

  useEffect(() => {
    if (open && initialFiles?.length) add(initialFiles);
  }, [open, initialFiles, add]);

  const labelRef = useRef(label);
  labelRef.current = label;

  /** Start waiting files while fewer than UPLOADS_IN_FLIGHT are uploading; each one's end starts the next. */
  const pump = () => {
    for (const item of items.current) {
      if (items.current.filter((i) => i.state === 'uploading').length >= UPLOADS_IN_FLIGHT) break;
      if (item.state !== 'waiting') continue;
      item.state = 'uploading';
      item.progress = 0;
      item.request = upload(clientDocumentId, item.file, labelRef.current.trim() || undefined, (fraction) => {
        item.progress = fraction;
        refresh();
      });
      item.request.done
        .then(
          ({ results }) => {
            item.progress = 1;
            if (results[0]?.status === 'duplicate') {
              item.state = 'duplicate';
              item.message = t('upload.duplicate', 'The same photo is already in this gallery');
            } else {
              item.state = 'created';
              created.current += 1;
            }
          },
          (error: Error) => {
            item.state = error instanceof UploadCancelled ? 'cancelled' : 'error';
            item.message =
              error instanceof UploadCancelled
                ? undefined
                : error.message === 'network'
                  ? t('upload.network', 'The connection failed. Retry when you are back online.')
                  : error.message;
          },
        )
        .finally(() => {
          item.request = undefined;
          if (!items.current.some((i) => i.state === 'waiting' || i.state === 'uploading') && created.current > 0) {
            created.current = 0;
            onUploaded();
          }
          pump();
          refresh();
        });
    }
    refresh();
  };

  const queue = (which: (item: Item) => boolean) => {
    items.current.forEach((item) => {
      if (which(item)) {
        item.state = 'waiting';
        item.message = undefined;
      }
    });
    pump();
  };

  const cancel = (item: Item) => {
    if (item.state === 'waiting' || item.state === 'ready') item.state = 'cancelled';
    else item.request?.abort();
    refresh();
  };

  const list = items.current;
  const ready = list.filter((i) => i.state === 'ready').length;
  const busy = list.some((i) => i.state === 'waiting' || i.state === 'uploading');
  const finished = list.length > 0 && list.every((i) => FINISHED.includes(i.state));

  const close = () => {
    if (busy) return;
    items.current = [];
    setLabel('');
    if (input.current) input.current.value = '';
    onClose();
  };

  return (
    <Modal.Root open={open} onOpenChange={(isOpen: boolean) => !isOpen && close()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('upload.title', 'Upload photos')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Box
              padding={6}
              background={over ? 'primary100' : 'neutral100'}
              hasRadius
              borderStyle="dashed"
              borderWidth="1px"
              borderColor={over ? 'primary600' : 'neutral300'}
              data-testid="upload-dropzone"
              onDragOver={(event: React.DragEvent) => {
                event.preventDefault();
                setOver(true);
              }}
              onDragLeave={() => setOver(false)}
              onDrop={(event: React.DragEvent) => {
                event.preventDefault();
                setOver(false);
                add(Array.from(event.dataTransfer.files));
              }}
            >
              <Flex direction="column" gap={2}>
                <Typography variant="omega" textColor="neutral600">
                  {t('upload.hint', 'Drop photos here, or choose them. JPEG, PNG, WebP, TIFF or HEIF. The date is read from the photo when it has one.')}
                </Typography>
                <Button variant="secondary" onClick={() => input.current?.click()}>
                  {t('upload.choose', 'Choose photos')}
                </Button>
                <input
                  ref={input}
                  type="file"
                  multiple
                  accept="image/*"
                  aria-label={t('upload.input', 'Photos to upload')}
                  data-testid="upload-input"
                  style={{ display: 'none' }}
                  onChange={(event) => {
                    add(Array.from(event.target.files ?? []));
                    event.target.value = '';
                  }}
                />
              </Flex>
            </Box>
            <Field.Root name="label" hint={t('upload.label.hint', 'Applied to every photo in this upload, e.g. “Before” or “Week 4”.')}>
              <Field.Label>{t('upload.label', 'Label (optional)')}</Field.Label>
              <Field.Input
                value={label}
                maxLength={120}
                disabled={busy}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => setLabel(event.target.value)}
              />
              <Field.Hint />
            </Field.Root>
            {list.length > 0 && (
              <Flex direction="column" alignItems="stretch" gap={3} data-testid="upload-results">
                {list.map((item) => (
                  <Box key={item.key} data-testid="upload-result" data-state={item.state}>
                    <Flex justifyContent="space-between" gap={2}>
                      <Flex direction="column" alignItems="flex-start" style={{ minWidth: 0 }}>
                        <Typography variant="omega" ellipsis>
                          {item.file.name}
                        </Typography>
                        {item.message && (
                          <Typography variant="pi" textColor={item.state === 'error' ? 'danger600' : 'neutral600'}>
                            {item.message}
                          </Typography>
                        )}
                      </Flex>
                      <Flex gap={1}>
                        <Badge variant={BADGE[item.state].variant}>{t(BADGE[item.state].text)}</Badge>
                        {(item.state === 'error' || item.state === 'cancelled') && (
                          <IconButton
                            label={t('upload.retry', 'Retry {name}', { name: item.file.name })}
                            variant="ghost"
                            size="S"
                            onClick={() => queue((i) => i === item)}
                          >
                            <ArrowClockwise />
                          </IconButton>
                        )}
                        {!FINISHED.includes(item.state) && (
                          <IconButton
                            label={t('upload.cancelFile', 'Cancel {name}', { name: item.file.name })}
                            variant="ghost"
                            size="S"
                            onClick={() => cancel(item)}
                          >
                            <Cross />
                          </IconButton>
                        )}
                      </Flex>
                    </Flex>
                    {item.state === 'uploading' && (
                      <Progress value={Math.round(item.progress * 100)} label={t('upload.progress', 'Upload of {name}', { name: item.file.name })} />
                    )}
                  </Box>
                ))}
              </Flex>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          {busy ? (
            <Button variant="tertiary" onClick={() => list.forEach(cancel)}>
              {t('upload.cancelAll', 'Cancel uploads')}
            </Button>
          ) : (
            <Modal.Close>
              <Button variant="tertiary">{finished ? t('common.close', 'Close') : t('common.cancel', 'Cancel')}</Button>
            </Modal.Close>
          )}
          <Button onClick={() => queue((i) => i.state === 'ready')} loading={busy} disabled={ready === 0 || busy}>
            {ready > 1 ? t('upload.start.many', 'Upload {count} photos', { count: ready }) : t('upload.start', 'Upload')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/** One file's bar: the design system's ProgressBar is drawn for dark backgrounds, this one for the modal's light one. */
const Progress = ({ value, label }: { value: number; label: string }) => (
  <Flex gap={2} paddingTop={1} alignItems="center">
    <Box
      flex="1"
      background="neutral150"
      hasRadius
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      data-testid="upload-progress"
      style={{ height: 6, overflow: 'hidden' }}
    >
      <Box background="primary600" style={{ height: '100%', width: `${value}%`, transition: 'width 120ms linear' }} />
    </Box>
    <Typography variant="pi" textColor="neutral600" style={{ minWidth: 36, textAlign: 'right' }}>
      {value}%
    </Typography>
  </Flex>
);
