import bootstrap from './bootstrap';
import controllers from './controllers';
import routes from './routes';

export = {
  bootstrap,
  controllers,
  routes,
};
