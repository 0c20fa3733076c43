# Register the kiosk as a Task Scheduler task that starts at log-on of the kiosk user and is
# restarted if it stops. Run once in an elevated PowerShell: .\register-task.ps1 -User kiosk
param([string]$User = $env:USERNAME)
$cmd = "C:\Program Files\Minigjenbruk\minigjenbruk-kiosk.cmd"
$action = New-ScheduledTaskAction -Execute "cmd.exe" -Argument "/c `"$cmd`""
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $User
# No time limit (the default stops a task after 3 days) and restart if the loop itself dies.
$settings = New-ScheduledTaskSettingsSet -ExecutionTimeLimit ([TimeSpan]::Zero) `
    -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1) -AllowStartIfOnBatteries
Register-ScheduledTask -TaskName "Minigjenbruk kiosk" -Action $action -Trigger $trigger `
    -Settings $settings -User $User -RunLevel Limited -Force
