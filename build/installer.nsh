; Pasang: custom steps for electron-builder's NSIS installer, included through `nsis.include` in
; electron-builder.yml. The macro names are electron-builder's hooks (https://www.electron.build/nsis#custom-nsis-script):
; customInit runs in the installer's .onInit, customInstall after the files are in place, customUnInit and
; customUnInstall in the uninstaller (which an update also runs, with --updated, before installing the new files).
;
;   Pasang-Setup-x.y.z.exe /S /SERVER=https://pasang.example:7700 /TOKEN=<enrollment token>
;
; /SERVER= and /TOKEN= (both or neither) are written into the preset file resources\pasang-agent.json, which is then
; readable by SYSTEM and Administrators only (the token enrolls a PC). Without them the preset shipped in the package
; is kept. The headless agent is registered as the Windows service `pasang-agent` (LocalSystem, delayed automatic
; start, restarted on failure) and removed again on uninstall. The service runs the app's own executable as Node
; (ELECTRON_RUN_AS_NODE=1, in the service's Environment registry value) on bin\pasang-agent.js inside app.asar.
; Only macros here (no Function): the installer and the uninstaller are built from the same script, and a function
; that one of them never calls is a warning, which electron-builder turns into an error.

!include LogicLib.nsh
!include FileFunc.nsh

!define PASANG_SERVICE "pasang-agent"
!define PASANG_SERVICE_DISPLAY "Pasang Agent"
!define PASANG_PRESET "$INSTDIR\resources\pasang-agent.json"
; %ProgramData%\Pasang: $APPDATA in the all-users shell context, which customInstall selects (the install is per machine).
!define PASANG_STATE_DIR "$APPDATA\Pasang"
; SYSTEM and the Administrators group, by SID so that a localised Windows resolves them too.
!define PASANG_ADMIN_ONLY "/inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F"

; Stops the service when it is running. `net stop` waits for the stop to complete, so the files it holds can be
; replaced right after; exit code 2 means "not started" or "no such service", both fine here.
!macro pasangStopService
  nsExec::ExecToLog '"$SYSDIR\net.exe" stop ${PASANG_SERVICE}'
  Pop $0
!macroend

; Stops and deletes the service; a no-op when it is not installed.
!macro pasangRemoveService
  !insertmacro pasangStopService
  nsExec::ExecToLog '"$SYSDIR\sc.exe" delete ${PASANG_SERVICE}'
  Pop $0
  ${If} $0 == 0
    DetailPrint "Removed the ${PASANG_SERVICE} service"
  ${EndIf}
!macroend

; Quits with exit code 2 when VALUE holds a character that would break the preset's JSON: a double quote, a
; backslash, or a tab/line break.
!macro pasangRejectUnsafe VALUE NAME
  StrCpy $R8 0
  ${Do}
    StrCpy $R9 "${VALUE}" 1 $R8
    ${If} $R9 == ""
      ${Break}
    ${EndIf}
    ${If} $R9 == '"'
    ${OrIf} $R9 == "\"
    ${OrIf} $R9 == "$\r"
    ${OrIf} $R9 == "$\n"
    ${OrIf} $R9 == "$\t"
      MessageBox MB_ICONSTOP|MB_OK "${NAME} must not contain quotes, backslashes, tabs or line breaks." /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
    IntOp $R8 $R8 + 1
  ${Loop}
!macroend

!macro customInit
  Var /GLOBAL PasangServer
  Var /GLOBAL PasangToken
  StrCpy $PasangServer ""
  StrCpy $PasangToken ""

  ; Read and check the command line before anything is installed, so a bad value changes nothing.
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/SERVER=" $PasangServer
  ClearErrors
  ${GetOptions} $R0 "/TOKEN=" $PasangToken
  ClearErrors

  ${If} $PasangServer != ""
  ${OrIf} $PasangToken != ""
    ${If} $PasangServer == ""
    ${OrIf} $PasangToken == ""
      MessageBox MB_ICONSTOP|MB_OK "Give both /SERVER= and /TOKEN=, or neither." /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
    StrCpy $R1 $PasangServer 8
    StrCpy $R2 $PasangServer 7
    ${If} $R1 != "https://"
    ${AndIf} $R2 != "http://"
      MessageBox MB_ICONSTOP|MB_OK "/SERVER= must be an http:// or https:// URL." /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
    !insertmacro pasangRejectUnsafe $PasangServer "/SERVER="
    !insertmacro pasangRejectUnsafe $PasangToken "/TOKEN="
  ${EndIf}

  ; An update replaces the executable the service runs: stop it first (customInstall starts it again).
  !insertmacro pasangStopService
!macroend

!macro customInstall
  SetShellVarContext all
  ${If} $PasangServer != ""
    DetailPrint "Writing the agent preset for $PasangServer"
    ClearErrors
    FileOpen $R0 "${PASANG_PRESET}" w
    ${If} ${Errors}
      MessageBox MB_ICONSTOP|MB_OK "Cannot write ${PASANG_PRESET}." /SD IDOK
      SetErrorLevel 3
      Quit
    ${EndIf}
    FileWrite $R0 '{$\r$\n  "serverUrl": "$PasangServer",$\r$\n  "enrollmentToken": "$PasangToken"$\r$\n}$\r$\n'
    FileClose $R0
  ${EndIf}
  ; The shipped preset may carry a token as well: admin-only either way.
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "${PASANG_PRESET}" /inheritance:r /grant:r *S-1-5-18:F *S-1-5-32-544:F'
  Pop $0

  ; The agent's state (its credential) lives outside the install folder, so it survives updates and reinstalls.
  CreateDirectory "${PASANG_STATE_DIR}"
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "${PASANG_STATE_DIR}" ${PASANG_ADMIN_ONLY}'
  Pop $0

  ; Re-register from scratch: an earlier install (or a failed uninstall) may have left the service behind.
  !insertmacro pasangRemoveService
  nsExec::ExecToLog '"$SYSDIR\sc.exe" create ${PASANG_SERVICE} binPath= "\"$INSTDIR\${APP_EXECUTABLE_FILENAME}\" --max-semi-space-size=1 --lite-mode --no-expose-wasm \"$INSTDIR\resources\app.asar\bin\pasang-agent.js\" run --preset \"${PASANG_PRESET}\" --state-dir \"${PASANG_STATE_DIR}\"" start= delayed-auto DisplayName= "${PASANG_SERVICE_DISPLAY}"'
  Pop $0
  ${If} $0 != 0
    DetailPrint "sc.exe create ${PASANG_SERVICE} failed with exit code $0"
    MessageBox MB_ICONEXCLAMATION|MB_OK "The ${PASANG_SERVICE_DISPLAY} service could not be registered (sc.exe exit code $0)." /SD IDOK
  ${Else}
    nsExec::ExecToLog '"$SYSDIR\reg.exe" add "HKLM\SYSTEM\CurrentControlSet\Services\${PASANG_SERVICE}" /v Environment /t REG_MULTI_SZ /d "ELECTRON_RUN_AS_NODE=1" /f'
    Pop $0
    nsExec::ExecToLog '"$SYSDIR\sc.exe" description ${PASANG_SERVICE} "Pasang: software installation requests and inventory for this PC"'
    Pop $0
    nsExec::ExecToLog '"$SYSDIR\sc.exe" failure ${PASANG_SERVICE} reset= 86400 actions= restart/5000/restart/15000/restart/60000'
    Pop $0
    nsExec::ExecToLog '"$SYSDIR\net.exe" start ${PASANG_SERVICE}'
    Pop $0
    ${If} $0 != 0
      DetailPrint "The ${PASANG_SERVICE} service did not start (net.exe exit code $0); it starts at the next boot"
    ${EndIf}
  ${EndIf}
!macroend

!macro customUnInit
  ; Before the uninstaller checks for running copies of the app: the service is one of them.
  !insertmacro pasangStopService
!macroend

!macro customUnInstall
  ; On an update the new installer registers the service again after its files are in place.
  !insertmacro pasangRemoveService
  ; ${PASANG_STATE_DIR} is kept on purpose: a reinstall finds its enrollment. Remove it by hand to forget the PC.
!macroend
