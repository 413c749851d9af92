import { Box } from '@strapi/design-system';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { DashboardView } from '../components/DashboardView';
import { useT } from '../utils/translations';

/** The studio's dashboard: what needs attention, and recent activity per client and day. */
export const DashboardPage = () => {
  const t = useT();
  return (
    <Layouts.Root>
      <Page.Title>{t('dashboard.pageTitle', 'Dashboard · Client gallery')}</Page.Title>
      <Layouts.Header navigationAction={<BackButton />} title={t('dashboard.title', 'Dashboard')} />
      <Layouts.Content>
        <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
          <DashboardView />
        </Box>
      </Layouts.Content>
    </Layouts.Root>
  );
};
