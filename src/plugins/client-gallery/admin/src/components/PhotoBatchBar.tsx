import { Alert, Button, Field, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Download, Duplicate, Images, Pencil, Trash } from '@strapi/icons';
import { useEffect, useState } from 'react';
import type { AdminGallery, AdminImage } from '../../../shared/contracts';
import { errorMessage, saveBlob, useGalleryApi } from '../utils/api';
import { usePhotoBatchApi } from '../utils/photo-batch-api';
import { formatDate } from '../utils/format';
import { useT } from '../utils/translations';
import { ConfirmDialog } from './ConfirmDialog';
import { FormModal } from './FormModal';

export const MAX_COMPARE = 4;

/** What the last batch action did, shown above the photos until dismissed. */
export interface BatchOutcome {
  variant: 'success' | 'warning' | 'danger';
  title: string;
  failures: Array<{ name: string; message: string }>;
}

interface Props {
  images: AdminImage[];
  selected: string[];
  pageIds: string[];
  canModify: boolean;
  clientDocumentId: string;
  onSelectAll(): void;
  onClear(): void;
  onCompare(): void;
  onLabelled(ids: string[], label: string | null): void;
  onDeleted(ids: string[]): void;
}

/**
 * The Photos tab's selection bar: how many are ticked, select all on the page, clear, Compare
 * (2 to 4), and for Modify users the batch actions: set label, add to a gallery, download the
 * originals as a zip, delete. Each reports what it did; a delete the server refuses as a whole
 * (a record's photo is in it) is retried photo by photo, so the others still go and each refusal
 * is listed with the server's reason.
 */
