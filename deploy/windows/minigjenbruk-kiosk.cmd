@echo off
rem Start the kiosk and start it again whenever it stops (Windows has no Restart=always).
rem Put a shortcut to this file in shell:startup, set to "Run: Minimized" (docs/deploy.md).
rem The path below is the bundle's entry point as build.spec names it (tests check it).
:loop
"C:\Program Files\Minigjenbruk\minigjenbruk-kiosk\minigjenbruk-kiosk.exe"
timeout /t 3 /nobreak >nul
goto loop
