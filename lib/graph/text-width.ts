/**
 * The width of a line of text in the diagram's font without a browser: the advance widths of
 * Helvetica (Adobe's AFM metrics, in 1/1000 em; Arial and Liberation Sans share them) for
 * printable ASCII, a wide default for anything else, and a margin for bold.
 */
// prettier-ignore
const HELVETICA: number[] = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p-z { | } ~
];

export const FONT_FAMILY = "'Liberation Sans', Arial, Helvetica, sans-serif";

/** Width in pixels of `text` at `size` px; `bold` adds the margin bold glyphs need. */
export function textWidth(text: string, size: number, bold = false): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    units += code >= 32 && code < 127 ? HELVETICA[code - 32] : code > 0x2e80 ? 1000 : 600;
  }
  return (units / 1000) * size * (bold ? 1.1 : 1);
}
