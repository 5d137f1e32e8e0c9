import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

// Reads what a test needs from a PDF that Chromium printed (page.pdf): each page's size and the
// text drawn on it, in drawing order, through Mozilla's PDF.js.

export interface PdfPage {
  /** The page's size in points (1/72 in): 595×842 is A4 portrait. */
  width: number;
  height: number;
  /** The text drawn on the page, one run per line of the result, in the order it is drawn. */
  text: string;
}

/** Every page of the PDF, in order, with its size and its text. */
export async function readPdf(bytes: Buffer): Promise<PdfPage[]> {
  const document = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const [left, bottom, right, top] = page.view;
      const content = await page.getTextContent();
      const runs = content.items.flatMap((item) => ("str" in item ? [item.str] : []));
      pages.push({ width: right! - left!, height: top! - bottom!, text: runs.join("\n") });
    }
    return pages;
  } finally {
    await document.destroy();
  }
}
