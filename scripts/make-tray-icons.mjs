// Generates the tray icons in resources/ (committed; rerun after changing a colour or shape):
// the state shows as colour AND shape, so it reads without colour too.
//   ok: green disc · degraded: amber triangle · down: red square · not-monitoring: grey ring
// Usage: node scripts/make-tray-icons.mjs
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import path from 'node:path'

const OUT = path.resolve(import.meta.dirname, '../resources')

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}
/** Encodes an RGBA image (size×size) as PNG. */
function png(size, rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8)
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

/** Shapes in unit coordinates (0..1); return 'fill', 'edge' or null for a point. */
const SHAPES = {
  ok: (x, y) => {
    const d = Math.hypot(x - 0.5, y - 0.5)
    return d <= 0.36 ? 'fill' : d <= 0.44 ? 'edge' : null
  },
  degraded: (x, y) => {
    // Triangle apex (0.5, 0.08), base y = 0.9; inside when |x-0.5| <= half-width at y.
    const half = ((y - 0.08) / 0.82) * 0.46
    if (y < 0.08 || y > 0.9 || Math.abs(x - 0.5) > half) return null
    const inner = ((y - 0.2) / 0.62) * 0.3
    return y > 0.2 && y < 0.8 && Math.abs(x - 0.5) <= inner ? 'fill' : 'edge'
  },
  down: (x, y) => {
    const m = Math.max(Math.abs(x - 0.5), Math.abs(y - 0.5))
    return m <= 0.3 ? 'fill' : m <= 0.38 ? 'edge' : null
  },
  'not-monitoring': (x, y) => {
    const d = Math.hypot(x - 0.5, y - 0.5)
    return d <= 0.42 && d >= 0.24 ? 'fill' : d < 0.24 && d >= 0.18 ? 'edge' : d > 0.42 && d <= 0.47 ? 'edge' : null
  },
}
const COLOURS = { ok: [47, 191, 113], degraded: [245, 184, 61], down: [229, 72, 77], 'not-monitoring': [154, 166, 178] }
const EDGE = [20, 24, 30]

function render(shape, colour, size) {
  const rgba = Buffer.alloc(size * size * 4)
  const ss = 4 // supersampling per axis, for smooth edges
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const hit = shape((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size)
          if (hit === null) continue
          const c = hit === 'fill' ? colour : EDGE
          r += c[0]; g += c[1]; b += c[2]; a += 1
        }
      }
      const i = (py * size + px) * 4
      if (a > 0) rgba.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((a / (ss * ss)) * 255)], i)
    }
  }
  return png(size, rgba)
}

for (const [name, shape] of Object.entries(SHAPES)) {
  writeFileSync(path.join(OUT, `tray-${name}.png`), render(shape, COLOURS[name], 16))
  writeFileSync(path.join(OUT, `tray-${name}@2x.png`), render(shape, COLOURS[name], 32))
}
writeFileSync(path.join(OUT, 'icon.png'), render(SHAPES.ok, COLOURS.ok, 256))
console.log(`tray icons written to ${OUT}`)
