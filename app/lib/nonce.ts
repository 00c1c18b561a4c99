// The per-response CSP nonce: the server makes one for each page (server/http/security-headers.ts)
// and entry.server puts it on the inline scripts Remix renders for hydration. In the browser it is
// empty: browsers hide nonce values from the page, and no new inline script is made there.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
