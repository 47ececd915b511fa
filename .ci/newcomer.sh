#!/usr/bin/env bash
# The README's test command as a newcomer runs it: a fresh venv, and this machine's extras hidden
# (poppler's tools and Xvfb off PATH, a fontconfig that knows one Latin font and no CJK, Arabic
# or Hebrew one). CI machines are reused, so hiding what is installed is what proves the path.
# Run by .ci/run from the repository root; prints the skips, each naming the package it waits for.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# PATH without the programs of the hidden packages
hidden=$(dpkg -L poppler-utils xvfb 2>/dev/null | grep -E '/s?bin/[^/]+$' | xargs -r -n1 basename | sort -u || true)
mkdir -p "$work/bin"
IFS=: read -r -a dirs <<< "$PATH"
for dir in "${dirs[@]}"; do
    [ -d "$dir" ] || continue
    [ -n "${VIRTUAL_ENV:-}" ] && [ "$dir" = "$VIRTUAL_ENV/bin" ] && continue  # the full run's venv
    for program in "$dir"/*; do
        name=$(basename "$program")
        [ -x "$program" ] && [ ! -d "$program" ] || continue
        [ -e "$work/bin/$name" ] && continue
        grep -qxF "$name" <<< "$hidden" && continue
        ln -s "$program" "$work/bin/$name"
    done
done
for program in pdftotext pdffonts pdftoppm xvfb-run Xvfb; do
    if PATH="$work/bin" command -v "$program" >/dev/null; then
        echo "newcomer run: $program is still on PATH" >&2
        exit 1
    fi
done

# one Latin font (DejaVu Serif covers no CJK, Arabic or Hebrew character)
font=/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf
mkdir -p "$work/fonts" "$work/fontcache"
ln -s "$font" "$work/fonts/"
cat > "$work/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$work/fonts</dir><cachedir>$work/fontcache</cachedir></fontconfig>
EOF
FONTCONFIG_FILE="$work/fonts.conf" fc-list 2>/dev/null | sed 's/^/newcomer run: font: /' || true

python3 -m venv "$work/venv"
set +e
env PATH="$work/venv/bin:$work/bin" FONTCONFIG_FILE="$work/fonts.conf" VIRTUAL_ENV="$work/venv" \
    bash -c "python -m pip install -q -U pip && pip install -q '.[test]' && pytest -p no:cacheprovider" \
    2>&1 | tee "$work/pytest.log"
rc=${PIPESTATUS[0]}
set -e
echo "newcomer run: skipped tests and the package each waits for:"
grep -E '^SKIPPED' "$work/pytest.log" | sed 's/^/newcomer run:   /' || echo "newcomer run:   none"
if [ "$rc" -eq 5 ]; then
    echo "newcomer run: pytest collected no tests; that is a failure" >&2
    exit 1
fi
exit "$rc"
