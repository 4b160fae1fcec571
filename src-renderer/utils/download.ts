// Browser mode's downloads: the server answers with a one-use address, which a hidden link follows (the
// browser sends the session cookie with it). Used for documents and for an import's error file.
export function followDownload(url: string, fileName: string): void {
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.hidden = true
  document.body.appendChild(a)
  a.click()
  a.remove()
}