export const PhotoBatchBar = (props: Props) => {
  const { images, selected, pageIds, canModify, clientDocumentId } = props;
  const t = useT();
  const api = { ...useGalleryApi(), ...usePhotoBatchApi() };
  const [dialog, setDialog] = useState<'label' | 'gallery' | 'delete' | null>(null);
  const [zipping, setZipping] = useState(false);
  const [outcome, setOutcome] = useState<BatchOutcome | null>(null);
  const count = selected.length;
  const nameOf = (id: string) => {
    const image = images.find((i) => i.documentId === id);
    return image?.label ?? t('photo.takenOn', 'Photo taken {date}', { date: formatDate(image?.takenAt) });
  };
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.includes(id));

  const zip = async () => {
    setZipping(true);
    try {
      saveBlob(await api.batchZip(selected), `photos-${count}.zip`);
      setOutcome({
        variant: 'success',
        title: t('batch.zipped', '{count, plural, one {# photo} other {# photos}} downloaded as a zip', { count }),
        failures: [],
      });
    } catch (e) {
      setOutcome({ variant: 'danger', title: t('batch.zipFailed', 'The zip could not be made: {message}', { message: errorMessage(e) }), failures: [] });
    } finally {
      setZipping(false);
    }
  };

  const remove = async () => {
    const ids = [...selected];
    try {
      await api.batchDelete(ids);
      props.onDeleted(ids);
      setOutcome({
        variant: 'success',
        title: t('batch.deleted', '{count, plural, one {# photo} other {# photos}} deleted', { count: ids.length }),
        failures: [],
      });
    } catch (e) {
      if ((e as { status?: number }).status !== 409) {
        setOutcome({ variant: 'danger', title: errorMessage(e), failures: [] });
        setDialog(null);
        return;
      }
      // One record's photo refused the whole batch: delete the others one by one and list each refusal.
      const deleted: string[] = [];
      const failures: BatchOutcome['failures'] = [];
      for (const id of ids) {
        try {
          await api.deletePhoto(id);
          deleted.push(id);
        } catch (error) {
          failures.push({ name: nameOf(id), message: errorMessage(error) });
        }
      }
      props.onDeleted(deleted);
      setOutcome({
        variant: deleted.length ? 'warning' : 'danger',
        title: t('batch.deletedSome', '{deleted, plural, one {# photo} other {# photos}} deleted, {kept, plural, one {# photo} other {# photos}} kept', {
          deleted: deleted.length,
          kept: failures.length,
        }),
        failures,
      });
    }
    setDialog(null);
  };

  return (
    <>
      <Flex
        justifyContent="space-between"
        alignItems="center"
        wrap="wrap"
        gap={2}
        padding={3}
        paddingLeft={4}
        marginBottom={4}
        background={count ? 'primary100' : 'neutral0'}
        hasRadius
        shadow="tableShadow"
        data-testid="selection-bar"
      >
        <Typography variant="omega" textColor={count ? 'primary700' : 'neutral600'} data-testid="selection-status" aria-live="polite">
          {count === 0
            ? canModify
              ? t(
                  'selection.hint.modify',
                  'Newest first. Tick photos (Shift for a range) to compare 2 to {max}, label, add to a gallery, download or delete them.',
                  { max: MAX_COMPARE },
                )
              : t('selection.hint', 'Newest first. Select 2 to {max} photos to compare them side by side.', { max: MAX_COMPARE })
            : t('selection.count', '{count} selected', { count })}
        </Typography>
        <Flex gap={2} wrap="wrap">
          {!allOnPage && pageIds.length > 0 && (
            <Button variant="tertiary" onClick={props.onSelectAll}>
              {t('selection.all', 'Select all ({count})', { count: pageIds.length })}
            </Button>
          )}
          {count > 0 && (
            <Button variant="tertiary" onClick={props.onClear}>
              {t('selection.clear', 'Clear')}
            </Button>
          )}
          {canModify && count > 0 && (
            <>
              <Button variant="secondary" startIcon={<Pencil />} onClick={() => setDialog('label')}>
                {t('batch.label', 'Set label')}
              </Button>
              <Button variant="secondary" startIcon={<Images />} onClick={() => setDialog('gallery')}>
                {t('batch.addToGallery', 'Add to gallery')}
              </Button>
              <Button variant="secondary" startIcon={<Download />} loading={zipping} onClick={zip}>
                {t('batch.zip', 'Download zip')}
              </Button>
              <Button variant="danger-light" startIcon={<Trash />} onClick={() => setDialog('delete')}>
                {t('batch.delete', 'Delete')}
              </Button>
            </>
          )}
          <Button
            startIcon={<Duplicate />}
            disabled={count < 2 || count > MAX_COMPARE}
            title={count > MAX_COMPARE ? t('selection.compareMax', 'Compare takes 2 to {max} photos', { max: MAX_COMPARE }) : undefined}
            onClick={props.onCompare}
          >
            {count >= 2 ? t('selection.compareCount', 'Compare ({count})', { count }) : t('selection.compare', 'Compare')}
          </Button>
        </Flex>
      </Flex>
      {outcome && (
        <Alert
          variant={outcome.variant}
          title=""
          closeLabel={t('common.dismiss', 'Dismiss')}
          onClose={() => setOutcome(null)}
          data-testid="batch-outcome"
          style={{ marginBottom: 16 }}
        >
          <Flex direction="column" alignItems="flex-start" gap={1} tag="span">
            <Typography fontWeight="bold">{outcome.title}</Typography>
            {outcome.failures.map((failure, i) => (
              <Typography key={i} variant="pi" data-testid="batch-failure">
                {failure.name}: {failure.message}
              </Typography>
            ))}
          </Flex>
        </Alert>
      )}
      {dialog === 'label' && (
        <BatchLabelDialog
          count={count}
          onClose={() => setDialog(null)}
          onSave={async (label) => {
            const ids = [...selected];
            await api.batchLabel(ids, label || null);
            props.onLabelled(ids, label || null);
            setOutcome({
              variant: 'success',
              title: label
                ? t('batch.labelled', 'Label “{label}” set on {count, plural, one {# photo} other {# photos}}', { label, count: ids.length })
                : t('batch.unlabelled', 'Label removed from {count, plural, one {# photo} other {# photos}}', { count: ids.length }),
              failures: [],
            });
            setDialog(null);
          }}
        />
      )}
      {dialog === 'gallery' && (
        <AddToGalleryDialog
          clientDocumentId={clientDocumentId}
          count={count}
          onClose={() => setDialog(null)}
          onAdd={async (gallery) => {
            const after = await api.batchAddToGallery(selected, gallery.documentId);
            const added = after.imageCount - gallery.imageCount;
            setOutcome({
              variant: 'success',
              title: t(
                'batch.added',
                '{added, plural, one {# photo} other {# photos}} added to “{title}”{already, plural, =0 {} one {; # was already in it} other {; # were already in it}}',
                {
                  added,
                  already: count - added,
                  title: gallery.title,
                },
              ),
              failures: [],
            });
            setDialog(null);
          }}
        />
      )}
      <ConfirmDialog
        open={dialog === 'delete'}
        title={t('batch.delete.title', 'Delete {count, plural, one {# photo} other {# photos}}?', { count })}
        body={t(
          'batch.delete.body',
          'Each photo, its original file and every size made from it are deleted, and it leaves every gallery it was in. A note’s, form’s or appointment’s photo is kept: remove it from its record. This cannot be undone.',
        )}
        confirmLabel={t('batch.delete', 'Delete')}
        onClose={() => setDialog(null)}
        onConfirm={remove}
      />
    </>
  );
};

