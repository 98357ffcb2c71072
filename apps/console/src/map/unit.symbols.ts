import { UnitTypeSchema, type UnitStatus, type UnitType } from '@ioc/contracts/unit.schema';
import { UNIT_STATUS_COLORS } from '../features/units/unit.store';

/**
 * Unit markers: a rounded square (sensors are circles) filled with the status colour, with a pictogram of
 * the unit type. Drawn from these path strings both on a canvas for the map (map.addImage, no sprite
 * sheet or CDN) and as inline SVG in the legend, so the two cannot differ.
 */

export const UNIT_TYPES: readonly UnitType[] = UnitTypeSchema.options;
export const UNIT_STATUSES = Object.keys(UNIT_STATUS_COLORS) as UnitStatus[];

/** Pictograms in a 24×24 box (SVG path data, filled). */
export const UNIT_PICTOGRAMS: Record<UnitType, string> = {
  // flame
  fire: 'M12 2c.8 3.2 4.6 5.4 4.6 10.2A4.6 4.6 0 0 1 12 16.8a4.6 4.6 0 0 1-4.6-4.6c0-2.2 1-3.6 2.2-4.8 0 2 .8 3.2 2 3.6-.6-3 .2-6 .4-9zM6 18h12v3H6z',
  // medical cross
  ambulance: 'M9.5 3h5v6.5H21v5h-6.5V21h-5v-6.5H3v-5h6.5z',
  // shield with a star
  police:
    'M12 2l8 3v6c0 5.2-3.4 9.4-8 11-4.6-1.6-8-5.8-8-11V5zm0 5l-1.2 3.2H7.5l2.7 2-1 3.3 2.8-2 2.8 2-1-3.3 2.7-2h-3.3z',
  // traffic cone
  traffic: 'M10.2 3h3.6l1.1 4H9.1zM8.6 9h6.8l1.1 4H7.5zM7 15h10l1.2 4H21v2H3v-2h2.8z',
  // leaf
  environment:
    'M20 3C11 3 4.5 7.5 4.5 15c0 1.6.4 3 1 4.2L4 20.7 5.3 22l1.6-1.6c1.3.7 2.8 1.1 4.4 1.1C18 21.5 20 13 20 3zM8.5 18.5c1.8-4 4.8-7.3 8.5-9.5-3 2.8-5.3 6-6.7 10z',
  // lightning bolt over a drop: power and water
  utility: 'M13.5 2L5 13.5h5.5L9 22l9.5-12.5H13z',
};

/** Pictogram ink per status: dark on the light fills, white on the dark ones. */
export const UNIT_STATUS_INK: Record<UnitStatus, string> = {
  available: '#06240f',
  dispatched: '#2a1700',
  en_route: '#2a1200',
  on_scene: '#ffffff',
  off_duty: '#ffffff',
};

/** Neutral fill for a type's legend swatch (the legend shows types apart from status colours). */
export const UNIT_TYPE_SWATCH = '#cbd5e1';
export const UNIT_OUTLINE = '#0b1220';

/** CSS pixels of a unit marker. */
export const UNIT_ICON_SIZE = 26;

export function unitIconId(type: UnitType, status: UnitStatus): string {
  return `unit-${type}-${status}`;
}

/** A rounded square of side `size` at (0, 0), corner radius r. */
function roundedSquare(size: number, r: number, inset: number): Path2D {
  const p = new Path2D();
  const a = inset;
  const b = size - inset;
  p.moveTo(a + r, a);
  p.arcTo(b, a, b, b, r);
  p.arcTo(b, b, a, b, r);
  p.arcTo(a, b, a, a, r);
  p.arcTo(a, a, b, a, r);
  p.closePath();
  return p;
}

/** The marker as pixels for map.addImage (`pixelRatio` = device pixels per CSS pixel). */
export function drawUnitIcon(type: UnitType, fill: string, ink: string, pixelRatio: number): ImageData {
  const px = Math.ceil(UNIT_ICON_SIZE * pixelRatio);
  const canvas = document.createElement('canvas');
  canvas.width = px;
  canvas.height = px;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(pixelRatio, pixelRatio);
  const body = roundedSquare(UNIT_ICON_SIZE, 6, 1.5);
  ctx.fillStyle = fill;
  ctx.fill(body);
  ctx.lineWidth = 2;
  ctx.strokeStyle = UNIT_OUTLINE;
  ctx.stroke(body);
  const inner = UNIT_ICON_SIZE - 8;
  ctx.translate(4, 4);
  ctx.scale(inner / 24, inner / 24);
  ctx.fillStyle = ink;
  ctx.fill(new Path2D(UNIT_PICTOGRAMS[type]), 'evenodd');
  return ctx.getImageData(0, 0, px, px);
}

/** Every type × status marker, added once per map (30 small images). */
export function addUnitIcons(map: {
  hasImage(id: string): boolean;
  addImage(id: string, image: ImageData, opts: { pixelRatio: number }): void;
}): void {
  const ratio = Math.max(1, Math.min(3, Math.ceil(window.devicePixelRatio || 1)));
  for (const type of UNIT_TYPES)
    for (const status of UNIT_STATUSES) {
      const id = unitIconId(type, status);
      if (!map.hasImage(id))
        map.addImage(id, drawUnitIcon(type, UNIT_STATUS_COLORS[status], UNIT_STATUS_INK[status], ratio), {
          pixelRatio: ratio,
        });
    }
}
