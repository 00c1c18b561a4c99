// What a facilitator at the back of the hall checks on the projector, measured in the page:
// the smallest text, cards cut at an edge or clipped inside, and cards shown whole.
import type { Page } from "playwright-core";

/** Every piece of visible text on the screen whose rendered size is under `min` px (SVG text scaled). */
export function textsSmallerThan(page: Page, min = 20): Promise<string[]> {
  return page.evaluate((min) => {
    const small: string[] = [];
    const walker = document.createTreeWalker(document.querySelector(".screen") ?? document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const element = node.parentElement;
      if (!text || !element || element.closest(".visually-hidden, [hidden]")) continue;
      const rects = element.getClientRects();
      if (rects.length === 0) continue;
      let size = parseFloat(getComputedStyle(element).fontSize);
      // SVG text is drawn at its font size times the drawing's scale.
      if (element instanceof SVGElement && element.ownerSVGElement) size *= element.ownerSVGElement.getScreenCTM()?.a ?? 1;
      if (size < min - 0.01) small.push(`${Math.round(size * 10) / 10}px "${text.slice(0, 40)}" (${element.tagName.toLowerCase()}.${element.getAttribute("class") ?? ""})`);
    }
    return small;
  }, min);
}

export interface WallCards {
  /** Cards wholly inside their column and the window. */
  whole: number;
  /** Cards reaching past their column or the window, or whose text is clipped inside them. */
  cut: string[];
  ids: string[];
}

export function wallCards(page: Page): Promise<WallCards> {
  return page.evaluate(() => {
    const cut: string[] = [];
    const ids: string[] = [];
    let whole = 0;
    for (const card of Array.from(document.querySelectorAll<HTMLElement>(".screen .wall-cards > .post-card"))) {
      const box = card.parentElement!.getBoundingClientRect();
      const rect = card.getBoundingClientRect();
      const text = card.querySelector<HTMLElement>(".post-text")!;
      const inside = rect.top >= box.top - 0.5 && rect.bottom <= box.bottom + 0.5 && rect.right <= box.right + 0.5 && rect.bottom <= innerHeight && rect.right <= innerWidth;
      const clipped = text.scrollHeight > text.clientHeight + 1 || card.scrollHeight > card.clientHeight + 1;
      if (!inside || clipped) cut.push(`${card.dataset.postId}: ${inside ? "text clipped" : "past the edge"}`);
      else whole++;
      ids.push(card.dataset.postId!);
    }
    return { whole, cut, ids };
  });
}
