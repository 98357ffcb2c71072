import { CITY_TIME_ZONE } from '@ioc/domain/city-time';
import { createContext, useContext } from 'react';

/**
 * The city's time zone, as the server configures it (`GET /api/config` → `timeZone`); every time the
 * console shows or reads is in it, whatever the wall-screen PC is set to. The shell provides it once the
 * config is loaded; the default is the shared one from libs/domain.
 */
export const CityTimeZoneContext = createContext<string>(CITY_TIME_ZONE);

export function useCityTimeZone(): string {
  return useContext(CityTimeZoneContext);
}
