/**
 * The one function of mime-types (a dependency without bundled types) that the plugin calls:
 * the content type for a file name or extension, or false when it has none.
 */
declare module 'mime-types' {
  export function lookup(filenameOrExt: string): string | false;
}
