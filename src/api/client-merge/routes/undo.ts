export default {
  routes: [
    {
      method: 'POST',
      path: '/client-merges/:id/undo',
      handler: 'api::client-merge.client-merge.undo',
    },
  ],
};
