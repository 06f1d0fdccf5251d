// electron-builder's `msiProjectCreated` hook: edits the WiX project of the MSI before it is compiled, to give the
// MSI what build/installer.nsh gives the NSIS installer:
//
//   msiexec /i Pasang-x.y.z.msi /qn SERVER=https://pasang.example:7700 TOKEN=<enrollment token>
//
// - SERVER and TOKEN are secure public properties (they pass from the UI to the elevated server side) and TOKEN is
//   hidden from the MSI log. When both are given they are written to HKLM\SOFTWARE\Pasang\Preset (serverUrl,
//   enrollmentToken): an MSI cannot write a JSON file without a custom action DLL, so the registry is the MSI's
//   form of resources\pasang-agent.json (see build/preset/README.md).
// - The `pasang-agent` Windows service (declared in build/win/pasangService.js) is installed, started and removed
//   with the component of resources\pasang-service.exe, the WinSW wrapper: the SCM runs the wrapper, which reads
//   pasang-service.xml beside it and starts Pasang.exe as Node. Its delayed automatic start and its restarts on
//   failure are set by Windows Installer (ServiceConfig, ServiceConfigFailureActions) from the same declaration,
//   since WinSW applies them only in its own `install` command, which an MSI does not run.
// The edit fails the build when electron-builder's template no longer has the anchors it relies on, rather than
// shipping an MSI without the service.
'use strict';

const fs = require('node:fs/promises');

const { PASANG_SERVICE, SERVICE_WRAPPER, xmlEscape } = require('./win/pasangService');

// Fixed component GUID: Windows Installer tracks components by GUID across versions.
const PRESET_COMPONENT_GUID = '{4C0E3F1A-6B0D-4E52-9C61-2B1B7E2F8A10}';
const WRAPPER_FILE = `<File Name="${SERVICE_WRAPPER.installedExe}"`;

/** The ServiceInstall and ServiceControl elements for the wrapper's component. */
function serviceElements(service = PASANG_SERVICE) {
  const e = xmlEscape;
  const failures = service.onFailure
    .map((f) => `\n          <Failure Action="${f.action === 'restart' ? 'restartService' : 'none'}" Delay="${f.delaySec * 1000}"/>`)
    .join('');
  return `
      <ServiceInstall Id="PasangAgentService" Name="${e(service.id)}" DisplayName="${e(service.name)}"
        Description="${e(service.description)}"
        Type="ownProcess" Start="${service.startMode === 'Automatic' ? 'auto' : 'demand'}" ErrorControl="normal" Account="LocalSystem" Vital="no">
        <ServiceConfig DelayedAutoStart="${service.delayedAutoStart ? 'yes' : 'no'}" OnInstall="yes" OnReinstall="yes"/>
        <ServiceConfigFailureActions OnInstall="yes" OnReinstall="yes" ResetPeriod="${service.resetFailureAfterHours * 3600}">${failures}
        </ServiceConfigFailureActions>
      </ServiceInstall>
      <ServiceControl Id="PasangAgentServiceControl" Name="${e(service.id)}" Start="install" Stop="both" Remove="uninstall" Wait="no"/>
`;
}

/** Returns the WiX source with Pasang's properties, preset registry values and service added. */
function patchMsiProject(wxs) {
  if (wxs.includes('Id="PasangAgentService"')) return wxs; // already patched
  const anchors = ['</Product>', '<ComponentGroupRef Id="ProductComponents"/>', WRAPPER_FILE];
  for (const anchor of anchors) {
    if (!wxs.includes(anchor)) throw new Error(`msiProjectCreated: "${anchor}" not found in the WiX project`);
  }

  const wrapperAt = wxs.indexOf(WRAPPER_FILE);
  const componentEnd = wxs.indexOf('</Component>', wrapperAt);
  if (componentEnd < 0) throw new Error(`msiProjectCreated: ${SERVICE_WRAPPER.installedExe} has no enclosing </Component>`);
  let out = wxs.slice(0, componentEnd) + serviceElements() + wxs.slice(componentEnd);

  const components = `
    <Property Id="SERVER" Secure="yes"/>
    <Property Id="TOKEN" Secure="yes" Hidden="yes"/>
    <DirectoryRef Id="APPLICATIONFOLDER">
      <Component Id="PasangPreset" Guid="${PRESET_COMPONENT_GUID}">
        <Condition><![CDATA[SERVER AND TOKEN]]></Condition>
        <RegistryKey Root="HKLM" Key="SOFTWARE\\Pasang\\Preset">
          <RegistryValue Name="serverUrl" Type="string" Value="[SERVER]" KeyPath="yes"/>
          <RegistryValue Name="enrollmentToken" Type="string" Value="[TOKEN]"/>
        </RegistryKey>
      </Component>
    </DirectoryRef>
  `;
  out = out.replace('</Product>', `${components}</Product>`);
  out = out.replace(
    '<ComponentGroupRef Id="ProductComponents"/>',
    '<ComponentGroupRef Id="ProductComponents"/>\n      <ComponentRef Id="PasangPreset"/>',
  );
  return out;
}

async function msiProjectCreated(projectFile) {
  const wxs = await fs.readFile(projectFile, 'utf8');
  await fs.writeFile(projectFile, patchMsiProject(wxs));
}

module.exports = msiProjectCreated;
module.exports.msiProjectCreated = msiProjectCreated;
module.exports.default = msiProjectCreated;
module.exports.patchMsiProject = patchMsiProject;
module.exports.serviceElements = serviceElements;
