import { auth } from '../../api/auth.session';

/** Fetches an export with the session token and saves it under the server's file name. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await auth.fetch(path, {});
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${path}`);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
