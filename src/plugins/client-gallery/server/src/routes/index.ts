import admin from './admin';
import portal from './portal';
import share from './share';
import studio from './studio';

/** Four audiences: staff in the admin panel, link visitors, portal accounts, and the studio's REST clients. */
export default { admin, share, portal, ...studio };
