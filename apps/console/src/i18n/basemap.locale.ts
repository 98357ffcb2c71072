/** The map's day/night switch, vi and en; merged into the resources by i18n.setup (as map.locale.ts). */
export const basemapStrings = {
  vi: {
    basemap: {
      theme: {
        label: 'Chế độ bản đồ',
        night: 'Ban đêm',
        day: 'Ban ngày',
        toDay: 'Chuyển sang bản đồ ban ngày (nền sáng)',
        toNight: 'Chuyển sang bản đồ ban đêm (nền tối)',
      },
    },
  },
  en: {
    basemap: {
      theme: {
        label: 'Map mode',
        night: 'Night',
        day: 'Day',
        toDay: 'Switch to the day map (light background)',
        toNight: 'Switch to the night map (dark background)',
      },
    },
  },
} as const;
