// Symbol roots: traders write ES/NQ, ProjectX contract ids say EP/ENQ (I-22). One alias table links them;
// matching is exact and case-insensitive so an ES block never catches MES (R11-3), across expiries (R11-4).

/** Trader root → ProjectX root. Extended (not replaced) by global.symbol_aliases. */
export const DEFAULT_SYMBOL_ALIASES: Readonly<Record<string, string>> = {
  ES: 'EP',
  NQ: 'ENQ',
  M2K: 'M2K',
  YM: 'YM',
  RTY: 'RTY',
}

/** The root of `CON.F.US.<ROOT>.<MY>` (element 3); an id with fewer parts is its own root (CORE-10). */
export function contractRoot(contractId: string): string {
  const parts = contractId.split('.')
  return (parts.length >= 5 && parts[0] === 'CON' ? (parts[3] ?? contractId) : contractId).toUpperCase()
}

/** The trader-facing root of an API root: EP → ES. Roots without an alias are themselves. */
export function traderRoot(apiRoot: string, aliases: Readonly<Record<string, string>>): string {
  const upper = apiRoot.toUpperCase()
  for (const [trader, api] of Object.entries(aliases)) if (api.toUpperCase() === upper) return trader.toUpperCase()
  return upper
}

/** Trader root of a contract id: CON.F.US.EP.Z26 → ES. */
export function symbolOf(contractId: string, aliases: Readonly<Record<string, string>>): string {
  return traderRoot(contractRoot(contractId), aliases)
}

/** Does a configured symbol (ES, es, EP) name this contract? Exact root equality only. */
export function symbolMatches(configured: string, contractId: string, aliases: Readonly<Record<string, string>>): boolean {
  const wanted = configured.toUpperCase()
  const api = contractRoot(contractId)
  const apiOfWanted = (aliases[wanted] ?? wanted).toUpperCase()
  return api === apiOfWanted || api === wanted
}
