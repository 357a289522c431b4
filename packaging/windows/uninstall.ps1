<#
.SYNOPSIS
  Removes the commune public-service kiosk from this PC.
.DESCRIPTION
  Run from an elevated PowerShell:
    powershell -ExecutionPolicy Bypass -File "C:\Program Files\DVC Kiosk\uninstall.ps1"
  It removes the sign-in task and the program folder. The data folder is kept unless
  -RemoveData is given: it may hold dossiers the gateway has not acknowledged yet
  (check with: kiosk.exe outbox list, before uninstalling).
#>
[CmdletBinding()]
param(
  [string]$InstallDir = (Join-Path $env:ProgramFiles "DVC Kiosk"),
  [string]$DataDir = (Join-Path $env:ProgramData "dvc-kiosk"),
  [switch]$RemoveData
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version 3

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
  throw "Run this script from an elevated PowerShell (Run as administrator)."
}
if (Get-ScheduledTask -TaskName "DVC Kiosk" -ErrorAction SilentlyContinue) {
  Stop-ScheduledTask -TaskName "DVC Kiosk" -ErrorAction SilentlyContinue
  Unregister-ScheduledTask -TaskName "DVC Kiosk" -Confirm:$false
}
Get-Process -Name kiosk -ErrorAction SilentlyContinue | Where-Object { $_.Path -eq (Join-Path $InstallDir "kiosk.exe") } | Stop-Process -Force
# This script may run from InstallDir itself: remove the folder after it exits.
$cmd = "ping -n 3 127.0.0.1 >nul & rmdir /s /q `"$InstallDir`""
Start-Process -FilePath "cmd.exe" -ArgumentList "/c", $cmd -WindowStyle Hidden
if ($RemoveData) {
  Remove-Item -Recurse -Force $DataDir -ErrorAction SilentlyContinue
  Write-Host "Removed the program and $DataDir."
} else {
  Write-Host "Removed the program. The data folder $DataDir is kept (it may hold dossiers not yet synced)."
}
Write-Host "The local account that ran the kiosk is kept; remove it with Remove-LocalUser if it is no longer needed."
