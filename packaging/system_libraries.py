"""The Linux system libraries the packaged app takes from the system instead of bundling them.

Declared once: `build.spec` leaves these files out of the onedir and `build-deb.sh` makes the .deb depend
on their packages (``python packaging/system_libraries.py`` prints the Depends line). They are the desktop's
own libraries (X11/xcb, D-Bus, fonts, GLib) and Debian's and Ubuntu's base libraries: every machine that
runs a Qt window has them, and a bundled copy of the X or font stack beside the system's is a known cause
of crashes (AppImage's excludelist). Kept bundled: Python and the OpenSSL it was built against, SQLite (the
store's behaviour must not change with the machine), libjpeg (a different soname on Debian and Ubuntu).
"""

from __future__ import annotations

# package (an alternative after "|": Ubuntu's 64-bit time_t names) → the library files' name prefixes
SYSTEM_LIBRARIES: dict[str, tuple[str, ...]] = {
    "libgl1": (),
    "libegl1": (),
    "fontconfig-config": (),
    "libx11-6": ("libX11.",),
    "libx11-xcb1": ("libX11-xcb.",),
    "libxext6": ("libXext.",),
    "libxrender1": ("libXrender.",),
    "libxau6": ("libXau.",),
    "libxdmcp6": ("libXdmcp.",),
    "libxcb1": ("libxcb.so",),
    "libxcb-cursor0": ("libxcb-cursor.",),
    "libxcb-glx0": ("libxcb-glx.",),
    "libxcb-icccm4": ("libxcb-icccm.",),
    "libxcb-image0": ("libxcb-image.",),
    "libxcb-keysyms1": ("libxcb-keysyms.",),
    "libxcb-randr0": ("libxcb-randr.",),
    "libxcb-render-util0": ("libxcb-render-util.",),
    "libxcb-render0": ("libxcb-render.",),
    "libxcb-shape0": ("libxcb-shape.",),
    "libxcb-shm0": ("libxcb-shm.",),
    "libxcb-sync1": ("libxcb-sync.",),
    "libxcb-util1": ("libxcb-util.",),
    "libxcb-xfixes0": ("libxcb-xfixes.",),
    "libxcb-xkb1": ("libxcb-xkb.",),
    "libxkbcommon0": ("libxkbcommon.",),
    "libxkbcommon-x11-0": ("libxkbcommon-x11.",),
    "libdbus-1-3": ("libdbus-1.",),
    "libfreetype6": ("libfreetype.",),
    "libfontconfig1": ("libfontconfig.",),
    "libharfbuzz0b": ("libharfbuzz.",),
    "libgraphite2-3": ("libgraphite2.",),
    "libpng16-16t64 | libpng16-16": ("libpng16.",),
    "libbrotli1": ("libbrotlicommon.", "libbrotlidec."),
    "libexpat1": ("libexpat.",),
    "libglib2.0-0t64 | libglib2.0-0": ("libglib-2.0.", "libgio-2.0.", "libgobject-2.0.", "libgmodule-2.0."),
    "libpq5": ("libpq.",),  # team mode: psycopg's ctypes implementation loads the system's libpq
    "libstdc++6": ("libstdc++.",),
    "libgcc-s1": ("libgcc_s.",),
    "zlib1g": ("libz.so",),
    "libzstd1": ("libzstd.",),
    "liblzma5": ("liblzma.",),
    "libbz2-1.0": ("libbz2.",),
    "liblz4-1": ("liblz4.",),
    "libselinux1": ("libselinux.",),
    "libpcre2-8-0": ("libpcre2-8.",),
    "libmount1": ("libmount.",),
    "libblkid1": ("libblkid.",),
    "libsystemd0": ("libsystemd.",),
    "libgcrypt20": ("libgcrypt.",),
    "libgpg-error0": ("libgpg-error.",),
    "libcap2": ("libcap.",),
    "libuuid1": ("libuuid.",),
    "libtinfo6": ("libtinfo.",),
    "libmd0": ("libmd.",),
    "libbsd0": ("libbsd.",),
    "libkeyutils1": ("libkeyutils.",),
    "libkrb5-3": ("libkrb5.", "libkrb5support.", "libk5crypto."),
    "libgssapi-krb5-2": ("libgssapi_krb5.",),
}


def is_system_library(file_name: str) -> bool:
    """True for a library file the .deb's dependencies provide (matched by its name's prefix)."""
    return any(file_name.startswith(prefix) for prefixes in SYSTEM_LIBRARIES.values() for prefix in prefixes)


def depends() -> str:
    """The .deb's Depends line: every package above."""
    return ", ".join(SYSTEM_LIBRARIES)


if __name__ == "__main__":
    print(depends())
