import { encode } from 'jpeg-js';
import { GLYPH_H, GLYPH_W, glyph } from './bitmap.font';

export type Rgb = readonly [number, number, number];

/** An RGBA canvas with the few drawing operations a simulated camera frame needs. */
export class Frame {
  readonly data: Buffer;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = Buffer.alloc(width * height * 4, 255);
  }

  fill(x0: number, y0: number, w: number, h: number, c: Rgb): void {
    const x1 = Math.min(this.width, Math.max(0, Math.round(x0 + w)));
    const y1 = Math.min(this.height, Math.max(0, Math.round(y0 + h)));
    for (let y = Math.max(0, Math.round(y0)); y < y1; y++)
      for (let x = Math.max(0, Math.round(x0)); x < x1; x++) {
        const i = (y * this.width + x) * 4;
        this.data[i] = c[0];
        this.data[i + 1] = c[1];
        this.data[i + 2] = c[2];
      }
  }

  /** Vertical gradient from `top` to `bottom` over the rows [y0, y0 + h). */
  gradient(y0: number, h: number, top: Rgb, bottom: Rgb): void {
    for (let y = 0; y < h; y++) {
      const t = h <= 1 ? 0 : y / (h - 1);
      const c: Rgb = [0, 1, 2].map((k) => Math.round(top[k] + (bottom[k] - top[k]) * t)) as never;
      this.fill(0, y0 + y, this.width, 1, c);
    }
  }

  /** Rectangle outline `thickness` pixels wide. */
  rect(x: number, y: number, w: number, h: number, c: Rgb, thickness = 2): void {
    this.fill(x, y, w, thickness, c);
    this.fill(x, y + h - thickness, w, thickness, c);
    this.fill(x, y, thickness, h, c);
    this.fill(x + w - thickness, y, thickness, h, c);
  }

  /** Text in the 5×7 font, each font pixel `scale` pixels square; returns the width drawn. */
  text(x: number, y: number, s: string, c: Rgb, scale = 2): number {
    let cx = x;
    for (const ch of s) {
      const rows = glyph(ch);
      if (rows)
        rows.forEach((row, gy) => {
          for (let gx = 0; gx < GLYPH_W; gx++)
            if (row[gx] === '1') this.fill(cx + gx * scale, y + gy * scale, scale, scale, c);
        });
      cx += (GLYPH_W + 1) * scale;
    }
    return cx - x;
  }

  /** Text on a dark band, readable over any background. */
  label(x: number, y: number, s: string, c: Rgb, scale = 2): void {
    const w = s.length * (GLYPH_W + 1) * scale + scale * 2;
    this.fill(x - scale, y - scale, w, (GLYPH_H + 2) * scale, [0, 0, 0]);
    this.text(x, y, s, c, scale);
  }

  jpeg(quality = 70): Buffer {
    return encode({ data: this.data, width: this.width, height: this.height }, quality).data;
  }
}
