// Country calling codes the demo data may use; the longest match wins.
const COUNTRY_CODES = new Set([
  '1',
  '7',
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '351',
  '352',
  '353',
  '354',
  '358',
  '359',
  '370',
  '371',
  '372',
  '380',
  '385',
  '386',
  '420',
  '421',
]);

/** E.164 `+3269441552` as OCI tables show it: `+32-69441552` (unchanged when no code matches). */
export function tablePhone(e164: string | undefined): string {
  if (!e164) return '';
  const m = /^\+(\d+)$/.exec(e164);
  if (!m) return e164;
  for (const len of [3, 2, 1]) {
    const cc = m[1].slice(0, len);
    if (COUNTRY_CODES.has(cc)) return `+${cc}-${m[1].slice(len)}`;
  }
  return e164;
}