const BatchLabelDialog = ({ count, onClose, onSave }: { count: number; onClose(): void; onSave(label: string): Promise<void> }) => {
  const t = useT();
  const [label, setLabel] = useState('');
  return (
    <FormModal
      title={t('batch.label.title', 'Label {count, plural, one {# photo} other {# photos}}', { count })}
      submitLabel={t('common.save', 'Save')}
      testId="batch-label-form"
      onClose={onClose}
      onSubmit={async () => {
        if (label.trim().length > 120) return t('label.tooLong', 'A label has at most 120 characters.');
        await onSave(label.trim());
      }}
    >
      <Field.Root name="label" hint={t('batch.label.hint', 'Replaces the label of every selected photo. Empty removes it.')}>
        <Field.Label>{t('label.field', 'Label')}</Field.Label>
        <Field.Input value={label} autoFocus onChange={(e: React.ChangeEvent<HTMLInputElement>) => setLabel(e.target.value)} />
        <Field.Hint />
      </Field.Root>
    </FormModal>
  );
};

const AddToGalleryDialog = (props: { clientDocumentId: string; count: number; onClose(): void; onAdd(gallery: AdminGallery): Promise<void> }) => {
  const t = useT();
  const { listGalleries } = useGalleryApi();
  const [galleries, setGalleries] = useState<AdminGallery[] | null>(null);
  const [chosen, setChosen] = useState('');
  useEffect(() => {
    listGalleries(props.clientDocumentId).then(setGalleries, () => setGalleries([]));
  }, [listGalleries, props.clientDocumentId]);
  const gallery = galleries?.find((g) => g.documentId === chosen);
  return (
    <FormModal
      title={t('batch.gallery.title', 'Add {count, plural, one {# photo} other {# photos}} to a gallery', { count: props.count })}
      submitLabel={t('batch.addToGallery', 'Add to gallery')}
      submitDisabled={!gallery}
      testId="batch-gallery-form"
      onClose={props.onClose}
      onSubmit={async () => (gallery ? props.onAdd(gallery) : t('batch.gallery.none', 'Choose a gallery.'))}
    >
      {galleries && galleries.length === 0 ? (
        <Typography textColor="neutral600">{t('batch.gallery.empty', 'This client has no galleries yet. Make one in “Galleries & sharing”.')}</Typography>
      ) : (
        <Field.Root name="gallery" hint={t('batch.gallery.hint', 'The photos go at the end of the gallery; photos already in it stay where they are.')}>
          <Field.Label>{t('batch.gallery.field', 'Gallery')}</Field.Label>
          <SingleSelect
            value={chosen}
            onChange={(value: string | number) => setChosen(String(value))}
            placeholder={t('batch.gallery.placeholder', 'Choose a gallery')}
          >
            {(galleries ?? []).map((g) => (
              <SingleSelectOption key={g.documentId} value={g.documentId}>
                {t('batch.gallery.option', '{title} ({count, plural, one {# photo} other {# photos}})', { title: g.title, count: g.imageCount })}
              </SingleSelectOption>
            ))}
          </SingleSelect>
          <Field.Hint />
        </Field.Root>
      )}
    </FormModal>
  );
};
