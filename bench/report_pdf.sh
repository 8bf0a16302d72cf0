#!/bin/sh
# A client report's PDF: chromium's print of a ten-page report (per revision) and the libqpdf
# stamp of one downloaded copy (per download). Prints the page count of the report measured.
set -eu
cd "$(dirname "$0")/.."
cmake --build build --target dossier_report_pdf_bench >/dev/null
exec build/bench/dossier_report_pdf_bench "$@"
