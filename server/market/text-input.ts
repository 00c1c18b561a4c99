// The one filter for text that comes from outside: every live write, an imported market, paper
// cards. The zod schemas (schemas.ts) build their text fields from here, so what is stripped and
// what is refused is defined once.
import { z } from "zod";

/** Bidi controls reorder how a line reads on the wall and in a spreadsheet ("Trojan Source"). */
const BIDI = "\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069";
/** Zero-width characters hide text and make look-alike names. (Emoji sequences lose their joiner.) */
const ZERO_WIDTH = "\u180E\u200B-\u200D\u2060-\u2064\uFEFF";
/** Control characters other than tab and line breaks (C0, DEL, C1: NUL, ESC, CSI...). */
const CONTROLS = "\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F";
const STRIPPED = new RegExp(`[${BIDI}${ZERO_WIDTH}${CONTROLS}]`, "g");
/** Every way to break a line, U+2028/U+2029 included (some tools split lines on them). */
const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/g;
/**
 * Characters that draw nothing: white space, marks with nothing to sit on, format and
 * default-ignorable characters (U+00AD soft hyphen, U+3164 Hangul filler, U+115F...), the blank
 * braille pattern. A text needs one character outside these.
 */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{M}\u2800]/u;

export interface CleanTextOptions {
  /** Keep line breaks (as "\n"); otherwise they become spaces. Post texts are multi-line. */
  multiline?: boolean;
}

/** Text as the market keeps it: NFC, without the characters above, one line unless multi-line. */
export function cleanText(value: string, options: CleanTextOptions = {}): string {
  const kept = value.normalize("NFC").replace(STRIPPED, "");
  const lines = kept.replace(LINE_BREAK, options.multiline ? "\n" : " ").replace(/\t/g, " ");
  return lines.trim();
}

/** Whether a text draws at least one character a reader can see. */
export function hasVisibleCharacter(value: string): boolean {
  for (const char of value) if (!INVISIBLE.test(char)) return true;
  return false;
}

// Checked on the text as sent, first: "" and "  " are simply missing (field_required), while
// "\u200B" or "\u3164" is refused as invisible rather than silently emptied.
const visible = z.refine<string>((value) => value.trim() === "" || hasVisibleCharacter(value), { params: { refusal: "field_not_visible" } });

/** A required text field of at most `max` characters, cleaned, with at least one visible character. */
export function textField(max: number, options: CleanTextOptions = {}) {
  return z.string().check(visible).overwrite((value) => cleanText(value, options)).min(1).max(max);
}

/** A tag: one word-ish label, cleaned like any text, "#" dropped, lower case. */
export function tagField(max: number) {
  return z
    .string()
    .check(visible)
    .overwrite((value) => cleanText(value).replace(/^#/, "").trim().toLowerCase())
    .min(1)
    .max(max);
}
