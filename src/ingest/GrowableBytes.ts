/**
 * A byte buffer that doubles when a write would overflow it: what the staging-CSV encoders write
 * into, reused across batches so a steady stream allocates nothing once it has grown.
 */
export class GrowableBytes {
  protected buffer: Buffer;
  protected position = 0;

  constructor(initialBytes = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** Writes a string known to be ASCII, one byte per character. */
  protected ascii(text: string): void {
    this.reserve(text.length);
    for (let i = 0; i < text.length; i++) this.buffer[this.position++] = text.charCodeAt(i);
  }

  protected byte(b: number): void {
    this.reserve(1);
    this.buffer[this.position++] = b;
  }

  /** Makes room for `bytes` more bytes after `position`, keeping what is written. */
  protected reserve(bytes: number): void {
    if (this.position + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.position + bytes));
    this.buffer.copy(grown, 0, 0, this.position);
    this.buffer = grown;
  }
}
