#!/usr/bin/env bash
# Renders a plan workbook to PDF with LibreOffice (headless), to check that another spreadsheet
# program than Excel opens it and draws its charts. Fails when the conversion fails.
#
#   scripts/render_check.sh PLAN.xlsx OUTDIR
#
# Needs `soffice` (Debian/Ubuntu: apt-get install libreoffice-calc-nogui). With `pdftoppm`
# (poppler-utils) the first page is also written as PNG. The tests do not depend on this script.
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "gebruik: $0 PLAN.xlsx UITVOERMAP" >&2
    exit 2
fi
workbook=$1
outdir=$2

if [ ! -f "$workbook" ]; then
    echo "$workbook: bestand bestaat niet" >&2
    exit 1
fi
if ! command -v soffice >/dev/null 2>&1; then
    echo "soffice (LibreOffice) niet gevonden; installeer libreoffice-calc-nogui" >&2
    exit 1
fi
mkdir -p "$outdir"

# A private profile, so a running LibreOffice or a first-start dialog cannot interfere.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

pdf="$outdir/$(basename "${workbook%.*}").pdf"
rm -f "$pdf"
if ! timeout 180 soffice --headless --norestore "-env:UserInstallation=file://$profile" \
    --convert-to pdf --outdir "$outdir" "$workbook" >"$outdir/soffice.log" 2>&1; then
    echo "$workbook: LibreOffice kon het werkboek niet omzetten (zie $outdir/soffice.log)" >&2
    exit 1
fi
# soffice can exit 0 without writing anything (for example on a file it cannot read).
if [ ! -s "$pdf" ]; then
    echo "$workbook: geen PDF gemaakt (zie $outdir/soffice.log)" >&2
    exit 1
fi
echo "PDF: $pdf"

if command -v pdfinfo >/dev/null 2>&1; then
    pdfinfo "$pdf" | grep -E '^Pages:' || true
fi
if command -v pdftoppm >/dev/null 2>&1; then
    pdftoppm -png -r 80 -f 1 -l 1 "$pdf" "$outdir/pagina"
    ls "$outdir"/pagina*.png
fi
