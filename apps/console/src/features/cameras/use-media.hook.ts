import { useEffect, useState } from 'react';
import { fetchMedia, MediaError } from '../../api/media.api';

export interface MediaState {
  /** blob: URL of the latest media fetched (kept while the next one loads, so a live view never blanks). */
  url: string | null;
  /** The last failure (status and the server's message: "camera unreachable: …"), or null. */
  error: { status: number; message: string } | null;
  /** Times a new media arrived (the live frame counts its refreshes). */
  loads: number;
}

/**
 * Fetches `path` with the session's token and shows it from a blob: URL, revoked when replaced or
 * unmounted. With `refreshMs`, fetches again that long after each answer (never two at once, paused while
 * the tab is hidden): about one frame per second for a live view.
 */
export function useMedia(path: string | null, refreshMs?: number): MediaState {
  const [state, setState] = useState<MediaState>({ url: null, error: null, loads: 0 });
  useEffect(() => {
    if (!path) return;
    const ac = new AbortController();
    let current: string | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      if (refreshMs && document.hidden) {
        timer = setTimeout(load, refreshMs);
        return;
      }
      fetchMedia(path, ac.signal)
        .then((blob) => {
          if (ac.signal.aborted) return;
          const next = URL.createObjectURL(blob);
          const old = current;
          current = next;
          setState((s) => ({ url: next, error: null, loads: s.loads + 1 }));
          // the old frame goes once the new one is in the DOM
          if (old) setTimeout(() => URL.revokeObjectURL(old), 1000);
        })
        .catch((e: unknown) => {
          if (ac.signal.aborted) return;
          const error =
            e instanceof MediaError
              ? { status: e.status, message: e.message }
              : { status: 0, message: String(e) };
          setState((s) => ({ ...s, error }));
        })
        .finally(() => {
          if (refreshMs && !ac.signal.aborted) timer = setTimeout(load, refreshMs);
        });
    };
    setState({ url: null, error: null, loads: 0 });
    load();
    return () => {
      ac.abort();
      clearTimeout(timer);
      if (current) URL.revokeObjectURL(current);
    };
  }, [path, refreshMs]);
  return state;
}
