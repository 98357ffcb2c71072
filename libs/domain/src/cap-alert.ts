/**
 * CAP 1.2 (OASIS Common Alerting Protocol) export of an incident: one <alert> with a Vietnamese and an
 * English <info>. Times carry the city's numeric offset (CAP forbids "Z"); <circle> is "lat,lon radiusKm".
 * The first message is an Alert; once the incident changed, an Update (a Cancel when cancelled) that
 * references the original Alert as "sender,identifier,sent".
 */
import type { Incident, IncidentCategory, IncidentStatus } from '@ioc/contracts/incident.schema';
import { isoWithOffset } from './local-time';

export type CapCategory =
  | 'Geo'
  | 'Met'
  | 'Safety'
  | 'Security'
  | 'Rescue'
  | 'Fire'
  | 'Health'
  | 'Env'
  | 'Transport'
  | 'Infra'
  | 'CBRNE'
  | 'Other';

/** Our categories → CAP <category> (flood is Met: "meteorological, inc. flood"). */
export const CAP_CATEGORY: Readonly<Record<IncidentCategory, CapCategory>> = {
  fire: 'Fire',
  flood: 'Met',
  air_quality: 'Env',
  environment: 'Env',
  traffic: 'Transport',
  security: 'Security',
  utility: 'Infra',
  other: 'Other',
};

/** CAP <event>: the kind of incident in each language. */
export const CAP_EVENT: Readonly<Record<IncidentCategory, { vi: string; en: string }>> = {
  fire: { vi: 'Cháy', en: 'Fire' },
  flood: { vi: 'Ngập lụt', en: 'Flood' },
  air_quality: { vi: 'Ô nhiễm không khí', en: 'Air pollution' },
  environment: { vi: 'Sự cố môi trường', en: 'Environmental incident' },
  traffic: { vi: 'Sự cố giao thông', en: 'Traffic incident' },
  security: { vi: 'An ninh trật tự', en: 'Public security' },
  utility: { vi: 'Sự cố hạ tầng kỹ thuật', en: 'Utility failure' },
  other: { vi: 'Sự cố khác', en: 'Other incident' },
};

/** What a CAP message says of an incident: fields of the contract, plus the stored version. */
export type CapIncident = Pick<
  Incident,
  | 'id'
  | 'status'
  | 'category'
  | 'severity'
  | 'urgency'
  | 'certainty'
  | 'title'
  | 'titleEn'
  | 'description'
  | 'lat'
  | 'lon'
  | 'openedAt'
  | 'updatedAt'
> & {
  /** 1 until the first change after opening. */
  version: number;
};

export interface CapOptions {
  sender: string;
  senderName?: string;
  scope: 'Public' | 'Restricted';
  /** Required by CAP when scope is Restricted. */
  restriction?: string;
  timeZone: string;
  areaDesc: { vi: string; en: string };
  radiusKm: number;
}

const ENDED: readonly IncidentStatus[] = ['resolved', 'closed', 'cancelled'];

/** Control characters other than tab, LF and CR, lone surrogates and U+FFFE/FFFF are not XML 1.0. */
function stripInvalidXmlChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const ok =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      c >= 0x10000;
    if (ok) out += ch;
  }
  return out;
}

/** XML text/attribute escaping; characters XML 1.0 cannot carry are dropped. */
export function xmlEscape(text: string): string {
  return stripInvalidXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function capMsgType(i: Pick<CapIncident, 'status' | 'version'>): 'Alert' | 'Update' | 'Cancel' {
  if (i.status === 'cancelled') return 'Cancel';
  return i.version <= 1 ? 'Alert' : 'Update';
}

/** Identifier of the message for this version (the first one is the incident id). */
export function capIdentifier(i: Pick<CapIncident, 'id' | 'version'>): string {
  return i.version <= 1 ? i.id : `${i.id}-v${i.version}`;
}

/** "lat,lon radius" with a km radius, coordinates to 6 decimals (≈ 0.1 m). */
export function capCircle(lat: number, lon: number, radiusKm: number): string {
  return `${lat.toFixed(6)},${lon.toFixed(6)} ${Number(radiusKm.toFixed(3))}`;
}

const el = (name: string, value: string, indent: string) => `${indent}<${name}>${xmlEscape(value)}</${name}>`;

export function capAlertXml(i: CapIncident, o: CapOptions): string {
  const msgType = capMsgType(i);
  const ended = ENDED.includes(i.status);
  const sent = isoWithOffset(msgType === 'Alert' ? i.openedAt : i.updatedAt, o.timeZone);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
    el('identifier', capIdentifier(i), '  '),
    el('sender', o.sender, '  '),
    el('sent', sent, '  '),
    el('status', 'Actual', '  '),
    el('msgType', msgType, '  '),
    el('scope', o.scope, '  '),
  ];
  if (o.scope === 'Restricted') lines.push(el('restriction', o.restriction ?? 'IOC operators', '  '));
  if (msgType !== 'Alert')
    lines.push(el('references', `${o.sender},${i.id},${isoWithOffset(i.openedAt, o.timeZone)}`, '  '));
  lines.push(el('incidents', i.id, '  '));
  const infos: { lang: string; key: 'vi' | 'en'; headline: string }[] = [
    { lang: 'vi-VN', key: 'vi', headline: i.title },
    { lang: 'en-US', key: 'en', headline: i.titleEn ?? i.title },
  ];
  for (const info of infos) {
    const ind = '    ';
    lines.push('  <info>');
    lines.push(el('language', info.lang, ind));
    lines.push(el('category', CAP_CATEGORY[i.category], ind));
    lines.push(el('event', CAP_EVENT[i.category][info.key], ind));
    if (ended && i.status !== 'cancelled') lines.push(el('responseType', 'AllClear', ind));
    // Once handled, no responsive action is needed any more.
    lines.push(el('urgency', ended ? 'Past' : i.urgency, ind));
    lines.push(el('severity', i.severity, ind));
    lines.push(el('certainty', i.certainty, ind));
    lines.push(el('effective', isoWithOffset(i.openedAt, o.timeZone), ind));
    if (o.senderName) lines.push(el('senderName', o.senderName, ind));
    lines.push(el('headline', info.headline, ind));
    if (i.description) lines.push(el('description', i.description, ind));
    lines.push(`${ind}<parameter>`);
    lines.push(el('valueName', 'IOC_STATUS', `${ind}  `));
    lines.push(el('value', i.status, `${ind}  `));
    lines.push(`${ind}</parameter>`);
    lines.push(`${ind}<area>`);
    lines.push(el('areaDesc', o.areaDesc[info.key], `${ind}  `));
    if (i.lat !== null && i.lon !== null)
      lines.push(el('circle', capCircle(i.lat, i.lon, o.radiusKm), `${ind}  `));
    lines.push(`${ind}</area>`);
    lines.push('  </info>');
  }
  lines.push('</alert>', '');
  return lines.join('\n');
}
