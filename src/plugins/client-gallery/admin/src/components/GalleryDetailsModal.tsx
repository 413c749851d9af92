import { Button, Checkbox, Field, Flex, Grid, Modal, SingleSelect, SingleSelectOption, Textarea, Typography } from '@strapi/design-system';
import { useEffect, useState } from 'react';
import type { AdminGallery, GalleryStatus, NewGalleryRequest } from '../../../shared/contracts';
import { errorMessage } from '../utils/api';

export type GalleryFormMode = { kind: 'create' } | { kind: 'edit'; gallery: AdminGallery };

const STATUSES: Array<{ value: GalleryStatus; label: string; hint: string }> = [
  { value: 'proofing', label: 'Proofing', hint: 'The client picks favourites.' },
  { value: 'locked', label: 'Locked', hint: 'Selection is closed.' },
  { value: 'ready', label: 'Ready', hint: 'Downloads are open.' },
  { value: 'archived', label: 'Archived', hint: 'Kept, read-only.' },
];

/**
 * Make a gallery from a client's photos (all of them, or those with one label), or edit a
 * gallery's details. A new gallery starts unpublished: links show it as Unavailable until the
 * studio publishes it.
 */
export const GalleryDetailsModal = ({
  mode,
  onClose,
  onSubmit,
}: {
  mode: GalleryFormMode | null;
  onClose(): void;
  onSubmit(values: NewGalleryRequest): Promise<void>;
}) => {
  const gallery = mode?.kind === 'edit' ? mode.gallery : null;
  const [title, setTitle] = useState('');
  const [status, setStatus] = useState<GalleryStatus>('proofing');
  const [shootDate, setShootDate] = useState('');
  const [deadline, setDeadline] = useState('');
  const [welcomeNote, setWelcomeNote] = useState('');
  const [byLabel, setByLabel] = useState(false);
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setTitle(gallery?.title ?? '');
    setStatus(gallery?.status ?? 'proofing');
    setShootDate(gallery?.shootDate ?? '');
    setDeadline(gallery?.deadline ?? '');
    setWelcomeNote(gallery?.welcomeNote ?? '');
    setByLabel(false);
    setLabel('');
    setError(null);
  }, [mode, gallery]);

  if (!mode) return null;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return setError('Give the gallery a title.');
    if (byLabel && !label.trim()) return setError('Type the label of the photos to include.');
    const values: NewGalleryRequest = { title: title.trim(), status, shootDate: shootDate || null, deadline: deadline || null };
    if (welcomeNote.trim() || gallery) values.welcomeNote = welcomeNote.trim() || null;
    if (mode.kind === 'create' && byLabel) values.label = label.trim();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal.Root open onOpenChange={(isOpen: boolean) => !isOpen && !busy && onClose()}>
      <Modal.Content>
        <form onSubmit={submit} noValidate data-testid="gallery-form">
          <Modal.Header>
            <Modal.Title>{mode.kind === 'create' ? 'New gallery' : 'Gallery details'}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              {mode.kind === 'create' && (
                <Typography variant="omega" textColor="neutral600">
                  The gallery starts unpublished: share links show it as Unavailable until you publish it.
                </Typography>
              )}
              <Field.Root name="title" required>
                <Field.Label>Title</Field.Label>
                <Field.Input value={title} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTitle(e.target.value)} />
              </Field.Root>
              <Grid.Root gap={4}>
                <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                  <Field.Root name="status" hint={STATUSES.find((s) => s.value === status)?.hint}>
                    <Field.Label>Status</Field.Label>
                    <SingleSelect value={status} onChange={(value: string | number) => setStatus(value as GalleryStatus)}>
                      {STATUSES.map((s) => (
                        <SingleSelectOption key={s.value} value={s.value}>
                          {s.label}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                    <Field.Hint />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={4} s={6} direction="column" alignItems="stretch">
                  <Field.Root name="shootDate">
                    <Field.Label>Shoot date</Field.Label>
                    <Field.Input type="date" value={shootDate} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setShootDate(e.target.value)} />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={4} s={6} direction="column" alignItems="stretch">
                  <Field.Root name="deadline">
                    <Field.Label>Selection deadline</Field.Label>
                    <Field.Input type="date" value={deadline} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDeadline(e.target.value)} />
                  </Field.Root>
                </Grid.Item>
              </Grid.Root>
              <Field.Root name="welcomeNote" hint="Shown at the top of the gallery.">
                <Field.Label>Welcome note</Field.Label>
                <Textarea value={welcomeNote} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setWelcomeNote(e.target.value)} />
                <Field.Hint />
              </Field.Root>
              {mode.kind === 'create' && (
                <Flex direction="column" alignItems="stretch" gap={3}>
                  <Typography variant="sigma" textColor="neutral600">Photos</Typography>
                  <Checkbox checked={byLabel} onCheckedChange={(v: boolean | 'indeterminate') => setByLabel(v === true)}>
                    Only the photos with one label (otherwise all of the client's photos, newest first)
                  </Checkbox>
                  {byLabel && (
                    <Field.Root name="label">
                      <Field.Label>Label</Field.Label>
                      <Field.Input value={label} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setLabel(e.target.value)} />
                    </Field.Root>
                  )}
                </Flex>
              )}
              {error && (
                <Typography textColor="danger600" role="alert">
                  {error}
                </Typography>
              )}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary" disabled={busy}>Cancel</Button>
            </Modal.Close>
            <Button type="submit" loading={busy}>
              {mode.kind === 'create' ? 'Create gallery' : 'Save'}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
