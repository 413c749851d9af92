import { Badge, Box, Button, Flex, Table, Tbody, Td, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Bell, ChartPie, Plus } from '@strapi/icons';
import { ClientFormModal } from '../components/ClientFormModal';
import { useGalleryPermissions } from '../hooks/usePermissions';
import type { ListClientsResponse } from '../../../shared/contracts';
import { useGalleryApi } from '../utils/api';
import { useT } from '../utils/translations';

const PAGE_SIZE = 20;

export const ClientsPage = () => {
  const { listClients, listNotifications } = useGalleryApi();
  const t = useT();
  const [unread, setUnread] = useState<number | null>(null);

  useEffect(() => {
    listNotifications(true).then(
      (items) => setUnread(items.length),
      () => setUnread(null),
    );
  }, [listNotifications]);
  const navigate = useNavigate();
  const { canModify } = useGalleryPermissions();
  const { createClient } = useGalleryApi();
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ListClientsResponse | null>(null);
  const [error, setError] = useState(false);

  useEffect(() => {
    let live = true;
    // Debounce typing so a search is one request, not one per keystroke.
    const timer = setTimeout(() => {
      listClients({ search: search || undefined, page, pageSize: PAGE_SIZE })
        .then((result) => live && setData(result))
        .catch(() => live && setError(true));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [listClients, search, page]);

  if (error) return <Page.Error />;

  return (
    <Layouts.Root>
      <Page.Title>{t('plugin.name', 'Client gallery')}</Page.Title>
      <Layouts.Header
        title={t('plugin.name', 'Client gallery')}
        subtitle={
          data ? t('clients.count', '{count, plural, one {# client} other {# clients}}', { count: data.pagination.total }) : t('common.loading', 'Loading…')
        }
        primaryAction={
          <Flex gap={2} wrap="wrap">
            <Button variant="secondary" startIcon={<ChartPie />} onClick={() => navigate('dashboard')} data-testid="dashboard-button">
              {t('dashboard.title', 'Dashboard')}
            </Button>
            <Button variant="secondary" startIcon={<Bell />} onClick={() => navigate('notifications')} data-testid="notifications-button">
              <Flex gap={2}>
                {t('notifications.title', 'Notifications')}
                {unread ? <Badge active>{unread}</Badge> : null}
              </Flex>
            </Button>
            {canModify && (
              <Button startIcon={<Plus />} onClick={() => setCreating(true)}>
                {t('clients.new', 'New client')}
              </Button>
            )}
          </Flex>
        }
      />
      <Layouts.Content>
        <Box paddingBottom={4} maxWidth="400px">
          <TextInput
            name="search"
            aria-label={t('clients.search', 'Search clients')}
            placeholder={t('clients.search.placeholder', 'Search by name, email or phone')}
            value={search}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
              setSearch(event.target.value);
              setPage(1);
            }}
          />
        </Box>
        {!data ? (
          <Page.Loading />
        ) : (
          <>
            <Table colCount={4} rowCount={data.results.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('clients.column.name', 'Name')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('clients.column.email', 'Email')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('clients.column.photos', 'Photos')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('clients.column.status', 'Status')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.results.map((client) => (
                  <Tr key={client.documentId} onClick={() => navigate(`clients/${client.documentId}`)} style={{ cursor: 'pointer' }} data-testid="client-row">
                    <Td>
                      <Typography fontWeight="bold">{client.name}</Typography>
                    </Td>
                    <Td>
                      <Typography>{client.email ?? '—'}</Typography>
                    </Td>
                    <Td>
                      <Typography>{client.imageCount}</Typography>
                    </Td>
                    <Td>
                      <Typography>
                        {client.mergedInto ? t('merge.mergedInto', 'Merged into {name}', { name: client.mergedInto.name }) : t('clients.active', 'Active')}
                      </Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <Flex gap={2} paddingTop={4} justifyContent="flex-end">
              <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t('common.previous', 'Previous')}
              </Button>
              <Typography>
                {t('common.pageOf', 'Page {page} of {count}', { page: data.pagination.page, count: Math.max(1, data.pagination.pageCount) })}
              </Typography>
              <Button variant="tertiary" disabled={page >= data.pagination.pageCount} onClick={() => setPage(page + 1)}>
                {t('common.next', 'Next')}
              </Button>
            </Flex>
          </>
        )}
      </Layouts.Content>
      {creating && (
        <ClientFormModal
          onClose={() => setCreating(false)}
          onSubmit={async (values) => {
            const client = await createClient(values);
            navigate(`clients/${client.documentId}`);
          }}
        />
      )}
    </Layouts.Root>
  );
};
