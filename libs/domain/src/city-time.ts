/**
 * The city's time zone and what follows from it. Vietnam has no daylight saving: Asia/Ho_Chi_Minh is
 * UTC+7 all year. The configured zone is `timeZone` in infra/city/incidents.yaml (defaulting to this), and
 * the console receives it in `GET /api/config`; these constants are the defaults everything falls back on.
 */
export const CITY_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** The fixed UTC offset of CITY_TIME_ZONE, in minutes (camera rule time windows use it). */
export const VN_UTC_OFFSET_MIN = 7 * 60;

/** The same offset as ISO text: how feeds read a time written without one (e.g. FIWARE examples). */
export const VN_UTC_OFFSET = '+07:00';
