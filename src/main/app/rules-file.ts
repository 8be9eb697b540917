// Reads the trader's rules file at start (TILTGUARD_RULES / --rules): YAML or JSON, parsed by the risk
// core's schema. A bad file stops the engine with every problem listed by line, field and reason, so
// the trader never runs with a half-understood configuration.
import { readFileSync } from 'node:fs'
import { formatConfigError, parseRulesYaml, type ConfigError, type RiskConfig } from '../risk'

/** The rules file could not be read or does not satisfy the schema; `problems` lists each one. */
export class RulesFileError extends Error {
  readonly code = 'RULES_FILE_INVALID'
  constructor(
    readonly path: string,
    readonly problems: readonly ConfigError[],
    options?: { cause?: unknown },
  ) {
    super(
      problems.length === 0
        ? `rules file ${path} could not be read`
        : `rules file ${path} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
            problems.map((p) => `  ${formatConfigError(p)}`).join('\n'),
      options,
    )
    this.name = 'RulesFileError'
  }
}

/** Parses the file's text; throws RulesFileError naming every problem at once. */
export function loadRulesFile(path: string, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): RiskConfig {
  let text: string
  try {
    text = read(path)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new RulesFileError(path, [{ line: 0, column: 0, path: '', reason }], { cause: error })
  }
  const parsed = parseRulesYaml(text)
  if (!parsed.ok) throw new RulesFileError(path, parsed.errors)
  return parsed.config
}
