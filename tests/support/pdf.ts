import { inflateSync } from "node:zlib";

// Reads what a test needs from a PDF that Chromium printed (page.pdf): each page's size and the
// text drawn on it, in drawing order. Chromium's PDFs (Skia's writer) keep every object in plain
// sight (no object streams, no encryption), deflate their streams, draw text with Type0 fonts
// whose ToUnicode maps say which characters each glyph is, and put a cluster whose glyphs are not
// one per character in an /ActualText span. Enough of PDF for that, no more.

export interface PdfPage {
  /** The page's size in points (1/72 in): 595×842 is A4 portrait. */
  width: number;
  height: number;
  /** The text drawn on the page, one run per line of the result, in the order it is drawn. */
  text: string;
}

interface PdfObject {
  body: string;
  stream?: Buffer;
}

/** Every page of the PDF, in order, with its size and its text. */
export function readPdf(bytes: Buffer): PdfPage[] {
  const objects = parseObjects(bytes);
  const object = (ref: string | undefined): PdfObject => {
    const found = ref === undefined ? undefined : objects.get(Number(ref));
    if (!found) throw new Error(`PDF: no object ${ref}`);
    return found;
  };
  const catalog = [...objects.values()].find((candidate) => /\/Type\s*\/Catalog\b/.test(candidate.body));
  const pagesRef = catalog?.body.match(/\/Pages\s+(\d+)\s+0\s+R/)?.[1];
  const pages: PdfPage[] = [];
  const visit = (ref: string, inherited: { mediaBox?: number[]; resources?: string }) => {
    const node = object(ref);
    const mediaBox = numbers(node.body.match(/\/MediaBox\s*\[([^\]]*)\]/)?.[1]) ?? inherited.mediaBox;
    const resources = entry(node.body, "Resources") ?? inherited.resources;
    if (/\/Type\s*\/Pages\b/.test(node.body)) {
      for (const kid of refs(node.body.match(/\/Kids\s*\[([^\]]*)\]/)?.[1] ?? "")) visit(kid, { mediaBox, resources });
      return;
    }
    if (!mediaBox) throw new Error(`PDF: page ${ref} has no MediaBox`);
    const contents = entry(node.body, "Contents") ?? "";
    const streams = refs(contents).map((content) => decoded(object(content)));
    const runs: string[] = [];
    drawText(Buffer.concat(streams), resolveResources(resources), runs, object);
    const [left = 0, bottom = 0, right = 0, top = 0] = mediaBox;
    pages.push({ width: right - left, height: top - bottom, text: runs.join("\n") });
  };
  if (!pagesRef) throw new Error("PDF: no page tree");
  visit(pagesRef, {});
  return pages;

  function resolveResources(resources: string | undefined): string {
    if (!resources) return "";
    const ref = resources.match(/^(\d+)\s+0\s+R$/)?.[1];
    return ref ? object(ref).body : resources;
  }
}

/** Every `N 0 obj … endobj`, by number; a stream's bytes are cut by its /Length. */
function parseObjects(bytes: Buffer): Map<number, PdfObject> {
  const text = bytes.toString("latin1");
  const objects = new Map<number, PdfObject>();
  const header = /(\d+)\s+0\s+obj\b/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text))) {
    const start = match.index + match[0].length;
    const end = text.indexOf("endobj", start);
    const streamAt = text.indexOf("stream", start);
    if (streamAt !== -1 && (end === -1 || streamAt < end)) {
      const body = text.slice(start, streamAt);
      const length = Number(body.match(/\/Length\s+(\d+)(?!\s+0\s+R)/)?.[1]);
      let from = streamAt + "stream".length;
      if (text[from] === "\r") from++;
      if (text[from] === "\n") from++;
      objects.set(Number(match[1]), { body, stream: bytes.subarray(from, from + length) });
      header.lastIndex = from + length;
    } else {
      objects.set(Number(match[1]), { body: text.slice(start, end === -1 ? undefined : end) });
    }
  }
  return objects;
}

function decoded(object: PdfObject): Buffer {
  if (!object.stream) return Buffer.alloc(0);
  return /\/FlateDecode\b/.test(object.body) ? inflateSync(object.stream) : object.stream;
}

function numbers(text: string | undefined): number[] | undefined {
  return text?.trim().split(/\s+/).map(Number);
}

function refs(text: string): string[] {
  return [...text.matchAll(/(\d+)\s+0\s+R/g)].map((ref) => ref[1]!);
}

