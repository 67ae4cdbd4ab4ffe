/** How a numbered H.264 fixture (h264-page.ts) carries its seq, for the page that reads it back (h264-page/main.ts). */

/** Bits of the seq, most significant first, each a block of width / `SEQ_BITS` across the picture's top. */
export const SEQ_BITS = 16;
/** Rows the blocks take from the top: deep enough that H.264's blocks and chroma leave their middle row clean. */
export const SEQ_ROWS = 48;
