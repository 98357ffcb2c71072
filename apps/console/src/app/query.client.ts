import { QueryClient } from '@tanstack/react-query';

/**
 * Server state (REST reads) goes through TanStack Query, with the zod-checked `getJson` as fetcher: it
 * cancels what a view no longer needs and never shows a response for a key that was superseded. Live data
 * arrives over the socket instead, so nothing refetches on focus or reconnect, and a failure is shown at
 * once (the views offer their own retry) rather than retried behind the operator's back.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: 0 },
      mutations: { retry: false },
    },
  });
}
