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
; start, restarted on failure) and removed again on uninstall. Pasang.exe run as Node (ELECTRON_RUN_AS_NODE=1) does
; not answer the Service Control Manager itself, so the service is the WinSW wrapper resources\pasang-service.exe,
; configured by resources\pasang-service.xml (generated from build/win/pasangService.js, which declares the
; executable, its arguments, the environment, log rotation and restarts); its own `install`, `start`, `stop` and
; `uninstall` commands register and remove it.
; Only macros here (no Function): the installer and the uninstaller are built from the same script, and a function
; that one of them never calls is a warning, which electron-builder turns into an error.

!include LogicLib.nsh
!include FileFunc.nsh

!define PASANG_SERVICE "pasang-agent"
!define PASANG_SERVICE_DISPLAY "Pasang Agent"
; The WinSW service wrapper (it reads pasang-service.xml beside it).
!define PASANG_WRAPPER "$INSTDIR\resources\pasang-service.exe"
!define PASANG_PRESET "$INSTDIR\resources\pasang-agent.json"
; %ProgramData%\Pasang: $APPDATA in the all-users shell context, which customInstall selects (the install is per machine).
!define PASANG_STATE_DIR "$APPDATA\Pasang"
; SYSTEM and the Administrators group, by SID so that a localised Windows resolves them too.
!define PASANG_ADMIN_ONLY "/inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F"

; Stops the service when it is running. `net stop` waits for the stop to complete (WinSW 1.17's own `stop` returns
; before it has), so the files it holds can be replaced right after; exit code 2 means "not started" or "no such
; service", both fine here. It needs no path, so .onInit can call it before $INSTDIR is known.
!macro pasangStopService
  nsExec::ExecToLog '"$SYSDIR\net.exe" stop ${PASANG_SERVICE}'
  Pop $0
!macroend

; Stops and deletes the service; a no-op when it is not installed. The wrapper deletes it by its id, so a service an
; older version registered with sc.exe goes the same way; sc.exe only when the wrapper itself is gone.
!macro pasangRemoveService
  !insertmacro pasangStopService
  ${If} ${FileExists} "${PASANG_WRAPPER}"
    nsExec::ExecToLog '"${PASANG_WRAPPER}" uninstall'
  ${Else}
    nsExec::ExecToLog '"$SYSDIR\sc.exe" delete ${PASANG_SERVICE}'
  ${EndIf}
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
  nsExec::ExecToLog '"${PASANG_WRAPPER}" install'
  Pop $0
  ${If} $0 != 0
    DetailPrint "pasang-service.exe install failed with exit code $0"
    MessageBox MB_ICONEXCLAMATION|MB_OK "The ${PASANG_SERVICE_DISPLAY} service could not be registered (pasang-service.exe exit code $0)." /SD IDOK
  ${Else}
    ; WinSW 1.17 registers an automatic start; the SCM makes it a delayed one (the agent needs the network, not an early start).
    nsExec::ExecToLog '"$SYSDIR\sc.exe" config ${PASANG_SERVICE} start= delayed-auto'
    Pop $0
    nsExec::ExecToLog '"${PASANG_WRAPPER}" start'
    Pop $0
    ${If} $0 != 0
      DetailPrint "The ${PASANG_SERVICE} service did not start (pasang-service.exe exit code $0); it starts at the next boot"
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
