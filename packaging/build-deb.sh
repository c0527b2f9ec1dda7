#!/usr/bin/env bash
# Build the Debian package from the PyInstaller onedir build (dist/Daymap) and the icons (build/icons).
#   packaging/build-deb.sh   → dist/daymap_VERSION_ARCH.deb
# Installs to /opt/daymap with `daymap` on PATH, a menu entry and icons. It has no maintainer
# scripts: installing and removing it never touches anyone's data (~/.local/share/Daymap).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x dist/Daymap/daymap ] || { echo "build-deb: dist/Daymap/daymap is missing: run the PyInstaller build first" >&2; exit 1; }
[ -f build/icons/daymap-256.png ] || { echo "build-deb: build/icons is missing: run packaging/make_icons.py" >&2; exit 1; }
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' organizer/__init__.py)
arch=$(dpkg --print-architecture)
stage="build/deb/daymap_${version}_${arch}"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt/daymap" "$stage/usr/bin" "$stage/usr/share/applications" \
         "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/doc/daymap"
cp -a dist/Daymap/. "$stage/opt/daymap/"
ln -s /opt/daymap/daymap "$stage/usr/bin/daymap"
install -m 0644 packaging/linux/daymap.desktop "$stage/usr/share/applications/daymap.desktop"
install -m 0644 resources/icons/app.svg "$stage/usr/share/icons/hicolor/scalable/apps/daymap.svg"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$stage/usr/share/icons/hicolor/${size}x${size}/apps"
  install -m 0644 "build/icons/daymap-${size}.png" "$stage/usr/share/icons/hicolor/${size}x${size}/apps/daymap.png"
done
cat > "$stage/usr/share/doc/daymap/copyright" <<COPYRIGHT
Daymap ${version}. Proprietary. Bundles Qt 6 and PySide6 (LGPLv3), Python (PSF), SQLAlchemy and
Alembic (MIT), platformdirs (MIT) and icalendar (BSD); their licences come with those projects.
COPYRIGHT
# Files readable by all, nothing writable but by root; programs and libraries executable.
chmod -R u+rwX,go+rX,go-w "$stage"
depends=$(python3 packaging/system_libraries.py)
installed_kib=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: daymap
Version: ${version}
Architecture: ${arch}
Maintainer: Daymap team <daymap@example.com>
Section: office
Priority: optional
Installed-Size: ${installed_kib}
Depends: ${depends}
Homepage: https://daymap.example.com
Description: daily-plan organizer for salespeople
 One plan map per account (mission, goals, dated steps, the people and what
 resonated with them), the day's action list, and a morning view that will not
 call the day ready while an account lacks a next step, a promise is overdue,
 a client is out of touch or a renewal is unplanned.
 .
 The same program is the command line: daymap morning, daymap brief, daymap export.
CONTROL
mkdir -p dist
dpkg-deb --root-owner-group --build "$stage" "dist/daymap_${version}_${arch}.deb" >/dev/null
echo "dist/daymap_${version}_${arch}.deb"
