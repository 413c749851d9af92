import { useCallback, useRef, useState } from 'react';

/**
 * The Photos tab's selection, in the order photos were ticked (Compare shows them in that order).
 * A shift-tick selects (or clears) the whole range from the last tick, like a file manager; the
 * range follows the anchor's new state, so shift can also clear a run.
 */
export function usePhotoSelection(ids: string[]) {
  const [selected, setSelected] = useState<string[]>([]);
  const anchor = useRef<string | null>(null);

  const toggle = useCallback(
    (id: string, range = false) => {
      setSelected((current) => {
        const from = anchor.current ? ids.indexOf(anchor.current) : -1;
        const to = ids.indexOf(id);
        if (range && from >= 0 && to >= 0) {
          const run = ids.slice(Math.min(from, to), Math.max(from, to) + 1);
          const on = current.includes(anchor.current!);
          anchor.current = id;
          return on ? [...current, ...run.filter((r) => !current.includes(r))] : current.filter((c) => !run.includes(c));
        }
        anchor.current = id;
        return current.includes(id) ? current.filter((c) => c !== id) : [...current, id];
      });
    },
    [ids],
  );

  const selectAll = useCallback(() => setSelected((current) => [...current, ...ids.filter((id) => !current.includes(id))]), [ids]);
  const clear = useCallback(() => {
    anchor.current = null;
    setSelected([]);
  }, []);
  /** Put one photo first (Compare with… from the viewer). */
  const putFirst = useCallback((id: string) => setSelected((current) => [id, ...current.filter((c) => c !== id)]), []);
  /** Forget photos that left the page (deleted). */
  const drop = useCallback((gone: string[]) => setSelected((current) => current.filter((c) => !gone.includes(c))), []);

  return { selected, toggle, selectAll, clear, putFirst, drop };
}
