import { useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import type { FieldProblem, LinkDefaults, SettingsChanges, SettingsResponse, TestMailResult } from '../../../shared/settings';
import { PLUGIN_ID } from '../../../shared/permissions';

const base = `/${PLUGIN_ID}`;

/** The settings page's routes (all need "Manage client gallery settings"), and the link form's defaults (View). */
export function useSettingsApi() {
  const { get, put, post, del } = useFetchClient();
  return useMemo(
    () => ({
      load: async () => (await get<SettingsResponse>(`${base}/settings`)).data,
      save: async (changes: SettingsChanges) => (await put<SettingsResponse>(`${base}/settings`, changes)).data,
      sendTestMail: async (to: string) => (await post<{ data: TestMailResult }>(`${base}/settings/test-mail`, to ? { to } : {})).data.data,
      uploadLogo: async (file: File) => {
        const form = new FormData();
        form.append('logo', file, file.name);
        return (await post<SettingsResponse>(`${base}/settings/logo`, form)).data;
      },
      removeLogo: async () => (await del<SettingsResponse>(`${base}/settings/logo`)).data,
      linkDefaults: async () => (await get<{ data: LinkDefaults }>(`${base}/link-defaults`)).data.data,
    }),
    [get, put, post, del],
  );
}

/** A 400's problems by field (`linkDefaults.expiryDays` → its message); the first problem of each field. */
export function fieldProblems(error: unknown): Record<string, string> {
  const details = (error as { response?: { data?: { error?: { details?: { errors?: FieldProblem[] } } } } })?.response?.data?.error?.details;
  const problems: Record<string, string> = {};
  for (const problem of details?.errors ?? []) {
    const key = problem.path.filter((part) => !/^\d+$/.test(part)).join('.') || '(settings)';
    problems[key] ??= problem.message;
  }
  return problems;
}
