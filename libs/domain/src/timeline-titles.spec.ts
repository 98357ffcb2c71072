import { cameraEventTitle, deviceEventTitle, unitStatusTitle } from './timeline-titles';

describe('timeline titles', () => {
  it('word device transitions in both languages', () => {
    expect(deviceEventTitle('Trạm Chợ', 'online')).toEqual({
      vi: 'Trạm Chợ trực tuyến trở lại',
      en: 'Trạm Chợ back online',
    });
    expect(deviceEventTitle('Trạm Chợ', 'offline')).toEqual({
      vi: 'Trạm Chợ mất kết nối',
      en: 'Trạm Chợ went offline',
    });
  });

  it('word unit statuses and camera labels, never a raw code', () => {
    expect(unitStatusTitle('CSGT 01', 'en_route')).toEqual({
      vi: 'CSGT 01 → đang đến',
      en: 'CSGT 01 → en route',
    });
    expect(cameraEventTitle('license_plate', 'Cam Chợ')).toEqual({
      vi: 'Phát hiện biển số xe tại Cam Chợ',
      en: 'Licence plate detected at Cam Chợ',
    });
    expect(cameraEventTitle('forklift_truck', 'Cam').en).toBe('Forklift truck detected at Cam');
    expect(unitStatusTitle('U', 'some_new').vi).toBe('U → some new');
  });
});
