import { foldDiacritics, matchesSearch, searchKey } from './fold-diacritics';

describe('foldDiacritics', () => {
  it('removes tone and vowel marks', () => {
    expect(foldDiacritics('Phan Thiết')).toBe('Phan Thiet');
    expect(foldDiacritics('Mũi Né, Hàm Tiến, Phú Thủy, Xã Phong Nẫm')).toBe(
      'Mui Ne, Ham Tien, Phu Thuy, Xa Phong Nam',
    );
    expect(foldDiacritics('ƠỜỚỞỠỢ ưừứửữự')).toBe('OOOOOO uuuuuu');
  });

  it('maps đ/Đ to d/D', () => {
    expect(foldDiacritics('Đức Thắng, đường Trần Hưng Đạo')).toBe('Duc Thang, duong Tran Hung Dao');
  });

  it('handles precomposed and decomposed input alike', () => {
    expect(foldDiacritics('Thiê\u0301t')).toBe('Thiet');
    expect(foldDiacritics('Thi\u1EBFt')).toBe('Thiet');
  });
});

describe('searchKey / matchesSearch', () => {
  it('lower-cases and collapses spaces', () => {
    expect(searchKey('  Phường   ĐỨC Nghĩa ')).toBe('phuong duc nghia');
  });

  it('finds "Phan Thiet" in "Phan Thiết" and words in any field or order', () => {
    expect(matchesSearch('Phan Thiet', ['Trạm Phan Thiết'])).toBe(true);
    expect(matchesSearch('nghia cho', ['Trạm quan trắc Chợ Phan Thiết', 'Phường Đức Nghĩa'])).toBe(true);
    expect(matchesSearch('duc long', ['Phường Đức Nghĩa'])).toBe(false);
  });

  it('matches everything with an empty query and ignores missing fields', () => {
    expect(matchesSearch('  ', [])).toBe(true);
    expect(matchesSearch('a', [null, undefined])).toBe(false);
  });
});
