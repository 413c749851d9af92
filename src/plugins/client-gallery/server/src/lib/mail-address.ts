/**
 * The sender of the plugin's mails: the address the host configured for its email provider (its
 * mail server accepts that one, and SPF/DKIM are set up for it), under the studio's name, so a
 * client sees who wrote to them. Pure, so the quoting is a table test.
 */

/** The bare address of `Name <a@b>`, `<a@b>` or `a@b`; null when there is none. */
export function bareAddress(mailbox: string | null | undefined): string | null {
  const text = (mailbox ?? '').trim();
  const angled = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(text);
  if (angled) return angled[1];
  return /^[^\s<>"(),;:]+@[^\s<>"(),;:]+$/.test(text) ? text : null;
}

/**
 * `"Studio name" <address of configuredFrom>`; configuredFrom unchanged when it names no address
 * (the provider then decides). The name is a quoted string: quotes and backslashes are escaped,
 * line breaks and other control characters dropped, so a name can never add a header.
 */
export function senderNamed(configuredFrom: string | null | undefined, name: string): string | null {
  const address = bareAddress(configuredFrom);
  if (!address) return configuredFrom || null;
  const clean = name.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!clean) return address;
  return `"${clean.replace(/(["\\])/g, '\\$1')}" <${address}>`;
}
