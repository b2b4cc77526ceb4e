#!/usr/bin/env bash
# Renders workbooks to PDF with LibreOffice (headless) and every PDF page to PNG, so the printed
# pages can be looked at: the plan, the municipality's list, the tenants' overview, the template.
#
#   scripts/render.sh OUTDIR FILE.xlsx [FILE.xlsx ...]
#
# Per workbook: OUTDIR/NAME.pdf and OUTDIR/NAME-<page>.png (pdftoppm, 80 dpi), and the number of
# pages. Fails when a conversion fails. Needs `soffice` and `pdftoppm`
# (Debian/Ubuntu: apt-get install libreoffice-calc-nogui poppler-utils).
# The tests do not depend on this script.
set -euo pipefail

if [ "$#" -lt 2 ]; then
    echo "gebruik: $0 UITVOERMAP WERKMAP.xlsx [WERKMAP.xlsx ...]" >&2
    exit 2
fi
outdir=$1
shift
for tool in soffice pdftoppm pdfinfo; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$tool niet gevonden; installeer libreoffice-calc-nogui en poppler-utils" >&2
        exit 1
    fi
done
mkdir -p "$outdir"

# A private profile, so a running LibreOffice or a first-start dialog cannot interfere.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

for workbook in "$@"; do
    if [ ! -f "$workbook" ]; then
        echo "$workbook: bestand bestaat niet" >&2
        exit 1
    fi
    name=$(basename "${workbook%.*}")
    pdf="$outdir/$name.pdf"
    rm -f "$pdf" "$outdir/$name"-*.png
    if ! timeout 300 soffice --headless --norestore "-env:UserInstallation=file://$profile" \
        --convert-to pdf --outdir "$outdir" "$workbook" >"$outdir/$name.log" 2>&1; then
        echo "$workbook: LibreOffice kon het werkboek niet omzetten (zie $outdir/$name.log)" >&2
        exit 1
    fi
    # soffice can exit 0 without writing anything (for example on a file it cannot read).
    if [ ! -s "$pdf" ]; then
        echo "$workbook: geen PDF gemaakt (zie $outdir/$name.log)" >&2
        exit 1
    fi
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    pdftoppm -png -r 80 "$pdf" "$outdir/$name"
    echo "$pdf: $pages pagina('s); PNG: $outdir/$name-*.png"
done
