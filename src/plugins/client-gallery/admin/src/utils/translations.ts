import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { PLUGIN_ID } from '../../../shared/permissions';

/** The admin's i18n id of one of the plugin's strings ("client-gallery.photos.title"), as Strapi core plugins name theirs. */
export const getTranslation = (id: string) => `${PLUGIN_ID}.${id}`;

/** A string kept for later (a module-level table), translated where it is shown with `t(descriptor)`. */
export interface Message {
  id: string;
  defaultMessage: string;
}
export const msg = (id: string, defaultMessage: string): Message => ({ id, defaultMessage });

type Values = Record<string, string | number | boolean | null | undefined | Date>;

/**
 * `useIntl().formatMessage({ id: getTranslation(id), defaultMessage }, values)` in one call:
 * `t('photos.selected', '{count} selected', { count })`, or `t(message)` for a `msg(...)`.
 * Ids and their English text live in translations/en.json; a unit test keeps the two in step
 * (every id used exists there with the same text, and no id there is unused).
 */
export function useT() {
  const { formatMessage } = useIntl();
  return useCallback(
    (idOrMessage: string | Message, defaultMessage?: string | Values, values?: Values) => {
      if (typeof idOrMessage === 'string')
        return formatMessage({ id: getTranslation(idOrMessage), defaultMessage: defaultMessage as string }, values as any) as string;
      return formatMessage({ id: getTranslation(idOrMessage.id), defaultMessage: idOrMessage.defaultMessage }, defaultMessage as Values) as string;
    },
    [formatMessage],
  ) as {
    (id: string, defaultMessage: string, values?: Values): string;
    (message: Message, values?: Values): string;
  };
}
export type Translate = ReturnType<typeof useT>;
