import { useFetchClient } from '@strapi/strapi/admin';
import { useCallback, useMemo } from 'react';
import type { CountsResponse, DashboardResponse } from '../../../shared/dashboard';
import { PLUGIN_ID } from '../../../shared/permissions';

const base = `/${PLUGIN_ID}`;
export type CountsScope = 'clients' | 'galleries';

/** The dashboard's and the counts' admin routes (docs/dashboard.md). */
export function useDashboardApi() {
  const { get } = useFetchClient();
  const overview = useCallback(async () => (await get<DashboardResponse>(`${base}/dashboard`)).data, [get]);
  const counts = useCallback(async (scope: CountsScope, documentId: string) => (await get<CountsResponse>(`${base}/${scope}/${documentId}/counts`)).data, [get]);
  const countsCsv = useCallback(
    async (scope: CountsScope, documentId: string) =>
      (await get<string>(`${base}/${scope}/${documentId}/counts`, { params: { format: 'csv' }, responseType: 'text' } as any)).data,
    [get],
  );
  return useMemo(() => ({ overview, counts, countsCsv }), [overview, counts, countsCsv]);
}
