import { z } from 'zod';

/**
 * The encodings an import may be read in (`--encoding`, a mapping's `csv.encoding`): what
 * spreadsheet exports in China come as. GBK is read with the GB18030 decoder (GB18030 is its
 * superset, so every GBK file decodes the same); Big5 is for Hong Kong and Taiwan exports.
 */
export const TEXT_ENCODINGS = ['utf-8', 'gb18030', 'gbk', 'big5', 'utf-16le', 'utf-16be'] as const;
export const TextEncodingName = z.enum(TEXT_ENCODINGS);
export type TextEncodingName = z.infer<typeof TextEncodingName>;

/** The iconv-lite codec that reads a name of the list. */
export function decoderName(encoding: TextEncodingName): string {
  return encoding === 'gbk' ? 'gb18030' : encoding;
}
