// Saving and opening text files from the page (CSV and YAML exports, YAML import), in both hosts.

/** Offers `text` as a download named `name`. */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** Reads a file the trader picked as text. */
export function readFileText(file: File): Promise<string> {
  return file.text()
}
