import activity from './activity';
import clients from './clients';
import galleries from './galleries';
import images from './images';
import links from './links';
import merges from './merges';

export default { activity, clients, galleries, images, links, merges };
