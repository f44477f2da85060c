/**
 * Photos are re-encoded before they are stored: what the camera hid in them (GPS position, camera serial
 * number) is gone, the picture is upright and no larger than needed, and anything that is not a picture is
 * refused by its content, whatever its name says.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { detectImageType, ImageRefused, processImage } from './images.js';

async function photoWithGps(): Promise<Buffer> {
  const tagged = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#3366cc' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Phone Maker', Model: 'Phone 12' },
      IFD2: { BodySerialNumber: 'SN-000123456' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 56/1 5999/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '1/1 3/1 1817/100',
      },
    })
    .toBuffer();
  // As a phone held upright writes it: the pixels sideways, and the orientation (6) saying so.
  return sharp(tagged).withMetadata({ orientation: 6 }).jpeg().toBuffer();
}

/** Whether EXIF data points to a GPS block (tag 0x8825 in its first directory): a small TIFF reader. */
function hasGpsBlock(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  const tiff = exif.subarray(exif.indexOf('Exif\0\0') + 6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number): number => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number): number => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const directory = u32(4);
  const entries = u16(directory);
  for (let index = 0; index < entries; index++) if (u16(directory + 2 + index * 12) === 0x8825) return true;
  return false;
}

async function refusal(content: Buffer, maxBytes = 10_000_000): Promise<ImageRefused['refusal']> {
  try {
    await processImage(content, { maxBytes, maxDimension: 2048 });
  } catch (error) {
    if (error instanceof ImageRefused) return error.refusal;
    throw error;
  }
  throw new Error('not refused');
}

describe('processing a photo', () => {
  test('GPS position, camera and serial number are gone; orientation applied; size capped', async () => {
    const original = await photoWithGps();
    const before = await sharp(original).metadata();
    expect(before.orientation).toBe(6);
    expect(hasGpsBlock(before.exif)).toBe(true);
    expect(before.exif?.toString('latin1')).toContain('SN-000123456');

    const processed = await processImage(original);
    const after = await sharp(processed.content).metadata();
    expect(after.exif).toBeUndefined();
    expect(hasGpsBlock(after.exif)).toBe(false);
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(processed.content.includes(Buffer.from('SN-000123456'))).toBe(false);
    expect(processed.content.includes(Buffer.from('Phone Maker'))).toBe(false);
    // Orientation 6 (rotated 90°): the stored picture is upright, portrait, and at most 2048 px.
    expect(after.orientation).toBeUndefined();
    expect([after.width, after.height]).toEqual([1365, 2048]);
    expect(processed.mediaType).toBe('image/jpeg');
  });

  test('PNG and WebP are accepted and stored as JPEG; a small picture is not enlarged', async () => {
    const base = sharp({ create: { width: 40, height: 30, channels: 4, background: '#ff000080' } });
    for (const content of [await base.clone().png().toBuffer(), await base.clone().webp().toBuffer()]) {
      const processed = await processImage(content);
      expect(processed.mediaType).toBe('image/jpeg');
      expect([processed.width, processed.height]).toEqual([40, 30]);
    }
  });

  test('the type comes from the content: a PDF named .jpg, text and an empty file are refused', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    expect(await refusal(pdf)).toEqual({ reason: 'not_an_image', detectedType: 'application/pdf' });
    expect(await refusal(Buffer.from('just some words'))).toMatchObject({ reason: 'not_an_image' });
    expect(await refusal(Buffer.alloc(0))).toEqual({ reason: 'empty' });
  });

  test('a picture over the size limit, and a broken one, are refused', async () => {
    const jpeg = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    expect(await refusal(jpeg, 100)).toEqual({ reason: 'too_large', maxBytes: 100 });
    expect(await refusal(jpeg.subarray(0, 200))).toEqual({ reason: 'unreadable' });
  });

  test('a real HEIC photo (HEVC, as phones write it) is decoded, stripped of its EXIF and stored as JPEG', async () => {
    const heic = readFileSync(new URL('./fixtures/camera-photo.heic', import.meta.url));
    expect(heic.includes(Buffer.from('SERIAL-12345-XYZ'))).toBe(true);
    expect(await detectImageType(heic)).toBe('image/heic');

    const processed = await processImage(heic);
    expect(processed).toMatchObject({
      mediaType: 'image/jpeg',
      sourceType: 'image/heic',
      width: 400,
      height: 300,
    });
    const after = await sharp(processed.content).metadata();
    expect(after.exif).toBeUndefined();
    expect(processed.content.includes(Buffer.from('SERIAL-12345-XYZ'))).toBe(false);
    expect(processed.content.includes(Buffer.from('PlazaTestCam'))).toBe(false);
    // The picture itself survived: red on the left, blue on the right.
    const pixel = async (left: number) => {
      const { data } = await sharp(processed.content)
        .extract({ left, top: 150, width: 1, height: 1 })
        .raw()
        .toBuffer({ resolveWithObject: true });
      return [...data];
    };
    const [red, , blueOfRed] = await pixel(50);
    const [redOfBlue, , blue] = await pixel(350);
    expect(red).toBeGreaterThan(180);
    expect(blueOfRed).toBeLessThan(80);
    expect(blue).toBeGreaterThan(180);
    expect(redOfBlue).toBeLessThan(80);
  });

  test('HEIC is recognised by its brand, not its name', async () => {
    const heicHeader = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from('ftypheic'),
      Buffer.from([0, 0, 0, 0]),
      Buffer.from('mif1heic'),
    ]);
    expect(await detectImageType(heicHeader)).toBe('image/heic');
    // A file that claims to be HEIC but holds no picture is refused as unreadable, not as a crash.
    expect(await refusal(heicHeader)).toEqual({ reason: 'unreadable' });
  });
});
