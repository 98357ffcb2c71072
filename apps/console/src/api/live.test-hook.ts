declare global {
  interface Window {
    /**
     * TEST HOOK (e2e build only): lets browser tests (apps/console/e2e) cut the live connection at the
     * transport, as a network drop would, so the client reconnects and resumes by seq. Not an API for
     * application code.
     */
    __iocLive?: LiveTestHook;
  }
}

export interface LiveTestHook {
  dropConnection(): void;
}

export function exposeLiveForTests(hook: LiveTestHook): void {
  window.__iocLive = hook;
}

/** Removes the hook if it is still `hook` (a newer connection may already have replaced it). */
export function hideLiveForTests(hook: LiveTestHook): void {
  if (window.__iocLive === hook) delete window.__iocLive;
}
