// Personal data is shown masked by default: 张*三, 138****1234, an ID number with only its first and last four.

export function maskName(name: string): string {
  const chars = Array.from(name)
  if (chars.length <= 1) return name
  if (chars.length === 2) return `${chars[0]}*`
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1]
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s/g, '')
  if (digits.length < 7) return '*'.repeat(digits.length)
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`
}

export function maskIdNo(id: string): string {
  if (id.length < 8) return '*'.repeat(id.length)
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`
}

/** Keeps the city/district part of an address, hides the street number and the flat. */
export function maskAddress(address: string): string {
  const m = address.match(/^(.*?[市县区])/)
  const head = m ? m[1] : Array.from(address).slice(0, 3).join('')
  return `${head}****`
}