/** A dictionary entry's value: a reference, a dictionary (balanced << >>) or an array. */
function entry(body: string, key: string): string | undefined {
  const at = body.search(new RegExp(`/${key}\\b`));
  if (at === -1) return undefined;
  const rest = body.slice(at + key.length + 1).trimStart();
  const ref = rest.match(/^\d+\s+0\s+R/);
  if (ref) return ref[0];
  if (rest.startsWith("[")) return rest.slice(0, rest.indexOf("]") + 1);
  if (!rest.startsWith("<<")) return undefined;
  let depth = 0;
  for (let index = 0; index < rest.length; index++) {
    if (rest.startsWith("<<", index)) {
      depth++;
      index++;
    } else if (rest.startsWith(">>", index)) {
      depth--;
      index++;
      if (depth === 0) return rest.slice(0, index + 1);
    }
  }
  return rest;
}

/** The names of a resource dictionary's sub-dictionary (/Font, /XObject) mapped to their objects' numbers. */
function namedRefs(resources: string, kind: string, object: (ref: string) => PdfObject): Map<string, string> {
  let dictionary = entry(resources, kind) ?? "";
  const ref = dictionary.match(/^(\d+)\s+0\s+R$/)?.[1];
  if (ref) dictionary = object(ref).body;
  return new Map([...dictionary.matchAll(/\/([^\s/<>[\]()]+)\s+(\d+)\s+0\s+R/g)].map((pair) => [pair[1]!, pair[2]!]));
}

interface Font {
  bytesPerCode: number;
  map: Map<number, string>;
}

const fonts = new WeakMap<PdfObject, Font>();

/** A font's codes to characters, from its ToUnicode CMap (two-byte codes under Identity-H). */
function fontOf(font: PdfObject, object: (ref: string) => PdfObject): Font {
  const known = fonts.get(font);
  if (known) return known;
  const result: Font = { bytesPerCode: /\/Subtype\s*\/Type0\b/.test(font.body) ? 2 : 1, map: new Map() };
  const toUnicode = font.body.match(/\/ToUnicode\s+(\d+)\s+0\s+R/)?.[1];
  if (toUnicode) {
    const cmap = decoded(object(toUnicode)).toString("latin1");
    const space = cmap.match(/begincodespacerange\s*<([0-9A-Fa-f]+)>/);
    if (space) result.bytesPerCode = space[1]!.length / 2;
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const pair of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) result.map.set(parseInt(pair[1]!, 16), utf16(pair[2]!));
    }
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const range of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])/g)) {
        const low = parseInt(range[1]!, 16);
        const high = parseInt(range[2]!, 16);
        const target = range[3]!;
        if (target.startsWith("[")) {
          [...target.matchAll(/<([0-9A-Fa-f]*)>/g)].forEach((each, index) => result.map.set(low + index, utf16(each[1]!)));
        } else {
          const first = parseInt(target.slice(1, -1), 16);
          for (let code = low; code <= high; code++) result.map.set(code, String.fromCodePoint(first + code - low));
        }
      }
    }
  }
  fonts.set(font, result);
  return result;
}

function utf16(hex: string): string {
  const units: number[] = [];
  for (let index = 0; index + 4 <= hex.length; index += 4) units.push(parseInt(hex.slice(index, index + 4), 16));
  return String.fromCharCode(...units);
}

type Token = { kind: "string"; bytes: Buffer } | { kind: "name"; value: string } | { kind: "op"; value: string } | { kind: "number" } | { kind: "array"; items: Token[] } | { kind: "dict"; text: string };

/** Runs a content stream's text operators (Tf, Tj, TJ, ', ", Do of a form, ActualText spans), adding each drawn run to `runs`. */
function drawText(content: Buffer, resources: string, runs: string[], object: (ref: string) => PdfObject): void {
  const fontRefs = namedRefs(resources, "Font", object);
  const forms = namedRefs(resources, "XObject", object);
  let font: Font | undefined;
  let operands: Token[] = [];
  // inside an /ActualText span its text stands for what is drawn
  let actualDepth = 0;
  let depth = 0;
  const show = (token: Token | undefined) => {
    if (actualDepth > 0 || !font || !token) return;
    const strings = token.kind === "array" ? token.items : [token];
    let text = "";
    for (const item of strings) {
      if (item.kind !== "string") continue;
      for (let index = 0; index + font.bytesPerCode <= item.bytes.length; index += font.bytesPerCode) {
        text += font.map.get(item.bytes.readUIntBE(index, font.bytesPerCode)) ?? "";
      }
    }
    if (text) runs.push(text);
  };
  for (const token of tokenize(content)) {
    if (token.kind !== "op") {
      operands.push(token);
      continue;
    }
    switch (token.value) {
      case "Tf": {
        const name = operands.find((operand) => operand.kind === "name");
        const ref = name?.kind === "name" ? fontRefs.get(name.value) : undefined;
        font = ref ? fontOf(object(ref), object) : undefined;
        break;
      }
      case "Tj":
      case "'":
      case '"':
      case "TJ":
        show(operands.at(-1));
        break;
      case "BDC":
      case "BMC": {
        depth++;
        const properties = operands.at(-1);
        const actual = properties?.kind === "dict" ? properties.text.match(/\/ActualText\s*(<[0-9A-Fa-f]*>|\((?:\\.|[^\\)])*\))/)?.[1] : undefined;
        if (actual !== undefined && actualDepth === 0) {
          runs.push(actualText(actual));
          actualDepth = depth;
        }
        break;
      }
      case "EMC":
        if (actualDepth === depth) actualDepth = 0;
        depth--;
        break;
      case "Do": {
        const name = operands.at(-1);
        const ref = name?.kind === "name" ? forms.get(name.value) : undefined;
        const form = ref ? object(ref) : undefined;
        if (form && /\/Subtype\s*\/Form\b/.test(form.body)) {
          const own = entry(form.body, "Resources");
          const ownResources = own?.match(/^(\d+)\s+0\s+R$/) ? object(own.split(/\s/)[0]!).body : own;
          drawText(decoded(form), ownResources ?? resources, runs, object);
        }
        break;
      }
    }
    operands = [];
  }
}

