/**
 * `{name}` placeholders in rule titles (rules.yaml): "PM2.5 {value} {unit} tại {deviceName}". Unknown
 * names are left as written, so a typo shows in the title instead of vanishing; the rules loader
 * rejects them up front with `templateFields`.
 */
import { formatDecimal, type DisplayLanguage } from './metric-display';

const FIELD_RE = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

export type TemplateVars = Readonly<Record<string, string | number | null | undefined>>;

/**
 * Fills the placeholders; numbers get at most 2 decimals, in the title's language when `lang` is given
 * (vi "281,6", en "281.6"; without it the plain "281.6" of logs and descriptions).
 */
export function renderTemplate(template: string, vars: TemplateVars, lang?: DisplayLanguage): string {
  return template.replace(FIELD_RE, (whole, name: string) => {
    const v = vars[name];
    if (v === null || v === undefined) return whole;
    if (typeof v !== 'number') return v;
    return lang ? formatDecimal(v, lang, 2, 0) : formatNumber(v);
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
