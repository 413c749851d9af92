import { Field } from '@strapi/design-system';
import { useState } from 'react';
import type { ClientInput, ClientSummary } from '../../../shared/contracts';
import { useT } from '../utils/translations';
import { FormModal } from './FormModal';

/** *New client* (no `client`) or *Edit* (its details filled in). Empty email or phone clears it. */
export const ClientFormModal = ({
  client,
  onClose,
  onSubmit,
}: {
  client?: ClientSummary | null;
  onClose(): void;
  onSubmit(values: ClientInput): Promise<void>;
}) => {
  const t = useT();
  const [name, setName] = useState(client?.name ?? '');
  const [email, setEmail] = useState(client?.email ?? '');
  const [phone, setPhone] = useState(client?.phone ?? '');
  return (
    <FormModal
      title={client ? t('clients.editTitle', 'Edit {name}', { name: client.name }) : t('clients.new', 'New client')}
      submitLabel={client ? t('common.save', 'Save') : t('clients.create', 'Create client')}
      submitDisabled={!name.trim()}
      testId="client-form"
      onClose={onClose}
      onSubmit={() => onSubmit({ name: name.trim(), email: email.trim() || null, phone: phone.trim() || null })}
    >
      <Field.Root name="name" required>
        <Field.Label>{t('clients.column.name', 'Name')}</Field.Label>
        <Field.Input value={name} autoFocus onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
      </Field.Root>
      <Field.Root name="email">
        <Field.Label>{t('clients.column.email', 'Email')}</Field.Label>
        <Field.Input type="email" value={email} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setEmail(e.target.value)} />
      </Field.Root>
      <Field.Root name="phone">
        <Field.Label>{t('clients.phone', 'Phone')}</Field.Label>
        <Field.Input value={phone} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setPhone(e.target.value)} />
      </Field.Root>
    </FormModal>
  );
};
