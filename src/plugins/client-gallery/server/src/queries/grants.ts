/** A download grant's unique key: one grant per link and photo, enforced by the database. */
export const pairKey = (linkId: number, imageId: number) => `${linkId}:${imageId}`;
