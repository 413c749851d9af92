import { Field, Flex, Grid, SingleSelect, SingleSelectOption, Textarea, Typography } from '@strapi/design-system';
import { LabelledCheckbox } from './LabelledCheckbox';
import { useEffect, useState } from 'react';
import type { WatermarkDesignChoice } from '../../../shared/watermarks';
import { useWatermarkApi } from '../utils/watermark-api';
import type { AdminGallery, GalleryProofingOptions, NewGalleryRequest } from '../../../shared/contracts';
import { GALLERY_STATUSES, type GalleryStatus } from '../../../shared/public-api';
import { msg, useT, type Message } from '../utils/translations';
import { FormModal } from './FormModal';
import { parseReminderDays, reminderFieldsOf, ReminderOptions, type ReminderFields } from './ReminderOptions';

export type GalleryFormMode = { kind: 'create' } | { kind: 'edit'; gallery: AdminGallery };

const STATUS_TEXT: Record<GalleryStatus, { label: Message; hint: Message }> = {
  proofing: { label: msg('gallery.status.proofing', 'Proofing'), hint: msg('gallery.status.proofing.hint', 'The client selects the photos for their final set.') },
  locked: { label: msg('gallery.status.locked', 'Locked'), hint: msg('gallery.status.locked.hint', 'Selection is closed.') },
  ready: { label: msg('gallery.status.ready', 'Ready'), hint: msg('gallery.status.ready.hint', 'Downloads are open.') },
  archived: { label: msg('gallery.status.archived', 'Archived'), hint: msg('gallery.status.archived.hint', 'Kept, read-only.') },
};

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
}) => (mode ? <GalleryForm key={mode.kind === 'edit' ? mode.gallery.documentId : 'create'} mode={mode} onClose={onClose} onSubmit={onSubmit} /> : null);

const GalleryForm = ({ mode, onClose, onSubmit }: { mode: GalleryFormMode; onClose(): void; onSubmit(values: NewGalleryRequest): Promise<void> }) => {
  const t = useT();
  const gallery = mode.kind === 'edit' ? mode.gallery : null;
  const [title, setTitle] = useState(gallery?.title ?? '');
  const [status, setStatus] = useState<GalleryStatus>(gallery?.status ?? 'proofing');
  const [shootDate, setShootDate] = useState(gallery?.shootDate ?? '');
  const [deadline, setDeadline] = useState(gallery?.deadline ?? '');
  const [welcomeNote, setWelcomeNote] = useState(gallery?.welcomeNote ?? '');
  const [options, setOptions] = useState(
    gallery?.proofing ?? {
      selectionAllowed: false,
      selectionMin: null,
      selectionMax: null,
      commentsAllowed: false,
      reviewEnabled: false,
      filtersEnabled: true,
      remindersEnabled: true,
      reminderDays: null,
      defaultReminderDays: [],
    },
  );
  const [reminders, setReminders] = useState<ReminderFields>(reminderFieldsOf(options));
  const [watermarkDesign, setWatermarkDesign] = useState(gallery?.watermarkDesign ?? '');
  const [designs, setDesigns] = useState<WatermarkDesignChoice[]>([]);
  const { choices } = useWatermarkApi();
  useEffect(() => void choices().then(setDesigns, () => setDesigns([])), [choices]);
  const [byLabel, setByLabel] = useState(false);
  const [label, setLabel] = useState('');

  const submit = async () => {
    if (!title.trim()) return t('gallery.form.noTitle', 'Give the gallery a title.');
    if (byLabel && !label.trim()) return t('gallery.form.noLabel', 'Type the label of the photos to include.');
    if (options.selectionMin !== null && options.selectionMax !== null && options.selectionMin > options.selectionMax)
      return t('gallery.form.minAboveMax', 'The minimum selection cannot be above the maximum.');
    const reminderDays = parseReminderDays(reminders.days);
    if (reminderDays === 'invalid') return t('gallery.form.badReminderDays', 'Reminder days: up to 5 different whole numbers from 1 to 60.');
    const { defaultReminderDays: _, ...proofing } = options;
    const values: NewGalleryRequest = {
      title: title.trim(),
      status,
      shootDate: shootDate || null,
      deadline: deadline || null,
      ...proofing,
      remindersEnabled: reminders.enabled,
      // Reminders off keeps the days already saved (turning them back on restores them).
      reminderDays: reminders.enabled ? reminderDays : options.reminderDays,
      watermarkDesign: watermarkDesign || null,
    };
    if (welcomeNote.trim() || gallery) values.welcomeNote = welcomeNote.trim() || null;
    if (mode.kind === 'create' && byLabel) values.label = label.trim();
    await onSubmit(values);
  };

  return (
    <FormModal
      title={mode.kind === 'create' ? t('gallery.new', 'New gallery') : t('gallery.form.title', 'Gallery details')}
      submitLabel={mode.kind === 'create' ? t('gallery.form.create', 'Create gallery') : t('common.save', 'Save')}
      testId="gallery-form"
      onClose={onClose}
      onSubmit={submit}
    >
      {mode.kind === 'create' && (
        <Typography variant="omega" textColor="neutral600">
          {t('gallery.form.unpublished', 'The gallery starts unpublished: share links show it as Unavailable until you publish it.')}
        </Typography>
      )}
      <Field.Root name="title" required>
        <Field.Label>{t('gallery.form.titleField', 'Title')}</Field.Label>
        <Field.Input value={title} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTitle(e.target.value)} />
      </Field.Root>
      <Grid.Root gap={4}>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Field.Root name="status" hint={t(STATUS_TEXT[status].hint)}>
            <Field.Label>{t('clients.column.status', 'Status')}</Field.Label>
            <SingleSelect value={status} onChange={(value: string | number) => setStatus(value as GalleryStatus)}>
              {GALLERY_STATUSES.map((value) => (
                <SingleSelectOption key={value} value={value}>
                  {t(STATUS_TEXT[value].label)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
        {(
          [
            ['shootDate', t('gallery.form.shootDate', 'Shoot date'), shootDate, setShootDate],
            ['deadline', t('gallery.form.deadline', 'Selection deadline'), deadline, setDeadline],
          ] as const
        ).map(([name, text, value, set]) => (
          <Grid.Item key={name} col={4} s={6} direction="column" alignItems="stretch">
            <Field.Root name={name}>
              <Field.Label>{text}</Field.Label>
              <Field.Input type="date" value={value} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(e.target.value)} />
            </Field.Root>
          </Grid.Item>
        ))}
      </Grid.Root>
      <Field.Root name="welcomeNote" hint={t('gallery.form.welcome.hint', 'Shown at the top of the gallery.')}>
        <Field.Label>{t('gallery.form.welcome', 'Welcome note')}</Field.Label>
        <Textarea value={welcomeNote} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setWelcomeNote(e.target.value)} />
        <Field.Hint />
      </Field.Root>
      <Field.Root name="watermarkDesign" hint={t('gallery.form.watermark.hint', 'Drawn on the photos of links with a watermark. Designs are made under Settings › Watermarks.')}>
        <Field.Label>{t('gallery.form.watermark', 'Watermark design')}</Field.Label>
        <SingleSelect value={watermarkDesign} onChange={(value: string | number) => setWatermarkDesign(String(value))}>
          <SingleSelectOption value="">{t('gallery.form.watermark.default', "The studio's default")}</SingleSelectOption>
          {designs.map((design) => (
            <SingleSelectOption key={design.documentId} value={design.documentId}>
              {design.name}
            </SingleSelectOption>
          ))}
        </SingleSelect>
        <Field.Hint />
      </Field.Root>
      <ProofingOptions options={options} onChange={setOptions} />
      <ReminderOptions value={reminders} defaults={gallery ? options.defaultReminderDays : null} onChange={setReminders} />
      {mode.kind === 'create' && (
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Typography variant="sigma" textColor="neutral600">
            {t('clients.column.photos', 'Photos')}
          </Typography>
          <LabelledCheckbox checked={byLabel} onCheckedChange={(v: boolean | 'indeterminate') => setByLabel(v === true)}>
            {t('gallery.form.byLabel', "Only the photos with one label (otherwise all of the client's photos, newest first)")}
          </LabelledCheckbox>
          {byLabel && (
            <Field.Root name="label">
              <Field.Label>{t('label.field', 'Label')}</Field.Label>
              <Field.Input value={label} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setLabel(e.target.value)} />
            </Field.Root>
          )}
        </Flex>
      )}
    </FormModal>
  );
};

