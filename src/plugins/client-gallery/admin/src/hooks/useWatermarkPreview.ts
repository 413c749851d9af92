import { useEffect, useRef, useState } from 'react';
import type { WatermarkDesignInput } from '../../../shared/watermarks';
import { useWatermarkApi } from '../utils/watermark-api';

/** Quiet time after the last change before the server draws the preview again. */
export const PREVIEW_DEBOUNCE_MS = 300;

/**
 * The design as the form holds it, drawn by the server (the same render as real variants) and
 * shown as an object URL. A change waits 300 ms for the next; a newer request aborts an older one,
 * so the image always shows the latest values.
 */
export function useWatermarkPreview(design: Omit<WatermarkDesignInput, 'name'> | null) {
  const { preview } = useWatermarkApi();
  const [url, setUrl] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const current = useRef<string | null>(null);
  const key = design ? JSON.stringify(design) : null;

  useEffect(() => {
    if (!key) return undefined;
    const controller = new AbortController();
    setLoading(true);
    const timer = window.setTimeout(async () => {
      try {
        const blob = await preview(JSON.parse(key), controller.signal);
        const next = URL.createObjectURL(blob);
        if (current.current) URL.revokeObjectURL(current.current);
        current.current = next;
        setUrl(next);
        setFailed(false);
      } catch {
        if (!controller.signal.aborted) setFailed(true);
      } finally {
        if (!controller.signal.aborted) setLoading(false);
      }
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [key, preview]);

  useEffect(() => () => void (current.current && URL.revokeObjectURL(current.current)), []);
  return { url, loading, failed };
}