function actualText(value: string): string {
  if (value.startsWith("<")) {
    const hex = value.slice(1, -1);
    return hex.toUpperCase().startsWith("FEFF") ? utf16(hex.slice(4)) : Buffer.from(hex, "hex").toString("latin1");
  }
  const bytes = literal(value.slice(1, -1));
  return bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2).swap16().toString("utf16le") : bytes.toString("latin1");
}

/** A literal string's bytes, its escapes undone. */
function literal(text: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char !== "\\") {
      bytes.push(char!.charCodeAt(0));
      continue;
    }
    const next = text[++index] ?? "";
    const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, "(": 40, ")": 41, "\\": 92 };
    if (next in escapes) bytes.push(escapes[next]!);
    else if (/[0-7]/.test(next)) {
      const octal = text.slice(index, index + 3).match(/^[0-7]{1,3}/)![0];
      bytes.push(parseInt(octal, 8) & 0xff);
      index += octal.length - 1;
    }
  }
  return Buffer.from(bytes);
}

/** A content stream's tokens: strings, names, numbers, arrays, dictionaries (as text) and operators. */
function* tokenize(content: Buffer): Generator<Token> {
  const text = content.toString("latin1");
  let index = 0;
  const stack: Token[][] = [];
  const emit = function* (token: Token): Generator<Token> {
    if (stack.length > 0) stack[stack.length - 1]!.push(token);
    else yield token;
  };
  while (index < text.length) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      index++;
    } else if (char === "%") {
      while (index < text.length && text[index] !== "\n" && text[index] !== "\r") index++;
    } else if (text.startsWith("<<", index)) {
      let depth = 0;
      const start = index;
      while (index < text.length) {
        if (text.startsWith("<<", index)) {
          depth++;
          index += 2;
        } else if (text.startsWith(">>", index)) {
          depth--;
          index += 2;
          if (depth === 0) break;
        } else if (text[index] === "(") {
          index = literalEnd(text, index);
        } else {
          index++;
        }
      }
      yield* emit({ kind: "dict", text: text.slice(start, index) });
    } else if (char === "<") {
      const end = text.indexOf(">", index);
      const hex = text.slice(index + 1, end).replace(/\s/g, "");
      yield* emit({ kind: "string", bytes: Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex") });
      index = end + 1;
    } else if (char === "(") {
      const end = literalEnd(text, index);
      yield* emit({ kind: "string", bytes: literal(text.slice(index + 1, end - 1)) });
      index = end;
    } else if (char === "[") {
      stack.push([]);
      index++;
    } else if (char === "]") {
      const items = stack.pop() ?? [];
      index++;
      yield* emit({ kind: "array", items });
    } else if (char === "/") {
      const name = text.slice(index + 1).match(/^[^\s/<>[\]()%{}]*/)![0];
      yield* emit({ kind: "name", value: name });
      index += name.length + 1;
    } else {
      const word: string = text.slice(index).match(/^[^\s/<>[\]()%{}]+/)?.[0] ?? char;
      index += word.length;
      yield* emit(/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) ? { kind: "number" } : { kind: "op", value: word });
    }
  }
}

/** The index just past a literal string's closing parenthesis (nested ones balanced, escapes skipped). */
function literalEnd(text: string, start: number): number {
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (char === "\\") index++;
    else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return index + 1;
  }
  return text.length;
}
