import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { ADMIN_PAGES } from '../../../shared/admin-paths';
import { ACTIONS } from '../../../shared/permissions';
import { ClientGalleryPage } from './ClientGalleryPage';
import { ClientsPage } from './ClientsPage';
import { ComparePage } from './ComparePage';
import { MarkupPage } from './MarkupPage';
import { NotificationsPage } from './NotificationsPage';

const App = () => (
  <Page.Protect permissions={[{ action: ACTIONS.read, subject: null }]}>
    <Routes>
      <Route index element={<ClientsPage />} />
      <Route path={ADMIN_PAGES.notifications} element={<NotificationsPage />} />
      <Route path={ADMIN_PAGES.client} element={<ClientGalleryPage />} />
      <Route path={ADMIN_PAGES.compare} element={<ComparePage />} />
      <Route path={ADMIN_PAGES.markup} element={<MarkupPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default App;
