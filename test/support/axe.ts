// axe-core, the accessibility rules engine, injected into a real Chromium page.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs every axe rule for WCAG 2.0/2.1/2.2 A and AA plus axe's best practices, and returns the
 * violations that are "serious" or "critical". The page must come from a context opened with
 * `bypassCSP: true`: the pages allow only scripts carrying the response's nonce.
 */
export async function seriousViolations(page: Page, label: string): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = (await axe.run(document, { resultTypes: ["violations", "incomplete"] })) as { violations: unknown[]; incomplete: unknown[] };
    return [...result.violations, ...result.incomplete.map((item) => ({ ...(item as object), incomplete: true }))];
  })) as (AxeViolation & { incomplete?: boolean })[];
  if (process.env.A11Y_ALL) console.log(`${label}: ${page.url()} ${violations.length} findings`);
  if (process.env.A11Y_ALL) for (const v of violations) console.log(`${label}: ${v.incomplete ? "(needs review) " : ""}[${v.impact}] ${v.id} — ${v.help} ${v.nodes.map((n) => JSON.stringify(n.target)).join(" ")}${v.incomplete ? `\n    why: ${JSON.stringify((v.nodes[0] as { any?: { message: string }[] }).any?.map((c) => c.message))}` : ""}`);
  return violations
    .filter((violation) => !violation.incomplete)
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${label}: [${violation.impact}] ${violation.id} — ${violation.help}\n    ${violation.nodes.map((node) => JSON.stringify(node.target)).join("\n    ")}`);
}
