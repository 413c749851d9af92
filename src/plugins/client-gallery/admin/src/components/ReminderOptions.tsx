import { Field, Flex } from '@strapi/design-system';
import { LabelledCheckbox } from './LabelledCheckbox';
import { reminderDaysProblem } from '../../../shared/proofing';
import { useT } from '../utils/translations';

/** The form's reminder fields: on/off, and the days as typed ("7, 2"; empty means the plugin default). */
export interface ReminderFields {
  enabled: boolean;
  days: string;
}

export const reminderFieldsOf = (options: { remindersEnabled: boolean; reminderDays: number[] | null }): ReminderFields => ({
  enabled: options.remindersEnabled,
  days: options.reminderDays?.join(', ') ?? '',
});

/**
 * The typed days as the API takes them: null for the default, else the day counts, or 'invalid'
 * when they break the rules the server checks (shared/proofing.ts), so the form can say so first.
 */
export function parseReminderDays(text: string): number[] | null | 'invalid' {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return null;
  const days = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : NaN));
  return reminderDaysProblem(days) === null ? days : 'invalid';
}

/**
 * Deadline reminders: mails to private recipients who have not confirmed their
 * selection, some days before the deadline. A gallery follows the plugin's days unless it has
 * its own; turning reminders off keeps the days typed for later.
 */
export const ReminderOptions = ({
  value,
  defaults,
  onChange,
}: {
  value: ReminderFields;
  /** The plugin's days, when known (an existing gallery brings them); shown as what "empty" means. */
  defaults: number[] | null;
  onChange(value: ReminderFields): void;
}) => {
  const t = useT();
  const hint = defaults?.length
    ? t('gallery.form.reminderDays.hintDefault', 'Up to 5 numbers from 1 to 60, like "7, 2". Empty: the default ({days}).', { days: defaults.join(', ') })
    : t('gallery.form.reminderDays.hint', 'Up to 5 numbers from 1 to 60, like "7, 2". Empty: the default.');
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <LabelledCheckbox checked={value.enabled} onCheckedChange={(v: boolean | 'indeterminate') => onChange({ ...value, enabled: v === true })}>
        {t('gallery.form.reminders', 'Email deadline reminders to recipients who have not confirmed')}
      </LabelledCheckbox>
      {value.enabled && (
        <Field.Root name="reminderDays" hint={hint}>
          <Field.Label>{t('gallery.form.reminderDays', 'Reminder days before the deadline')}</Field.Label>
          <Field.Input
            inputMode="numeric"
            value={value.days}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange({ ...value, days: e.target.value })}
          />
          <Field.Hint />
        </Field.Root>
      )}
    </Flex>
  );
};
