package io.qualitymonitor.image;

/**
 * Returns why an image could not be decoded; the names match the dead-letter reasons, so the stream
 * layer maps them one to one.
 */
public enum DecodeFailure {
    /** The bytes are empty or in no image format the decoders know. */
    NOT_AN_IMAGE,
    /** The format is known but the file is truncated or corrupt. */
    DECODE_FAILED,
    /** The header declares more pixels than the pixel cap allows. */
    TOO_MANY_PIXELS,
    /** The file has more bytes than the byte cap allows. */
    TOO_LARGE
}
