@echo off
rem The capture client on Windows, for cmd and PowerShell alike: .\capture.cmd --server http://192.168.1.10:3000 --camera front-door --token ...
rem It runs node itself, so PowerShell's script policy (which blocks npm.ps1) and npm's handling of "--" never matter.
rem No ( ) blocks: a folder such as "C:\Program Files (x86)\camrelay" would end them early.
setlocal
where node >nul 2>nul || goto :no_node
if not exist "%~dp0node_modules\tsx\dist\cli.mjs" goto :no_install
node "%~dp0node_modules\tsx\dist\cli.mjs" "%~dp0capture-client\main.ts" %*
exit /b %ERRORLEVEL%

:no_node
echo camrelay capture: Node.js is not installed or not on the PATH: install the LTS from nodejs.org. 1>&2
exit /b 1

:no_install
echo camrelay capture: run "npm.cmd install" in "%~dp0" first. 1>&2
exit /b 1
