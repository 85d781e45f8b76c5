@echo off
rem The workshop launcher for Windows: finds a JDK 21+, builds the toolkit when the sources
rem changed, and runs `workshop <command>` in a JVM tuned to start fast and stay small.
setlocal EnableExtensions EnableDelayedExpansion
set "HERE=%~dp0"
set "HERE=%HERE:~0,-1%"
set "JAR=%HERE%\target\workshop.jar"
set "JDK="

rem 1. JAVA_HOME, 2. java on PATH, 3. the usual install folders.
if defined JAVA_HOME call :try "%JAVA_HOME%"
if not defined JDK (
  for /f "delims=" %%J in ('where java 2^>nul') do (
    if not defined JDK call :try "%%~dpJ.."
  )
)
if not defined JDK (
  for %%R in ("%ProgramFiles%\Eclipse Adoptium" "%ProgramFiles%\Java" "%ProgramFiles%\Microsoft" "%ProgramFiles%\Amazon Corretto" "%ProgramFiles%\Zulu" "%USERPROFILE%\.jdks") do (
    if exist "%%~R" for /d %%D in ("%%~R\*") do (
      if not defined JDK call :try "%%~D"
    )
  )
)
if not defined JDK (
  echo The workshop needs a JDK 21 or newer, and none was found. 1>&2
  echo Install one, for example: winget install EclipseAdoptium.Temurin.21.JDK 1>&2
  echo Then open a new terminal and run workshop.cmd again, or set JAVA_HOME to its folder. 1>&2
  exit /b 1
)
set "JAVA_HOME=%JDK%"

rem Rebuild when the jar is missing or a source is newer than it.
set "STALE=0"
set "LOG=%HERE%\target\workshop-build.log"
set "FAILED=%HERE%\target\workshop-build.failed"
if not exist "%JAR%" (
  set "STALE=1"
  set "WHY=first run"
) else (
  for /f %%N in ('powershell -NoProfile -Command "$j=(Get-Item '%JAR%').LastWriteTime; @(Get-ChildItem -Recurse -File '%HERE%\src\main','%HERE%\pom.xml' | Where-Object { $_.LastWriteTime -gt $j }).Count"') do set "NEWER=%%N"
  if not "!NEWER!"=="0" (
    set "STALE=1"
    set "WHY=sources changed"
  )
)
rem The last build failed to compile and no source changed since: building again would fail again.
if "%STALE%"=="1" if exist "%JAR%" if exist "%FAILED%" (
  for /f %%N in ('powershell -NoProfile -Command "$f=(Get-Item '%FAILED%').LastWriteTime; @(Get-ChildItem -Recurse -File '%HERE%\src\main','%HERE%\pom.xml' | Where-Object { $_.LastWriteTime -gt $f }).Count"') do set "CHANGED=%%N"
  if "!CHANGED!"=="0" (
    set /p FIRST=<"%FAILED%"
    call :runs_from_last_build %1
    if defined LASTGOOD (
      call :last_good_build_notice %1
      goto run
    )
    echo The sources still do not compile: !FIRST! 1>&2
    echo ^(unchanged since the last build; the full log is %LOG%^) 1>&2
    echo Fix that line, or undo the edit with git checkout; workshop.cmd down, modules and --help still work. 1>&2
    exit /b 1
  )
)
if "%STALE%"=="1" (
  echo Building the workshop ^(!WHY!; this takes about a minute the first time^)... 1>&2
  if not exist "%HERE%\target" mkdir "%HERE%\target"
  pushd "%HERE%"
  call mvnw.cmd -q -B package -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true > "%LOG%" 2>&1
  set "RC=!ERRORLEVEL!"
  popd
  if not "!RC!"=="0" (
    call :first_compile_error
    if defined FIRST (
      > "%FAILED%" echo !FIRST!
      call :runs_from_last_build %1
      if defined LASTGOOD if exist "%JAR%" (
        call :last_good_build_notice %1
        goto run
      )
    )
    findstr /b /c:"[ERROR]" "%LOG%" 1>&2
    echo. 1>&2
    echo The build failed; the full log is %LOG%. 1>&2
    echo If you edited a source file, the lines above name the file and line to fix. 1>&2
    if exist "%JAR%" echo workshop.cmd down, modules and --help still work, from the last good build. 1>&2
    exit /b 1
  )
  if exist "%FAILED%" del "%FAILED%"
  rem A class archive made for the old jar is refused and not replaced by the JVM: drop it.
  if exist "%HERE%\target\workshop.jsa" del "%HERE%\target\workshop.jsa"
)

:run
"%JDK%\bin\java.exe" -XX:+UseSerialGC -Xms16m -Xmx256m -XX:MaxMetaspaceSize=128m ^
  -XX:ReservedCodeCacheSize=64m -Xss512k "-XX:SharedArchiveFile=%HERE%\target\workshop.jsa" ^
  -XX:+AutoCreateSharedArchive -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off ^
  "-Dworkshop.home=%HERE%" %WORKSHOP_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%

:try
rem Accepts %1 as JDK home when bin\java.exe reports a major version of 21 or more.
set "CAND=%~f1"
if not exist "%CAND%\bin\java.exe" exit /b 0
for /f "tokens=3" %%V in ('"%CAND%\bin\java.exe" -version 2^>^&1 ^| findstr /i "version"') do set "VER=%%~V"
for /f "delims=." %%M in ("!VER!") do set "MAJOR=%%M"
if "!MAJOR!"=="1" exit /b 0
if !MAJOR! GEQ 21 set "JDK=%CAND%"
exit /b 0

rem ---- When an edit breaks the build (kept in step with ./workshop) ---------------------------
rem down, modules and --help run from the last good build, saying where the sources fail.

:first_compile_error
rem Sets FIRST to the first compiler error in the build log, as src\...\File.java:42: message.
set "FIRST="
for /f "usebackq delims=" %%L in (`powershell -NoProfile -Command "$l = Select-String -Path '%LOG%' -Pattern '^\[ERROR\] (.*\.java):\[(\d+)(,\d+)?\] (.*)$' | Select-Object -First 1; if ($l) { $m = $l.Matches[0]; $m.Groups[1].Value.Replace('%HERE%\', '') + ':' + $m.Groups[2].Value + ': ' + $m.Groups[4].Value }"`) do set "FIRST=%%L"
exit /b 0

:runs_from_last_build
rem Sets LASTGOOD when %1 needs only the launcher's own code, so the last good build serves it.
set "LASTGOOD="
if "%~1"=="" set "LASTGOOD=1"
if /i "%~1"=="down" set "LASTGOOD=1"
if /i "%~1"=="modules" set "LASTGOOD=1"
if /i "%~1"=="help" set "LASTGOOD=1"
if "%~1"=="--help" set "LASTGOOD=1"
if "%~1"=="-h" set "LASTGOOD=1"
exit /b 0

:last_good_build_notice
echo The current sources do not compile: !FIRST! 1>&2
if "%~1"=="" (
  echo Running `--help` from the last good build; fix that line ^(or undo the edit with git checkout^) and the next command rebuilds. 1>&2
) else (
  echo Running `%~1` from the last good build; fix that line ^(or undo the edit with git checkout^) and the next command rebuilds. 1>&2
)
exit /b 0
