import { stripVTControlCharacters } from 'node:util';

/** Joins the words of a quoted command while wrapping (a no-break space: one column, not a break). */
const GLUE = '\u00a0';

/** Below this many columns for the text after a prefix, the text moves under the prefix instead. */
const MIN_TEXT_COLUMNS = 24;
/** The same for a help item: a flag's description squeezed into a narrow column is hard to read. */
export const MIN_HELP_COLUMNS = 36;

/** Columns a string takes on screen: colour codes take none. */
export function visibleWidth(text: string): number {
  return stripVTControlCharacters(text).length;
}

/**
 * The width to lay text out in: the terminal's, else COLUMNS (set by shells and by users who pipe),
 * else 80. Never below 20, so a tiny pane still gets words rather than one character per line.
 */
export function terminalColumns(stream: { isTTY?: boolean; columns?: number } | undefined, env: NodeJS.ProcessEnv): number {
  const fromStream = stream?.isTTY && stream.columns && stream.columns > 0 ? stream.columns : undefined;
  const fromEnv = Number.parseInt(env.COLUMNS ?? '', 10);
  return Math.max(20, fromStream ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 80));
}

/**
 * `prefix` then `text` wrapped at word boundaries so no line passes `width`, continuation lines indented
 * to where the text started (a hanging indent). When the prefix leaves too little room (or not enough
 * for the text's longest word), the text goes on the lines below, indented four columns past the
 * prefix's own indentation. A single word longer than the room stays whole: cutting an ARM id or a URL
 * would make it wrong to copy.
 */
export function hang(prefix: string, text: string, width: number, minText = MIN_TEXT_COLUMNS): string[] {
  if (!Number.isFinite(width) || !text.trim() || visibleWidth(prefix) + visibleWidth(text) <= width) return [`${prefix}${text}`.trimEnd()];
  let indent = visibleWidth(prefix);
  const head: string[] = [];
  const longest = Math.max(
    0,
    ...stripVTControlCharacters(text)
      .split(' ')
      .map((w) => w.length),
  );
  if (width - indent < Math.min(minText, width) || (width - indent < longest && prefix.trim())) {
    // A label goes on its own line; bare indentation just shrinks, down to what leaves the room.
    if (prefix.trim()) head.push(prefix.trimEnd());
    const lead = /^ */.exec(stripVTControlCharacters(prefix))?.[0].length ?? 0;
    indent = prefix.trim() ? Math.min(indent, lead + 4) : Math.max(0, Math.min(indent, width - minText));
    prefix = ' '.repeat(indent);
  }
  // A `command` quoted in prose stays on one line, whole, so it can be copied (and found by grep).
  const kept = text.replace(/`[^`]*`/g, (quoted) => quoted.replace(/ /g, GLUE));
  const lines = wrapWords(kept, Math.max(width - indent, 1)).map((l) => l.replaceAll(GLUE, ' '));
  return [...head, ...lines.map((l, i) => `${i === 0 ? prefix : ' '.repeat(indent)}${l}`.trimEnd())];
}

/**
 * Greedy word wrap measured in on-screen columns (colour codes take none; a style carried over a line
 * break still applies on the next line, which is what the terminal shows). Written here rather than
 * taken from wrap-ansi: its width tables cost --help ~80 ms of start-up for text that is ASCII.
 */
function wrapWords(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const word of text.split(' ').filter(Boolean)) {
    const w = visibleWidth(word);
    if (line && used + 1 + w > columns) {
      lines.push(line);
      line = word;
      used = w;
    } else {
      used += (line ? 1 : 0) + w;
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}

/** A leading list mark worth hanging under: ✔ ✖ ! - ~ + = x ok and the like, one or two characters. */
const MARK = /^(\s*)(\S{1,2} +)?/;

/**
 * Fits lines already laid out for a wide terminal into `width`: each line too long is wrapped with a
 * hanging indent under its text (past its indentation and a short leading mark such as ✖ or -).
 */
export function fitLines(lines: readonly string[], width: number): string[] {
  if (!Number.isFinite(width)) return [...lines];
  return lines
    .flatMap((line) => line.split('\n'))
    .flatMap((line) => {
      if (visibleWidth(line) <= width) return [line];
      const plain = stripVTControlCharacters(line);
      const cut = prefixLength(line, MARK.exec(plain)?.[0].length ?? 0);
      return hang(line.slice(0, cut), line.slice(cut), width);
    });
}

const ESC = String.fromCharCode(27);
const COLOUR = new RegExp(`^${ESC}\\[[0-9;]*m`);
/** Codes that close a style (bold/dim, foreground, reset). */
const CLOSING = new RegExp(`^(${ESC}\\[(?:22|39|0)m)+`);

/** The index in `line` (which may hold colour codes) after its first `visible` on-screen characters. */
function prefixLength(line: string, visible: number): number {
  let seen = 0;
  let i = 0;
  while (i < line.length && seen < visible) {
    const ansi = COLOUR.exec(line.slice(i));
    if (ansi) i += ansi[0].length;
    else {
      i += 1;
      seen += 1;
    }
  }
  // Colour codes right after the prefix belong to the text (a mark's closing code stays with the mark).
  const closing = CLOSING.exec(line.slice(i));
  return closing ? i + closing[0].length : i;
}

/** `text` cut to `width` columns with an ellipsis (a table cell that must not push the row past the edge). */
export function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? '…'.slice(0, width) : `${text.slice(0, width - 1).trimEnd()}…`;
}

/**
 * A shell command laid out to `width`: broken between arguments with ` \` continuations, so what is
 * shown can still be copied and pasted as one command.
 */
export function wrapCommand(indent: string, command: string, width: number): string[] {
  if (!Number.isFinite(width) || visibleWidth(indent) + visibleWidth(command) <= width) return [`${indent}${command}`];
  // A flag and its value stay on one line: `-l \` then `eastus` would read as two separate things.
  // A quoted argument stays whole.
  const words = (command.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).reduce<string[]>((units, word) => {
    const last = units.at(-1);
    if (last !== undefined && /^-/.test(last) && !last.includes(' ') && !/^[-|>]/.test(word)) units[units.length - 1] = `${last} ${word}`;
    else units.push(word);
    return units;
  }, []);
  const lines: string[] = [];
  let line = `${indent}${words.shift() ?? ''}`;
  const next = `${indent}    `;
  for (const word of words) {
    // Two columns spare for the ` \` that ends a broken line.
    if (visibleWidth(line) + 1 + visibleWidth(word) + 2 <= width) line += ` ${word}`;
    else {
      lines.push(`${line} \\`);
      // A flag and value too long for a line of their own go on two.
      const [flag, value] = word.split(/ (.*)/s);
      if (value !== undefined && visibleWidth(next) + visibleWidth(word) + 2 > width) {
        lines.push(`${next}${flag} \\`);
        line = `${next}${value}`;
      } else line = `${next}${word}`;
    }
  }
  lines.push(line);
  return lines;
}
