import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { ADMIN_PAGES } from '../../../shared/admin-paths';
import { ACTIONS } from '../../../shared/permissions';
import { ClientGalleryPage } from './ClientGalleryPage';
import { ClientsPage } from './ClientsPage';
import { ComparePage } from './ComparePage';
import { DashboardPage } from './DashboardPage';
import { MarkupPage } from './MarkupPage';
import { NotificationsPage } from './NotificationsPage';

/**
 * On a phone every link of the plugin's pages is a 40 px tap target (Strapi's back link is 24 px
 * high). Scoped to the plugin's own part of the page.
 */
const PHONE_TARGETS = `@media (max-width: 767px) { [data-testid="client-gallery-admin"] a[href] { min-height: 40px; display: inline-flex; align-items: center; } }`;

const App = () => (
  <Page.Protect permissions={[{ action: ACTIONS.read, subject: null }]}>
    {/* The plugin's own part of the admin page (not Strapi's menu and banners), for the layout checks. */}
    <div data-testid="client-gallery-admin">
      <style>{PHONE_TARGETS}</style>
      <Routes>
        <Route index element={<ClientsPage />} />
        <Route path={ADMIN_PAGES.notifications} element={<NotificationsPage />} />
        <Route path={ADMIN_PAGES.dashboard} element={<DashboardPage />} />
        <Route path={ADMIN_PAGES.client} element={<ClientGalleryPage />} />
        <Route path={ADMIN_PAGES.compare} element={<ComparePage />} />
        <Route path={ADMIN_PAGES.markup} element={<MarkupPage />} />
        <Route path="*" element={<Page.Error />} />
      </Routes>
    </div>
  </Page.Protect>
);

export default App;
