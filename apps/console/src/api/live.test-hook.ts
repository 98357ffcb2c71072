declare global {
  interface Window {
    /**
     * TEST HOOK: lets browser tests (apps/console/e2e) cut the live connection at the transport, as a
     * network drop would, so the client reconnects and resumes by seq. Not an API for application code.
     */
    __iocLive?: { dropConnection(): void };
  }
}

export function exposeLiveForTests(hook: { dropConnection(): void } | null): void {
  if (hook) window.__iocLive = hook;
  else delete window.__iocLive;
}
