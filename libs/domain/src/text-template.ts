/**
 * `{name}` placeholders in rule titles (rules.yaml): "PM2.5 {value} {unit} tại {deviceName}". Unknown
 * names are left as written, so a typo shows in the title instead of vanishing; the rules loader
 * rejects them up front with `templateFields`.
 */
const FIELD_RE = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

export type TemplateVars = Readonly<Record<string, string | number | null | undefined>>;

export function renderTemplate(template: string, vars: TemplateVars): string {
  return template.replace(FIELD_RE, (whole, name: string) => {
    const v = vars[name];
    if (v === null || v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(v) : v;
  });
}

/** The placeholder names a template uses, in order of first use. */
export function templateFields(template: string): string[] {
  return [...new Set([...template.matchAll(FIELD_RE)].map((m) => m[1]))];
}

/** Up to 2 decimals, no trailing zeros: 152.4, 3, 0.05. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Math.round(v * 100) / 100);
}
