import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { ACTIONS } from '../../../shared/permissions';
import { ClientGalleryPage } from './ClientGalleryPage';
import { ClientsPage } from './ClientsPage';
import { ComparePage } from './ComparePage';
import { NotificationsPage } from './NotificationsPage';

const App = () => (
  <Page.Protect permissions={[{ action: ACTIONS.read, subject: null }]}>
    <Routes>
      <Route index element={<ClientsPage />} />
      <Route path="notifications" element={<NotificationsPage />} />
      <Route path="clients/:documentId" element={<ClientGalleryPage />} />
      <Route path="clients/:documentId/compare" element={<ComparePage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default App;
