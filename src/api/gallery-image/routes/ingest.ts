export default {
  routes: [
    {
      method: 'POST',
      path: '/gallery-images/ingest',
      handler: 'api::gallery-image.gallery-image.ingest',
    },
  ],
};
