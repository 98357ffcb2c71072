// Generates the console's PWA icons (apps/console/public/icons) from an SVG drawn here, offline, with
// sharp. Run again after changing the drawing: `node tools/pwa-icons.mjs`.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const out = join(dirname(fileURLToPath(import.meta.url)), '../apps/console/public/icons');
mkdirSync(out, { recursive: true });

/** A map pin over a siren bar on the console's dark blue; `pad` shrinks it into the maskable safe zone. */
const svg = (pad) => `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <rect width="512" height="512" fill="#0a1520"/>
  <g transform="translate(${pad} ${pad}) scale(${(512 - 2 * pad) / 512})">
    <rect x="96" y="388" width="320" height="40" rx="20" fill="#22c55e"/>
    <path d="M256 72c-77 0-136 59-136 134 0 96 136 200 136 200s136-104 136-200c0-75-59-134-136-134z" fill="#ef4444"/>
    <circle cx="256" cy="204" r="56" fill="#0a1520"/>
    <circle cx="256" cy="204" r="28" fill="#f8fafc"/>
  </g>
</svg>`;

await sharp(Buffer.from(svg(24)))
  .resize(192, 192)
  .png()
  .toFile(join(out, 'icon-192.png'));
await sharp(Buffer.from(svg(24)))
  .png()
  .toFile(join(out, 'icon-512.png'));
await sharp(Buffer.from(svg(72)))
  .png()
  .toFile(join(out, 'icon-maskable-512.png'));
console.log(`icons written to ${out}`);
