import path from 'path';
import type { Core } from '@strapi/strapi';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Database<'sqlite'> => ({
  connection: {
    client: 'sqlite',
    // config/ runs compiled from dist/config/: the database sits in the project root's .tmp/.
    connection: { filename: path.join(__dirname, '..', '..', env('DATABASE_FILENAME', '.tmp/data.db')) },
    useNullAsDefault: true,
  },
});
