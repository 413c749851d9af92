import { DashboardView } from './DashboardView';

/** The dashboard's attention rows on Strapi's admin home page (a homepage widget). */
export const DashboardWidget = () => <DashboardView compact />;
