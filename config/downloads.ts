/** Downloads and packages (read as strapi.config.get('downloads')). */
export default ({ env }) => ({
  /** How long a package's emailed link works. */
  packageTtlHours: env.int('PACKAGE_TTL_HOURS', 72),
  /** A package still "preparing" this long after its last claim is taken over by any instance (the owner died). */
  preparationStaleMinutes: env.int('PACKAGE_PREPARATION_STALE_MINUTES', 10),
});
