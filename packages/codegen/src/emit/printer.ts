/**
 * A small text printer for generated code: lines, indented blocks, doc comments. The output
 * is already formatted (two-space indent, one statement a line), so no formatter runs after it.
 */
export class Printer {
  readonly #lines: string[] = [];
  #indent = 0;

  /** Writes one line at the current indentation (an empty call writes a blank line). */
  line(text = ''): this {
    this.#lines.push(text === '' ? '' : '  '.repeat(this.#indent) + text);
    return this;
  }

  /**
   * Writes `open`, the body one level deeper, then `close`. An empty `open` continues the
   * previous line's block (`} catch (err) {`); a null `close` writes nothing after the body.
   */
  block(open: string, body: () => void, close: string | null = '}'): this {
    if (open !== '') this.line(open);
    this.#indent++;
    body();
    this.#indent--;
    return close === null ? this : this.line(close);
  }

  /** Writes a TSDoc comment; nothing when `text` is empty. Extra lines become more doc lines. */
  doc(text: string | undefined, ...extra: string[]): this {
    const lines = [...(text ? text.split('\n') : []), ...extra].map((l) => l.replace(/\*\//g, '*\\/').trimEnd());
    if (lines.length === 0) return this;
    this.line('/**');
    for (const l of lines) this.line(l ? ` * ${l}` : ' *');
    return this.line(' */');
  }

  toString(): string {
    // Collapse runs of blank lines so emitters need not track them.
    return this.#lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
  }
}
