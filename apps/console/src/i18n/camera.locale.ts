/**
 * The camera strings (camera panel, evidence thumbnails, snapshot viewer, camera wall), vi and en, merged
 * into the resources by i18n.setup (kept here rather than in features/cameras so that i18n/ imports no
 * feature).
 */
export const cameraStrings = {
  vi: {
    camera: {
      liveAlt: 'Hình ảnh trực tiếp của {{name}}',
      thumbAlt: 'Ảnh thu nhỏ: {{label}}',
      snapshot: 'Ảnh chụp (khung phát hiện)',
      clip: 'Đoạn video',
      noClip: 'Không có đoạn video',
      noImage: 'Không có ảnh',
      openSnapshot: 'Bấm để xem ảnh chụp và video',
      close: 'Đóng',
      unreachable: 'Không kết nối được camera',
      denied: 'Bạn không có quyền xem hình ảnh camera',
      unknown: 'Không tìm thấy camera {{id}}',
      recent: 'Phát hiện gần đây',
      noEvents: 'Chưa có phát hiện nào',
      view: 'góc nhìn {{fov}}°, tầm {{range}} m',
      plate: 'Biển số {{plate}}',
      wall: 'Tường camera',
      openWall: 'Mở tường camera ({{count}})',
      status: { online: 'Đang hoạt động', offline: 'Mất kết nối', unknown: 'Chưa rõ trạng thái' },
      label: {
        person: 'Người',
        car: 'Ô tô',
        motorcycle: 'Xe máy',
        truck: 'Xe tải',
        bicycle: 'Xe đạp',
        fire: 'Lửa',
        smoke: 'Khói',
      },
    },
  },
  en: {
    camera: {
      liveAlt: 'Live view of {{name}}',
      thumbAlt: 'Thumbnail: {{label}}',
      snapshot: 'Snapshot (detection box)',
      clip: 'Clip',
      noClip: 'No clip',
      noImage: 'No image',
      openSnapshot: 'Click for the snapshot and clip',
      close: 'Close',
      unreachable: 'Camera unreachable',
      denied: 'You may not view camera images',
      unknown: 'Camera {{id}} not found',
      recent: 'Recent detections',
      noEvents: 'No detections yet',
      view: 'field of view {{fov}}°, range {{range}} m',
      plate: 'Plate {{plate}}',
      wall: 'Camera wall',
      openWall: 'Open camera wall ({{count}})',
      status: { online: 'Online', offline: 'Offline', unknown: 'Status unknown' },
      label: {
        person: 'Person',
        car: 'Car',
        motorcycle: 'Motorcycle',
        truck: 'Truck',
        bicycle: 'Bicycle',
        fire: 'Fire',
        smoke: 'Smoke',
      },
    },
  },
};
