# Build Daymap for Windows: dist\Daymap\Daymap.exe (the window) and dist\Daymap\daymap.exe (the CLI).
#   powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
# Needs Python 3.11+ from python.org on PATH as `py`. Not tried by the project (only Linux can be
# built and tested on its machines): see docs/packaging.md.
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
if (-not (Test-Path .venv)) { py -3 -m venv .venv }
.venv\Scripts\python -m pip install -q --upgrade pip
.venv\Scripts\python -m pip install -q -e ".[package]"
$env:QT_QPA_PLATFORM = "offscreen"
.venv\Scripts\python packaging\make_icons.py build\icons
Remove-Item Env:QT_QPA_PLATFORM
.venv\Scripts\pyinstaller --noconfirm --log-level WARN build.spec
Compress-Archive -Force -Path dist\Daymap -DestinationPath dist\Daymap-windows.zip
Write-Host "Built dist\Daymap (and dist\Daymap-windows.zip)"
