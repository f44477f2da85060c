/**
 * Pictures people upload (a photo of a pothole from a phone): the type is read from the content, never the
 * name; the picture is turned upright, shrunk to a sensible size and re-encoded, which drops every piece of
 * metadata the camera wrote (GPS position, camera serial number, owner's name, thumbnails). libvips (through
 * sharp) does the work; HEIC, which sharp's prebuilt libvips cannot read, is decoded by heic-decode first.
 */
import decodeHeic from 'heic-decode';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Sharp } from 'sharp';

export const acceptedImageTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
export type AcceptedImageType = (typeof acceptedImageTypes)[number];

export interface ImageLimits {
  /** Largest upload accepted, in bytes. */
  maxBytes: number;
  /** The longer side of the stored picture, in pixels. */
  maxDimension: number;
}

export const defaultImageLimits: ImageLimits = { maxBytes: 10 * 1024 * 1024, maxDimension: 2048 };

/** Why a picture was refused; the caller words it for people. */
export type ImageRefusal =
  | { reason: 'empty' }
  | { reason: 'too_large'; maxBytes: number }
  | { reason: 'not_an_image'; detectedType: string | undefined }
  | { reason: 'unreadable' };

export class ImageRefused extends Error {
  constructor(readonly refusal: ImageRefusal) {
    super(`image refused: ${refusal.reason}`);
  }
}

export interface ProcessedImage {
  content: Buffer;
  mediaType: 'image/jpeg';
  width: number;
  height: number;
  /** What the upload was, by its content. */
  sourceType: AcceptedImageType;
}

/** A decompression bomb (a small file claiming enormous dimensions) is refused before it is decoded. */
const MAX_INPUT_PIXELS = 50_000_000;

const heifBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** The type of a picture from its bytes; HEIC is recognised by its ISO-BMFF brand, AVIF is not HEIC. */
export async function detectImageType(content: Buffer): Promise<string | undefined> {
  const detected = (await fileTypeFromBuffer(content))?.mime;
  if (detected === 'image/heic' || detected === 'image/heif') return 'image/heic';
  if (detected) return detected;
  const brand =
    content.length >= 12 && content.subarray(4, 8).toString('latin1') === 'ftyp'
      ? content.subarray(8, 12).toString('latin1')
      : '';
  return heifBrands.has(brand) ? 'image/heic' : undefined;
}

export async function processImage(
  content: Buffer,
  limits: ImageLimits = defaultImageLimits,
): Promise<ProcessedImage> {
  if (content.length === 0) throw new ImageRefused({ reason: 'empty' });
  if (content.length > limits.maxBytes)
    throw new ImageRefused({ reason: 'too_large', maxBytes: limits.maxBytes });
  const type = await detectImageType(content);
  if (!type || !(acceptedImageTypes as readonly string[]).includes(type))
    throw new ImageRefused({ reason: 'not_an_image', detectedType: type });
  try {
    let input: Sharp;
    if (type === 'image/heic') {
      // A HEIC image has no EXIF orientation to apply once decoded: libheif applies its own transforms.
      const decoded = await decodeHeic({ buffer: content });
      if (decoded.width * decoded.height > MAX_INPUT_PIXELS) throw new ImageRefused({ reason: 'unreadable' });
      input = sharp(Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength), {
        raw: { width: decoded.width, height: decoded.height, channels: 4 },
      });
    } else {
      input = sharp(content, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
    }
    // rotate() with no angle applies the EXIF orientation; sharp writes no metadata unless asked to.
    const { data, info } = await input
      .rotate()
      .resize({
        width: limits.maxDimension,
        height: limits.maxDimension,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return {
      content: data,
      mediaType: 'image/jpeg',
      width: info.width,
      height: info.height,
      sourceType: type as AcceptedImageType,
    };
  } catch (error) {
    if (error instanceof ImageRefused) throw error;
    throw new ImageRefused({ reason: 'unreadable' });
  }
}
