import { useEffect, useState } from 'react';

/** A phone-sized screen (the admin's own breakpoint for small screens), kept current as the window changes. */
export const NARROW_QUERY = '(max-width: 767px)';

export function useNarrow() {
  const [narrow, setNarrow] = useState(() => typeof window !== 'undefined' && window.matchMedia(NARROW_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(NARROW_QUERY);
    const onChange = () => setNarrow(query.matches);
    onChange();
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return narrow;
}
