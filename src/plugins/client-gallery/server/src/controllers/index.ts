import activity from './activity';
import clients from './clients';
import images from './images';
import links from './links';
import merges from './merges';

export default { activity, clients, images, links, merges };
