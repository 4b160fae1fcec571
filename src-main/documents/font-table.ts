// word/fontTable.xml for the documents. docx writes an empty table; Word then guesses a missing font's
// replacement from nothing and may set Chinese text in a Latin font. Declaring each font's charset (86 =
// GB2312), family, PANOSE and alternate name lets Word (and LibreOffice) pick a Chinese face of the same
// kind: 方正小标宋简体 → 宋体, 仿宋 → FangSong, 黑体 → SimHei, 楷体 → KaiTi.

interface FontDecl { name: string; alt?: string; panose: string; charset: string; family: string; pitch: 'fixed' | 'variable' }

const FONTS: FontDecl[] = [
  { name: '仿宋', alt: 'FangSong', panose: '02010609060101010101', charset: '86', family: 'modern', pitch: 'fixed' },
  { name: '宋体', alt: 'SimSun', panose: '02010600030101010101', charset: '86', family: 'auto', pitch: 'variable' },
  { name: '方正小标宋简体', alt: '宋体', panose: '02010600030101010101', charset: '86', family: 'auto', pitch: 'variable' },
  { name: '黑体', alt: 'SimHei', panose: '02010609060101010101', charset: '86', family: 'modern', pitch: 'fixed' },
  { name: '楷体', alt: 'KaiTi', panose: '02010609060101010101', charset: '86', family: 'modern', pitch: 'fixed' },
  { name: 'Times New Roman', panose: '02020603050405020304', charset: '00', family: 'roman', pitch: 'variable' }
]

const decl = (f: FontDecl): string =>
  `<w:font w:name="${f.name}">${f.alt ? `<w:altName w:val="${f.alt}"/>` : ''}<w:panose1 w:val="${f.panose}"/>` +
  `<w:charset w:val="${f.charset}"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`

export const FONT_TABLE_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  FONTS.map(decl).join('') +
  '</w:fonts>'
