// The rules editor: the YAML in force, checked by the engine on every edit (problems next to their
// line, with the field path), a diff of what would change, and saving, which asks for the admin
// password when the edit loosens a rule. Import and export of the YAML file.
import { useEffect, useState, type ChangeEvent, type ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { useActions } from '../../app/actions-context'
import { Icon } from '../../components/Icon'
import { downloadText, readFileText } from '../../lib/files'
import { problemsByLine, saveState } from './rules-editor-model'
import { PasswordPrompt } from './PasswordPrompt'
import { RulesDiff } from './RulesDiff'

const CHECK_DELAY_MS = 300

export function RulesEditor(): ReactElement {
  const doc = useTiltguardStore((s) => s.rulesDocument)
  const rulesError = useTiltguardStore((s) => s.rulesError)
  const check = useTiltguardStore((s) => s.rulesCheck)
  const actions = useActions()
  const [text, setText] = useState<string | null>(null)
  const [prompt, setPrompt] = useState<{ why: string; error: string | null } | null>(null)
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null)
  const value = text ?? doc?.yaml ?? ''
  const state = saveState(value, doc?.yaml ?? null, check)

  useEffect(() => {
    if (text === null || text === doc?.yaml) return
    const timer = setTimeout(() => void actions.checkRules(text), CHECK_DELAY_MS)
    return () => clearTimeout(timer)
  }, [text, doc?.yaml, actions])

  const save = async (password?: string) => {
    const result = await actions.saveRules(value, password)
    if (result.ok) {
      setPrompt(null)
      setText(null)
      setOutcome({ ok: true, message: `Saved: rules version ${result.value.version} are in force.` })
    } else if (result.error.code === 'ADMIN_REQUIRED' || result.error.code === 'ADMIN_LOCKED') {
      setPrompt({ why: result.error.message, error: password === undefined ? null : result.error.message })
    } else {
      setPrompt(null)
      setOutcome({ ok: false, message: result.error.message })
    }
  }
  const onSave = () => {
    setOutcome(null)
    if (state === 'needs-password') setPrompt({ why: `This edit loosens a rule (${check?.check.loosening.join('; ') ?? ''}): the admin password is needed.`, error: null })
    else void save()
  }
  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    if (file !== undefined) setText(await readFileText(file))
    e.target.value = ''
  }

  if (doc === null)
    return (
      <section className="panel" aria-labelledby="rules-editor-title" data-testid="rules-editor">
        <h2 id="rules-editor-title">Rules editor</h2>
        <p className={rulesError === null ? 'empty' : 'tone-bad'} data-testid="rules-editor-error">
          {rulesError === null ? 'Loading rules…' : `The engine cannot show the rules yet: ${rulesError.message}`}
        </p>
      </section>
    )

  const lines = value.split('\n')
  const byLine = check !== null && check.yaml === value ? problemsByLine(check.check.problems) : new Map()
  return (
    <section className="panel" aria-labelledby="rules-editor-title" data-testid="rules-editor" data-save-state={state}>
      <div className="panel-head">
        <h2 id="rules-editor-title">Rules editor</h2>
        <span className="muted">
          Version {doc.version} · from {doc.source}
        </span>
      </div>
      <div className="editor">
        <ol className="gutter" aria-hidden="true">
          {lines.map((_, i) => (
            <li key={i} className={byLine.has(i + 1) ? 'gutter-bad' : undefined}>
              {byLine.has(i + 1) ? '⚠' : ''}
              {i + 1}
            </li>
          ))}
        </ol>
        <textarea
          value={value}
          rows={lines.length + 1}
          spellCheck={false}
          aria-label="Rules YAML"
          aria-invalid={state === 'invalid'}
          onChange={(e) => setText(e.target.value)}
          data-testid="rules-text"
        />
      </div>
      {[...byLine.entries()].map(([line, problems]) =>
        (problems as { path: string; message: string }[]).map((p) => (
          <p key={`${line}:${p.path}`} className="field-error tone-bad" role="alert" data-testid="rules-problem">
            <Icon name="cross" /> {line > 0 ? `Line ${line}` : 'File'} · <code>{p.path}</code>: {p.message}
          </p>
        )),
      )}
      {check !== null && check.yaml === value && check.check.diff.some((l) => !l.startsWith('  ')) && <RulesDiff diff={check.check.diff} loosening={check.check.loosening} />}
      {prompt !== null && <PasswordPrompt why={prompt.why} error={prompt.error} onSubmit={(pw) => void save(pw)} onCancel={() => setPrompt(null)} />}
      {outcome !== null && (
        <p className={outcome.ok ? 'tone-ok' : 'tone-bad'} role="status" data-testid="rules-outcome">
          <Icon name={outcome.ok ? 'check' : 'cross'} /> {outcome.message}
        </p>
      )}
      <div className="row">
        <button type="button" disabled={state !== 'ready' && state !== 'needs-password'} onClick={onSave} data-testid="rules-save">
          {state === 'checking' ? 'Checking…' : state === 'needs-password' ? 'Save (admin password)' : 'Save rules'}
        </button>
        <button type="button" disabled={state === 'unchanged'} onClick={() => setText(null)}>
          Discard changes
        </button>
        <label className="file-button">
          Import YAML…
          <input type="file" accept=".yaml,.yml,.json,text/yaml" onChange={(e) => void onImport(e)} data-testid="rules-import" />
        </label>
        <button type="button" onClick={() => downloadText('tiltguard-rules.yaml', value, 'text/yaml')} data-testid="rules-export">
          <Icon name="download" /> Export YAML
        </button>
      </div>
    </section>
  )
}
