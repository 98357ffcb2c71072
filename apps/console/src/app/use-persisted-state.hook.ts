import { useCallback, useState } from 'react';

/** A boolean flag kept in localStorage ('1' / '0') across reloads, e.g. the alert tone's mute. */
export function usePersistedFlag(key: string): [boolean, () => void] {
  const [value, setValue] = useState(() => localStorage.getItem(key) === '1');
  const toggle = useCallback(
    () =>
      setValue((v) => {
        localStorage.setItem(key, v ? '0' : '1');
        return !v;
      }),
    [key],
  );
  return [value, toggle];
}
