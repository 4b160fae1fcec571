#!/usr/bin/env bash
# Render check for the formal documents: generates one of each (test/render-samples.ts), converts them with
# LibreOffice to PDF and with pdftoppm to PNG (60 dpi), and prints the PNG paths to look at, plus the fonts
# each PDF embeds (a missing CJK font would show as a Latin-only list, and as tofu boxes in the PNGs).
#
#   bash test/render-docs.sh [OUT_DIR]        (DATABASE_URL: use that server; otherwise an embedded one)
#
# Needs (Debian 12): apt-get install -y libreoffice-writer-nogui poppler-utils fonts-noto-cjk
# 仿宋, 宋体, 黑体, 楷体 and 方正小标宋简体 are Windows/office fonts, not on Linux. So that the PNGs show
# serif text where the documents ask for 宋/仿宋 (as on a records-office PC) rather than LibreOffice's sans
# fallback, a private fontconfig file maps them to Noto Serif/Sans CJK SC for this conversion only.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-$(mktemp -d /tmp/dossier-docs-XXXXXX)}"
mkdir -p "$OUT"
for tool in libreoffice pdftoppm pdffonts; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y libreoffice-writer-nogui poppler-utils fonts-noto-cjk" >&2; exit 2; }
done

FC="$OUT/fonts.conf"
alias_to() { printf '  <match target="pattern"><test name="family"><string>%s</string></test><edit name="family" mode="assign" binding="strong"><string>%s</string></edit></match>\n' "$1" "$2"; }
{
  echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
  echo '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
  for f in 仿宋 FangSong 宋体 SimSun 方正小标宋简体 楷体 KaiTi; do alias_to "$f" 'Noto Serif CJK SC'; done
  for f in 黑体 SimHei; do alias_to "$f" 'Noto Sans CJK SC'; done
  echo '</fontconfig>'
} > "$FC"

npx tsx test/render-samples.ts "$OUT" > "$OUT/issued.txt"
# A private LibreOffice profile: no clash with a running instance, no first-start dialogs kept between runs.
PROFILE="$(mktemp -d /tmp/dossier-lo-XXXXXX)"
trap 'rm -rf "$PROFILE"' EXIT
while read -r docx; do
  FONTCONFIG_FILE="$FC" libreoffice -env:UserInstallation="file://$PROFILE" --headless --convert-to pdf --outdir "$OUT" "$docx" >/dev/null 2>&1
  pdf="$OUT/$(basename "${docx%.docx}").pdf"
  [ -s "$pdf" ] || { echo "conversion failed: $docx" >&2; exit 1; }
  pdftoppm -png -r 60 "$pdf" "${pdf%.pdf}"
  echo "$(basename "$pdf"): $(pdfinfo "$pdf" | awk '/^Pages/ {print $2}') page(s); fonts: $(pdffonts "$pdf" | awk 'NR > 2 {print $1}' | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' ')"
done < "$OUT/issued.txt"
ls "$OUT"/*.png
