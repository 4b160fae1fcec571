// Browser mode's downloads: the server answers with a one-use address, which a hidden link follows (the
// browser sends the session cookie with it). Used for documents, an import's error file, exports, and a chart
// or a table made in the page (an object URL).
export function followDownload(url: string, fileName: string): void {
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.hidden = true
  document.body.appendChild(a)
  a.click()
  a.remove()
}
