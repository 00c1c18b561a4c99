// Where a "back" link may lead: a path on this site, read the way a browser reads a Location
// (the WHATWG URL parser drops tabs and line breaks and takes "\" for "/", so "/\t/evil.example"
// and "/\evil.example" are both "//evil.example", another host). Anything else goes home.
const BASE = "http://same-origin.invalid";

export function sameOriginPath(back: string, fallback = "/"): string {
  let url: URL;
  try {
    url = new URL(back, BASE);
  } catch {
    return fallback;
  }
  // "/.//evil.example" normalises to the path "//evil.example", which a browser reads as a host.
  if (url.origin !== BASE || !back.startsWith("/") || url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
