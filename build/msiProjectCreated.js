// electron-builder's `msiProjectCreated` hook: edits the WiX project of the MSI before it is compiled, to give the
// MSI what build/installer.nsh gives the NSIS installer:
//
//   msiexec /i Pasang-x.y.z.msi /qn SERVER=https://pasang.example:7700 TOKEN=<enrollment token>
//
// - SERVER and TOKEN are secure public properties (they pass from the UI to the elevated server side) and TOKEN is
//   hidden from the MSI log. When both are given they are written to HKLM\SOFTWARE\Pasang\Preset (serverUrl,
//   enrollmentToken): an MSI cannot write a JSON file without a custom action DLL, so the registry is the MSI's
//   form of resources\pasang-agent.json (see build/preset/README.md).
// - The `pasang-agent` Windows service is installed, started and removed with the main executable's component.
// The edit fails the build when electron-builder's template no longer has the anchors it relies on, rather than
// shipping an MSI without the service.
'use strict';

const fs = require('node:fs/promises');

const SERVICE = 'pasang-agent';
// Same flags as src/main/service/nodeFlags.ts (a test checks every service definition carries them).
const AGENT_NODE_FLAGS = '--max-semi-space-size=1 --lite-mode --no-expose-wasm';
// Fixed component GUIDs: Windows Installer tracks components by GUID across versions.
const PRESET_COMPONENT_GUID = '{4C0E3F1A-6B0D-4E52-9C61-2B1B7E2F8A10}';
const SERVICE_ENV_COMPONENT_GUID = '{9E3A2C5D-0F7B-4B6E-8D1C-5A4F3E2B1C09}';

/** Returns the WiX source with Pasang's properties, preset registry values and service added. */
function patchMsiProject(wxs) {
  if (wxs.includes('Id="PasangAgentService"')) return wxs; // already patched
  const anchors = ['</Product>', '<ComponentGroupRef Id="ProductComponents"/>', 'Id="mainExecutable"'];
  for (const anchor of anchors) {
    if (!wxs.includes(anchor)) throw new Error(`msiProjectCreated: "${anchor}" not found in the WiX project`);
  }

  const serviceArgs =
    `${AGENT_NODE_FLAGS} &quot;[APPLICATIONFOLDER]resources\\app.asar\\bin\\pasang-agent.js&quot; run` +
    ` --preset &quot;[APPLICATIONFOLDER]resources\\pasang-agent.json&quot;` +
    ` --state-dir &quot;[CommonAppDataFolder]Pasang&quot;`;
  const service = `
      <ServiceInstall Id="PasangAgentService" Name="${SERVICE}" DisplayName="Pasang Agent"
        Description="Pasang: software installation requests and inventory for this PC"
        Type="ownProcess" Start="auto" ErrorControl="normal" Account="LocalSystem" Vital="no"
        Arguments="${serviceArgs}"/>
      <ServiceControl Id="PasangAgentServiceControl" Name="${SERVICE}" Start="install" Stop="both" Remove="uninstall" Wait="no"/>
`;
  const mainAt = wxs.indexOf('Id="mainExecutable"');
  const componentEnd = wxs.indexOf('</Component>', mainAt);
  if (componentEnd < 0) throw new Error('msiProjectCreated: the main executable has no enclosing </Component>');
  let out = wxs.slice(0, componentEnd) + service + wxs.slice(componentEnd);

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
      <Component Id="PasangServiceEnvironment" Guid="${SERVICE_ENV_COMPONENT_GUID}">
        <!-- The service runs the Electron executable as Node. -->
        <RegistryValue Root="HKLM" Key="SYSTEM\\CurrentControlSet\\Services\\${SERVICE}" Name="Environment"
          Type="multiString" Value="ELECTRON_RUN_AS_NODE=1" KeyPath="yes"/>
      </Component>
    </DirectoryRef>
  `;
  out = out.replace('</Product>', `${components}</Product>`);
  out = out.replace(
    '<ComponentGroupRef Id="ProductComponents"/>',
    '<ComponentGroupRef Id="ProductComponents"/>\n      <ComponentRef Id="PasangPreset"/>\n      <ComponentRef Id="PasangServiceEnvironment"/>',
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
