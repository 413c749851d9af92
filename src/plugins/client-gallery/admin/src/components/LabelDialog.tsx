import { Field } from '@strapi/design-system';
import { useState } from 'react';
import type { AdminImage } from '../../../shared/contracts';
import { useT } from '../utils/translations';
import { FormModal } from './FormModal';

/** Set or clear one photo's label: labels group a client's photos, and visitors filter by them. */
export const LabelDialog = ({ image, onClose, onSave }: { image: AdminImage | null; onClose(): void; onSave(label: string): Promise<void> }) =>
  image ? <LabelForm key={image.documentId} image={image} onClose={onClose} onSave={onSave} /> : null;

const LabelForm = ({ image, onClose, onSave }: { image: AdminImage; onClose(): void; onSave(label: string): Promise<void> }) => {
  const t = useT();
  const [label, setLabel] = useState(image.label ?? '');
  return (
    <FormModal
      title={t('label.title', 'Photo label')}
      submitLabel={t('common.save', 'Save')}
      testId="label-form"
      onClose={onClose}
      onSubmit={async () => {
        if (label.trim().length > 120) return t('label.tooLong', 'A label has at most 120 characters.');
        await onSave(label.trim());
      }}
    >
      <Field.Root name="label" hint={t('label.hint', 'For example Ceremony or Portraits. Empty removes the label.')}>
        <Field.Label>{t('label.field', 'Label')}</Field.Label>
        <Field.Input value={label} autoFocus onChange={(e: React.ChangeEvent<HTMLInputElement>) => setLabel(e.target.value)} />
        <Field.Hint />
      </Field.Root>
    </FormModal>
  );
};
