//! Pictures uploaded for publication (news images): checked by their content, never by
//! their name, and re-encoded.
//!
//! [`prepare`] recognises PNG or JPEG from the bytes (anything else, whatever it is called,
//! is refused), reads the declared dimensions from the header and refuses a picture larger
//! than [`MAX_SIDE`] or [`MAX_PIXELS`] *before* decoding it (a decompression bomb declares a
//! huge size in a small file), decodes under [`image::Limits`] (width, height and memory),
//! scales it down to at most [`MAX_WIDTH`] pixels wide and encodes it again as JPEG. The
//! output holds pixels only: EXIF (and the GPS position a phone writes there), comments and
//! any trailing bytes of the upload are gone.

use domain::FieldError;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// The widest picture kept; wider ones are scaled down.
pub const MAX_WIDTH: u32 = 1280;
/// The longest side an upload may declare.
pub const MAX_SIDE: u32 = 12_000;
/// The most pixels an upload may declare (a 48-megapixel phone photo passes).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The largest upload, in bytes.
pub const MAX_BYTES: usize = 15 * 1024 * 1024;
/// JPEG quality of the re-encoded picture.
const QUALITY: u8 = 82;

/// A picture ready to store and serve: JPEG bytes and their size in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn refused(code: &'static str, field: &'static str) -> FieldError {
    FieldError::new(code, field)
}

/// Checks, scales and re-encodes an uploaded picture; errors name `field`.
pub fn prepare(bytes: &[u8], field: &'static str) -> Result<Prepared, FieldError> {
    if bytes.is_empty() {
        return Err(refused("common.required", field));
    }
    if bytes.len() > MAX_BYTES {
        return Err(refused("image.too_large", field).arg("max", "15 MB"));
    }
    let not_a_picture = || refused("image.type", field);
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| not_a_picture())?;
    let format = reader.format().ok_or_else(not_a_picture)?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg) {
        return Err(not_a_picture());
    }
    // The header's word on the size, before any pixel is decoded.
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| not_a_picture())?;
    if w == 0 || h == 0 {
        return Err(not_a_picture());
    }
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(refused("image.dimensions", field)
            .arg("width", w.to_string())
            .arg("height", h.to_string()));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let picture = reader.decode().map_err(|_| not_a_picture())?;
    let picture = if picture.width() > MAX_WIDTH {
        let height = (u64::from(picture.height()) * u64::from(MAX_WIDTH)
            / u64::from(picture.width()))
        .max(1);
        let height = u32::try_from(height).unwrap_or(MAX_SIDE);
        picture.resize_exact(MAX_WIDTH, height, image::imageops::FilterType::Triangle)
    } else {
        picture
    };
    encode(&picture, field)
}

/// The picture as JPEG (pixels only; transparency is laid on white).
fn encode(picture: &DynamicImage, field: &'static str) -> Result<Prepared, FieldError> {
    let rgba = picture.to_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = u16::from(p[3]);
        let blend = |c: u8| -> u8 {
            let v = (u16::from(c) * a + 255 * (255 - a)) / 255;
            u8::try_from(v).unwrap_or(255)
        };
        rgb.put_pixel(x, y, image::Rgb([blend(p[0]), blend(p[1]), blend(p[2])]));
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(&rgb)
        .map_err(|_| refused("image.type", field))?;
    Ok(Prepared {
        jpeg: out,
        width: rgb.width(),
        height: rgb.height(),
    })
}

/// A PNG picture drawn in code (a soft gradient with a band), for the demo and the tests.
pub fn sample_png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        let r = u8::try_from(40 + (x * 120 / width.max(1))).unwrap_or(160);
        let g = u8::try_from(120 + (y * 100 / height.max(1))).unwrap_or(220);
        let b = if (y * 5 / height.max(1)) == 2 { 60 } else { 90 };
        image::Rgb([r, g, b])
    });
    let mut out = Cursor::new(Vec::new());
    match DynamicImage::ImageRgb8(picture).write_to(&mut out, ImageFormat::Png) {
        Ok(()) => out.into_inner(),
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_picture_is_scaled_and_re_encoded_as_jpeg() {
        let png = sample_png(2000, 1000);
        let p = prepare(&png, "image").unwrap();
        assert_eq!((p.width, p.height), (1280, 640));
        assert_eq!(
            image::guess_format(&p.jpeg).unwrap(),
            ImageFormat::Jpeg,
            "always JPEG"
        );
        let small = prepare(&sample_png(300, 200), "image").unwrap();
        assert_eq!((small.width, small.height), (300, 200));
    }

    #[test]
    fn what_is_no_picture_is_refused_whatever_its_name() {
        assert_eq!(
            prepare(b"%PDF-1.7 not a picture", "image")
                .unwrap_err()
                .code,
            "image.type"
        );
        assert_eq!(
            prepare(b"<svg onload=alert(1)>", "image").unwrap_err().code,
            "image.type"
        );
        let mut cut = sample_png(100, 100);
        cut.truncate(60);
        assert_eq!(prepare(&cut, "image").unwrap_err().code, "image.type");
        assert_eq!(prepare(b"", "image").unwrap_err().code, "common.required");
    }

    #[test]
    fn a_huge_declared_size_is_refused_before_decoding() {
        // A PNG whose header declares 60000 × 60000 pixels, with nothing behind it.
        let mut png = sample_png(1, 1);
        // IHDR width and height sit at bytes 16..24; its CRC at 29..33 is then wrong, which
        // a decoder would notice, but the size is refused before any decoding.
        png[16..20].copy_from_slice(&60_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&60_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        let e = prepare(&png, "image").unwrap_err();
        assert_eq!(e.code, "image.dimensions");
        assert_eq!(e.args.get("width").map(String::as_str), Some("60000"));
    }

    /// CRC-32 of PNG chunks (ISO 3309), for the forged header above.
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