/** Proofing options: what the client may do while the gallery is in proofing. */
const ProofingOptions = ({ options, onChange }: { options: GalleryProofingOptions; onChange(options: GalleryProofingOptions): void }) => {
  const t = useT();
  const set = (change: Partial<GalleryProofingOptions>) => onChange({ ...options, ...change });
  const count = (value: string) => (value.trim() === '' ? null : Math.max(0, Math.floor(Number(value))));
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="sigma" textColor="neutral600">
        {t('gallery.proofing', 'Proofing')}
      </Typography>
      <LabelledCheckbox checked={options.selectionAllowed} onCheckedChange={(v: boolean | 'indeterminate') => set({ selectionAllowed: v === true })}>
        {t('gallery.form.selection', 'Clients select their final set')}
      </LabelledCheckbox>
      {options.selectionAllowed && (
        <Grid.Root gap={4}>
          {(
            [
              ['selectionMin', t('gallery.form.min', 'Minimum photos'), options.selectionMin],
              ['selectionMax', t('gallery.form.max', 'Maximum photos'), options.selectionMax],
            ] as const
          ).map(([name, text, value]) => (
            <Grid.Item key={name} col={4} s={6} direction="column" alignItems="stretch">
              <Field.Root name={name} hint={t('gallery.form.noLimit', 'Empty: no limit')}>
                <Field.Label>{text}</Field.Label>
                <Field.Input
                  type="number"
                  min={name === 'selectionMax' ? 1 : 0}
                  value={value ?? ''}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ [name]: count(e.target.value) })}
                />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
          ))}
        </Grid.Root>
      )}
      <LabelledCheckbox checked={options.commentsAllowed} onCheckedChange={(v: boolean | 'indeterminate') => set({ commentsAllowed: v === true })}>
        {t('gallery.form.comments', 'Clients can comment')}
      </LabelledCheckbox>
      <LabelledCheckbox checked={options.reviewEnabled} onCheckedChange={(v: boolean | 'indeterminate') => set({ reviewEnabled: v === true })}>
        {t('gallery.form.review', 'Advanced review (approve or request changes per photo)')}
      </LabelledCheckbox>
      <LabelledCheckbox checked={options.filtersEnabled} onCheckedChange={(v: boolean | 'indeterminate') => set({ filtersEnabled: v === true })}>
        {t('gallery.form.filters', 'Show filters on the gallery page')}
      </LabelledCheckbox>
    </Flex>
  );
};
