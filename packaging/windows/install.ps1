<#
.SYNOPSIS
  Installs the commune public-service kiosk (Kiosk Dich vu cong) on a Windows 10 PC.

.DESCRIPTION
  Run from an elevated PowerShell in the unzipped folder:

    powershell -ExecutionPolicy Bypass -File .\install.ps1 -KioskUser kiosk

  It
  - copies kiosk.exe and this folder's scripts to C:\Program Files\DVC Kiosk;
  - creates the local account that runs the kiosk (when missing; you are asked for its
    password) and the data folder C:\ProgramData\dvc-kiosk, readable only by that
    account, SYSTEM and Administrators (it holds residents' dossiers until the gateway
    has them);
  - writes C:\ProgramData\dvc-kiosk\dvc-kiosk.conf (kept if it exists) with the data folder
    and the devices given here;
  - writes kiosk-start.cmd, which sets FYNE_CACHE=10s and LANG=C and starts the kiosk
    full screen, and registers it to run when the kiosk account signs in (a scheduled
    task "DVC Kiosk");
  Set Windows to sign the kiosk account in automatically (netplwiz) to start at boot.

.PARAMETER KioskUser     the local account that runs the kiosk (default: kiosk)
.PARAMETER InstallDir    where kiosk.exe goes (default: C:\Program Files\DVC Kiosk)
.PARAMETER DataDir       the kiosk's data folder (default: C:\ProgramData\dvc-kiosk)
.PARAMETER Scanner       e.g. serial:COM3, escl:http://192.168.1.20/eSCL
.PARAMETER QR            e.g. serial:COM4
.PARAMETER Printer       e.g. serial:COM5,115200
#>
[CmdletBinding()]
param(
  [string]$KioskUser = "kiosk",
  [string]$InstallDir = (Join-Path $env:ProgramFiles "DVC Kiosk"),
  [string]$DataDir = (Join-Path $env:ProgramData "dvc-kiosk"),
  [string]$Scanner = "",
  [string]$QR = "",
  [string]$Printer = ""
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version 3

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
  throw "Run this script from an elevated PowerShell (Run as administrator)."
}
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
if (-not (Test-Path (Join-Path $here "kiosk.exe"))) { throw "kiosk.exe is not next to install.ps1: unzip the whole package first." }

# 1. The program.
New-Item -ItemType Directory -Force -Path $InstallDir | Out-Null
Get-ScheduledTask -TaskName "DVC Kiosk" -ErrorAction SilentlyContinue | Stop-ScheduledTask -ErrorAction SilentlyContinue
Get-Process -Name kiosk -ErrorAction SilentlyContinue | Where-Object { $_.Path -eq (Join-Path $InstallDir "kiosk.exe") } | Stop-Process -Force
foreach ($f in "kiosk.exe", "uninstall.ps1", "README.txt") { Copy-Item -Force (Join-Path $here $f) $InstallDir }
$exe = Join-Path $InstallDir "kiosk.exe"

# 2. The kiosk account.
if (-not (Get-LocalUser -Name $KioskUser -ErrorAction SilentlyContinue)) {
  Write-Host "Creating the local account '$KioskUser' that runs the kiosk."
  $pw = Read-Host -AsSecureString "Password for '$KioskUser'"
  New-LocalUser -Name $KioskUser -Password $pw -FullName "Kiosk Dich vu cong" -PasswordNeverExpires -UserMayNotChangePassword | Out-Null
  Add-LocalGroupMember -Group "Users" -Member $KioskUser
}

# 3. The data folder: only the kiosk account, SYSTEM and Administrators.
New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
& icacls.exe $DataDir /inheritance:r /grant:r "${KioskUser}:(OI)(CI)M" "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" | Out-Null
if ($LASTEXITCODE -ne 0) { throw "icacls could not restrict $DataDir" }

# 4. The configuration (an existing one is kept: the city may have set it).
$conf = Join-Path $DataDir "dvc-kiosk.conf"
if (-not (Test-Path $conf)) {
  $lines = @(Get-Content (Join-Path $here "dvc-kiosk.conf"))
  $lines += "data=$DataDir"
  if ($Scanner) { $lines += "scanner=$Scanner" }
  if ($QR) { $lines += "qr=$QR" }
  if ($Printer) { $lines += "printer=$Printer" }
  Set-Content -Path $conf -Value $lines -Encoding UTF8
}

# 5. The start script and the sign-in task.
$start = Join-Path $InstallDir "kiosk-start.cmd"
Set-Content -Path $start -Encoding ASCII -Value @(
  "@echo off",
  "rem Starts the kiosk full screen for the kiosk account (scheduled task 'DVC Kiosk').",
  "rem FYNE_CACHE=10s: closed screens are dropped from memory after 10 s (privacy).",
  "set FYNE_CACHE=10s",
  "set LANG=C",
  "set KIOSK_CONFIG=$conf",
  "start """" ""$exe"""
)
$action = New-ScheduledTaskAction -Execute "cmd.exe" -Argument "/c `"$start`""
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $KioskUser
$settings = New-ScheduledTaskSettingsSet -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -ExecutionTimeLimit ([TimeSpan]::Zero) -RestartCount 3 -RestartInterval (New-TimeSpan -Minutes 1)
$taskPrincipal = New-ScheduledTaskPrincipal -UserId $KioskUser -LogonType Interactive -RunLevel Limited
Register-ScheduledTask -TaskName "DVC Kiosk" -Action $action -Trigger $trigger -Settings $settings -Principal $taskPrincipal -Force | Out-Null

Write-Host "Installed $exe (version: run '$exe version')."
Write-Host "Data and configuration: $DataDir. The kiosk starts when '$KioskUser' signs in."
Write-Host "Next, register it with the city gateway (see README.txt):"
Write-Host "  `$env:KIOSK_CONFIG='$conf'; Start-Process -Wait -NoNewWindow '$exe' 'register','--gateway','URL','--id','ID','--secret','SECRET'"
