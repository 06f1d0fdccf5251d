'use strict';
/**
 * Realistic, deterministic agent data for the benchmarks: an office PC's inventory (hardware sections like a real
 * Windows desktop or laptop, ~900 installed programs as the uninstall registry of a busy office PC lists them) and
 * live metrics samples. Every agent's inventory is distinct (serials, MACs, hostnames, the programs chosen and their
 * versions vary with the agent index); `variant` > 0 gives the same PC a few software changes later (some upgrades, one
 * install, one removal, a new collection time), so the server has a small delta to store.
 *
 * Plain CommonJS, no dependencies: it runs inside the simulator processes.
 */
const { createHash } = require('node:crypto');

/** mulberry32: a small, fast, seedable PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, list) => list[Math.floor(r() * list.length)];
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
const hex = (r, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
};
const upperAlnum = (r, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'[Math.floor(r() * 34)];
  return s;
};
const pad = (n, w) => String(n).padStart(w, '0');

// ---------------------------------------------------------------------------------------------------------------------
// The software catalog: the uninstall registry of an office PC is mostly runtimes, SDK/VS components, Office parts,
// drivers and their helpers, a few dozen applications and, with MSI Office, hundreds of KB updates.
// ---------------------------------------------------------------------------------------------------------------------

/** [name, publisher, arch|null, baseVersion, sizeKB] templates; {A} is replaced by the arch, {L} by a language. */
function buildCatalog() {
  const c = [];
  const ms = 'Microsoft Corporation';
  const vcYears = [
    ['2005', '8.0.61001'],
    ['2008', '9.0.30729.6161'],
    ['2010', '10.0.40219'],
    ['2012', '11.0.61030'],
    ['2013', '12.0.40664'],
    ['2015-2022', '14.38.33135'],
  ];
  for (const [y, v] of vcYears) {
    for (const a of ['x86', 'x64']) {
      c.push([`Microsoft Visual C++ ${y} Redistributable (${a}) - ${v}`, ms, a, v, 20480]);
      if (y >= '2012') {
        c.push([`Microsoft Visual C++ ${y} ${a} Minimum Runtime - ${v}`, ms, a, v, 2200]);
        c.push([`Microsoft Visual C++ ${y} ${a} Additional Runtime - ${v}`, ms, a, v, 11500]);
      }
    }
  }
  for (const [maj, minor] of [
    ['3.1', '32'],
    ['5.0', '17'],
    ['6.0', '25'],
    ['7.0', '14'],
    ['8.0', '1'],
  ]) {
    for (const a of ['x86', 'x64']) {
      const v = `${maj}.${minor}`;
      c.push([`Microsoft .NET Runtime - ${v} (${a})`, ms, a, `${v}.0`, 70000]);
      c.push([`Microsoft .NET Host - ${v} (${a})`, ms, a, `${v}.0`, 300]);
      c.push([`Microsoft .NET Host FX Resolver - ${v} (${a})`, ms, a, `${v}.0`, 400]);
      c.push([`Microsoft Windows Desktop Runtime - ${v} (${a})`, ms, a, `${v}.0`, 95000]);
      c.push([`Microsoft ASP.NET Core ${v} Shared Framework (${a})`, ms, a, `${v}.0`, 30000]);
    }
  }
  for (const fw of ['4.5.2', '4.6.1', '4.7.2', '4.8', '4.8.1']) {
    c.push([`Microsoft .NET Framework ${fw} Multi-Targeting Pack`, ms, null, fw, 80000]);
    c.push([`Microsoft .NET Framework ${fw} Targeting Pack (ENU)`, ms, null, fw, 30000]);
  }
  const sdk = '10.0.22621.2428';
  for (const n of [
    'Windows SDK AddOn',
    'Windows SDK Desktop Headers x86',
    'Windows SDK Desktop Headers x64',
    'Windows SDK Desktop Libs x64',
    'Windows SDK Desktop Tools x64',
    'Windows SDK Signing Tools',
    'Windows SDK for Windows Store Apps Contracts',
    'Windows SDK Facade Windows WinMD Versioned',
    'Windows SDK DirectX x64 Remote',
    'Windows App Certification Kit x64',
    'Windows App Certification Kit Native Components',
    'Universal CRT Headers Libraries and Sources',
    'Universal CRT Tools x64',
    'Universal CRT Redistributable',
    'Universal General MIDI DLS Extension SDK',
    'Kits Configuration Installer',
    'WinRT Intellisense Desktop - en-us',
    'WinRT Intellisense UAP - Other Languages',
    'WinRT Intellisense IoT - en-us',
    'MSI Development Tools',
    'SDK ARM Additions',
    'SDK ARM Redistributables',
    'Application Verifier x64 External Package',
    'Windows Team Extension SDK Contracts',
    'Windows Mobile Extension SDK',
    'Windows Desktop Extension SDK',
    'Windows IoT Extension SDK Contracts',
  ]) {
    c.push([n, ms, null, sdk, 6000]);
  }
  for (const n of [
    'vs_CoreEditorFonts',
    'vs_communitymsires',
    'vs_minshellmsires',
    'vs_minshellinteropsharedmsi',
    'vs_filehandler_amd64',
    'vs_filehandler_x86',
    'vs_devenvsharedmsi',
    'vs_devenx64vmsi',
    'vs_clickoncebootstrappermsi',
    'vs_tipsmsi',
    'vs_BlendMsi',
    'vs_SQLClickOnceBootstrappermsi',
    'vs_vswebprotocolselectormsi',
    'vs_networkemulationmsi_x64',
    'icecap_collection_neutral',
    'icecap_collection_x64',
    'icecap_collectionresources',
    'IntelliTraceProfilerProxy',
    'Microsoft Visual Studio Installer',
    'Microsoft Visual Studio Setup Configuration',
    'Microsoft Visual Studio Setup WMI Provider',
    'Microsoft Visual Studio Code (User)',
    'Microsoft Web Deploy 4.0',
    'Microsoft System CLR Types for SQL Server 2019',
    'Microsoft SQL Server 2019 LocalDB',
    'Microsoft SQL Server Management Studio - 19.1',
    'Microsoft ODBC Driver 17 for SQL Server',
    'Microsoft OLE DB Driver for SQL Server',
    'SQL Server Management Studio for Analysis Services',
    'SQL Server Management Studio for Reporting Services',
    'Microsoft Analysis Services OLE DB Provider',
    'Microsoft Azure Authoring Tools - v2.9.7',
    'Microsoft Azure Compute Emulator - v2.9.7',
    'Microsoft Azure Libraries for .NET - v2.9',
    'Microsoft TypeScript Tools for Microsoft Visual Studio',
    'Microsoft Windows Performance Toolkit',
    'Windows Subsystem for Linux',
    'Microsoft Update Health Tools',
    'Update for Windows 10 for x64-based Systems (KB5001716)',
    'Microsoft Edge',
    'Microsoft Edge WebView2 Runtime',
    'Microsoft Edge Update',
    'Microsoft OneDrive',
    'Microsoft Teams',
    'Microsoft Teams Meeting Add-in for Microsoft Office',
    'Teams Machine-Wide Installer',
    'Microsoft 365 Apps for enterprise - en-us',
    'Microsoft 365 Apps for enterprise - de-de',
    'Microsoft OneNote - en-us',
    'Microsoft Project Professional 2019 - en-us',
    'Microsoft Visio Professional 2019 - en-us',
    'Microsoft Power BI Desktop (x64)',
    'Microsoft Policy Platform',
    'Microsoft Intune Management Extension',
    'Configuration Manager Client',
    'Local Administrator Password Solution',
    'Microsoft Monitoring Agent',
    'Microsoft Silverlight',
    'Microsoft XNA Framework Redistributable 4.0 Refresh',
    'Microsoft Access database engine 2016 (English)',
    'Microsoft Visual Studio Tools for Applications 2019',
    'Microsoft Visual Studio 2010 Tools for Office Runtime (x64)',
    'Microsoft GameInput',
    'PowerShell 7-x64',
    'Windows PC Health Check',
    'Office 16 Click-to-Run Extensibility Component',
    'Office 16 Click-to-Run Localization Component',
    'Office 16 Click-to-Run Licensing Component',
  ]) {
    c.push([n, ms, null, `${16 + (n.length % 3)}.0.${10000 + n.length * 37}.${n.length * 11}`, 5000 + n.length * 300]);
  }
  for (const n of [
    'Microsoft Office Professional Plus 2016',
    'Microsoft Office Proofing (English) 2016',
    'Microsoft Office Proofing (German) 2016',
    'Microsoft Office Proofing (French) 2016',
    'Microsoft Office Shared MUI (English) 2016',
    'Microsoft Office Shared 64-bit MUI (English) 2016',
    'Microsoft Office Shared Setup Metadata MUI (English) 2016',
    'Microsoft Office OSM MUI (English) 2016',
    'Microsoft Office OSM UX MUI (English) 2016',
    'Microsoft Office Excel MUI (English) 2016',
    'Microsoft Office Word MUI (English) 2016',
    'Microsoft Office PowerPoint MUI (English) 2016',
    'Microsoft Office Outlook MUI (English) 2016',
    'Microsoft Office Publisher MUI (English) 2016',
    'Microsoft Office Access MUI (English) 2016',
    'Microsoft Office Groove MUI (English) 2016',
    'Microsoft Office OneNote MUI (English) 2016',
    'Microsoft Office Skype for Business MUI (English) 2016',
    'Microsoft Office InfoPath MUI (English) 2016',
    'Microsoft Office Proofing Tools 2016 - English',
    'Microsoft Office Proofing Tools 2016 - Deutsch',
    'Microsoft Office Proofing Tools 2016 - Español',
    'Microsoft DCF MUI (English) 2016',
    'Microsoft Access MUI (English) 2016',
    'Microsoft Office 64-bit Components 2016',
    'Microsoft Office Shared Components 2016',
  ]) {
    c.push([n, ms, 'x64', '16.0.4266.1001', 40000]);
  }
  const apps = [
    ['Google Chrome', 'Google LLC', 'x64', '120.0.6099.130', 520000],
    ['Google Update Helper', 'Google LLC', 'x86', '1.3.36.352', 120],
    ['Google Drive', 'Google LLC', 'x64', '85.0.13.0', 400000],
    ['Mozilla Firefox (x64 en-US)', 'Mozilla', 'x64', '121.0.1', 230000],
    ['Mozilla Maintenance Service', 'Mozilla', 'x86', '121.0.1', 300],
    ['Mozilla Thunderbird (x64 en-US)', 'Mozilla', 'x64', '115.6.0', 210000],
    ['Adobe Acrobat Reader DC MUI', 'Adobe', 'x64', '23.008.20470', 650000],
    ['Adobe Refresh Manager', 'Adobe Systems Incorporated', 'x86', '1.8.0', 900],
    ['Adobe Genuine Service', 'Adobe Inc.', 'x86', '8.4.0.13', 20000],
    ['Adobe Creative Cloud', 'Adobe Inc.', 'x64', '6.1.0.587', 900000],
    ['Adobe Photoshop 2024', 'Adobe Inc.', 'x64', '25.3.1', 4200000],
    ['7-Zip 23.01 (x64)', 'Igor Pavlov', 'x64', '23.01', 5600],
    ['Notepad++ (64-bit x64)', 'Notepad++ Team', 'x64', '8.6.2', 14000],
    ['VLC media player', 'VideoLAN', 'x64', '3.0.20', 170000],
    ['Zoom', 'Zoom Video Communications, Inc.', 'x64', '5.17.1', 290000],
    ['Zoom Outlook Plugin', 'Zoom Video Communications, Inc.', 'x86', '5.17.1', 16000],
    ['Slack', 'Slack Technologies Inc.', 'x64', '4.36.140', 400000],
    ['Cisco Webex Meetings', 'Cisco Webex LLC', 'x86', '43.12.0', 250000],
    ['Cisco Secure Client - AnyConnect VPN', 'Cisco Systems, Inc.', 'x64', '5.0.05040', 60000],
    ['FortiClient VPN', 'Fortinet Technologies Inc', 'x64', '7.2.3.0929', 150000],
    ['Sophos Endpoint Agent', 'Sophos Limited', 'x64', '2023.2.1.9', 700000],
    ['CrowdStrike Windows Sensor', 'CrowdStrike, Inc.', 'x64', '7.10.17706.0', 140000],
    ['TeamViewer', 'TeamViewer', 'x64', '15.49.2', 190000],
    ['AnyDesk', 'philandro Software GmbH', 'x86', 'ad 8.0.6', 5000],
    ['Citrix Workspace 2311', 'Citrix Systems, Inc.', 'x86', '23.11.0.197', 480000],
    ['Citrix Authentication Manager', 'Citrix Systems, Inc.', 'x86', '23.11.0.2', 3000],
    ['Citrix Web Helper', 'Citrix Systems, Inc.', 'x86', '23.11.0.4', 1200],
    ['Online Plug-in', 'Citrix Systems, Inc.', 'x86', '23.11.0.197', 50000],
    ['Self-service Plug-in', 'Citrix Systems, Inc.', 'x86', '23.11.0.197', 30000],
    ['VMware Tools', 'VMware, Inc.', 'x64', '12.3.5.22544099', 110000],
    ['VMware Horizon Client', 'VMware, Inc.', 'x86', '8.11.0.22660930', 520000],
    ['Java 8 Update 391 (64-bit)', 'Oracle Corporation', 'x64', '8.0.3910.13', 130000],
    ['Java 8 Update 391', 'Oracle Corporation', 'x86', '8.0.3910.13', 110000],
    ['Java Auto Updater', 'Oracle Corporation', 'x86', '2.8.391.13', 2000],
    ['Eclipse Temurin JDK with Hotspot 17.0.9+9 (x64)', 'Eclipse Adoptium', 'x64', '17.0.9.9', 310000],
    ['Git', 'The Git Development Community', 'x64', '2.43.0', 330000],
    ['GitHub Desktop', 'GitHub, Inc.', 'x64', '3.3.6', 330000],
    ['Node.js', 'Node.js Foundation', 'x64', '20.10.0', 95000],
    ['Python Launcher', 'Python Software Foundation', 'x64', '3.11.7150.0', 1800],
    ['PuTTY release 0.80 (64-bit)', 'Simon Tatham', 'x64', '0.80.0.0', 4400],
    ['WinSCP 6.1.2', 'Martin Prikryl', 'x86', '6.1.2', 42000],
    ['FileZilla 3.66.4', 'Tim Kosse', 'x64', '3.66.4', 43000],
    ['KeePass Password Safe 2.55', 'Dominik Reichl', 'x86', '2.55', 7600],
    ['WinRAR 6.24 (64-bit)', 'win.rar GmbH', 'x64', '6.24.0', 9600],
    ['PDF24 Creator', 'Geek Software GmbH', 'x64', '11.15.2', 480000],
    ['Foxit PDF Reader', 'Foxit Software Inc.', 'x86', '2023.3.0.23028', 380000],
    ['LibreOffice 7.6.4.1', 'The Document Foundation', 'x64', '7.6.4.1', 990000],
    ['Dropbox', 'Dropbox, Inc.', 'x64', '190.4.6383', 300000],
    ['SAP GUI for Windows 8.00  (Patch 8)', 'SAP SE', 'x86', '8.00.8', 1100000],
    ['SAP Business Client 8.00', 'SAP SE', 'x86', '8.00.8', 150000],
    ['Autodesk DWG TrueView 2024 - English', 'Autodesk, Inc.', 'x64', '24.3.62.0', 1800000],
    ['Autodesk Genuine Service', 'Autodesk', 'x64', '4.1.2.25', 12000],
    ['Paint.NET', 'dotPDN LLC', 'x64', '5.0.12', 200000],
    ['GIMP 2.10.36', 'The GIMP Team', 'x64', '2.10.36', 1100000],
    ['Greenshot 1.2.10.6', 'Greenshot', 'x86', '1.2.10.6', 8000],
    ['ShareX', 'ShareX Team', 'x64', '15.0.0', 45000],
    ['Everything 1.4.1.1024 (x64)', 'voidtools', 'x64', '1.4.1.1024', 3000],
    ['TreeSize Free V4.6.3', 'JAM Software', 'x64', '4.6.3.520', 60000],
    ['WinMerge 2.16.36.0 x64', 'Thingamahoochie Software', 'x64', '2.16.36.0', 70000],
    ['Audacity 3.4.2', 'Audacity Team', 'x64', '3.4.2', 78000],
    ['OBS Studio', 'OBS Project', 'x64', '30.0.2', 410000],
    ['Spotify', 'Spotify AB', 'x86', '1.2.28.581', 290000],
    ['iTunes', 'Apple Inc.', 'x64', '12.13.1.3', 420000],
    ['Apple Mobile Device Support', 'Apple Inc.', 'x64', '17.0.0.12', 32000],
    ['Bonjour', 'Apple Inc.', 'x64', '3.1.0.1', 2100],
    ['Apple Software Update', 'Apple Inc.', 'x86', '2.7.0.3', 4600],
    ['Intel(R) Graphics Driver', 'Intel Corporation', 'x64', '31.0.101.4953', 1200000],
    ['Intel(R) Management Engine Components', 'Intel Corporation', 'x64', '2252.4.2.0', 40000],
    ['Intel(R) Rapid Storage Technology', 'Intel Corporation', 'x64', '19.5.1.1040', 90000],
    ['Intel(R) Serial IO', 'Intel Corporation', 'x64', '30.100.2237.26', 1100],
    ['Intel(R) Chipset Device Software', 'Intel(R) Corporation', 'x86', '10.1.19444.8378', 2600],
    ['Intel(R) Wireless Bluetooth(R)', 'Intel Corporation', 'x64', '23.10.0.2', 25000],
    ['Intel(R) PROSet/Wireless Software', 'Intel Corporation', 'x64', '23.10.0', 60000],
    ['Intel(R) Network Connections 28.2.0.4', 'Intel', 'x64', '28.2.0.4', 9000],
    ['Intel(R) Computing Improvement Program', 'Intel Corporation', 'x86', '2.4.10717', 30000],
    ['Intel(R) Dynamic Tuning Technology', 'Intel Corporation', 'x64', '9.0.11901.38630', 7000],
    ['Realtek High Definition Audio Driver', 'Realtek Semiconductor Corp.', 'x64', '6.0.9373.1', 420000],
    ['Realtek Card Reader', 'Realtek Semiconductor Corp.', 'x64', '10.0.22000.21355', 20000],
    ['Realtek Ethernet Controller Driver', 'Realtek', 'x64', '10.68.815.2023', 6000],
    ['NVIDIA Graphics Driver 546.33', 'NVIDIA Corporation', 'x64', '546.33', 1300000],
    ['NVIDIA HD Audio Driver 1.3.40.14', 'NVIDIA Corporation', 'x64', '1.3.40.14', 3000],
    ['NVIDIA PhysX System Software 9.23.1019', 'NVIDIA Corporation', 'x64', '9.23.1019', 400000],
    ['NVIDIA FrameView SDK 1.3.8513.32290073', 'NVIDIA Corporation', 'x64', '1.3.8513.32290073', 4000],
    ['NVIDIA GeForce Experience 3.27.0.120', 'NVIDIA Corporation', 'x64', '3.27.0.120', 500000],
    ['AMD Software', 'Advanced Micro Devices, Inc.', 'x64', '23.12.1', 800000],
    ['Dell SupportAssist', 'Dell Inc.', 'x64', '3.14.2.45', 400000],
    ['Dell SupportAssist OS Recovery Plugin for Dell Update', 'Dell Inc.', 'x64', '5.5.9.18310', 9000],
    ['Dell SupportAssist Remediation', 'Dell Inc.', 'x64', '5.5.9.18310', 180000],
    ['Dell Command | Update for Windows Universal', 'Dell Inc.', 'x64', '5.1.0', 180000],
    ['Dell Optimizer Service', 'Dell Inc.', 'x64', '4.1.1112.0', 300000],
    ['Dell Digital Delivery Services', 'Dell Inc.', 'x64', '5.0.82.0', 120000],
    ['Dell Power Manager Service', 'Dell Inc.', 'x64', '3.14.0', 50000],
    ['HP Support Assistant', 'HP Inc.', 'x86', '9.23.18.0', 300000],
    ['HP Wolf Security', 'HP Inc.', 'x64', '4.5.16.1253', 500000],
    ['HP Notifications', 'HP', 'x64', '1.1.28.1', 8000],
    ['HP Connection Optimizer', 'HP Inc.', 'x86', '2.0.19.0', 30000],
    ['HP Documentation', 'HP Inc.', 'x86', '1.0.0.1', 40000],
    ['Lenovo Vantage Service', 'Lenovo Group Ltd.', 'x64', '3.13.43.0', 240000],
    ['Lenovo System Interface Foundation', 'Lenovo', 'x64', '1.1.20.3', 90000],
    ['Lenovo Commercial Vantage', 'Lenovo', 'x64', '20.2309.4.0', 280000],
    ['Logi Options+', 'Logitech', 'x64', '1.60.496306', 400000],
    ['Logitech Unifying Software 2.52', 'Logitech', 'x64', '2.52.33', 12000],
    ['Synaptics Pointing Device Driver', 'Synaptics Incorporated', 'x64', '19.5.35.1', 46000],
    ['HP LaserJet Pro M404-M405 Basic Device Software', 'HP Inc.', 'x64', '48.5.4528', 180000],
    ['HP Smart Universal Printing', 'HP Inc.', 'x64', '7.1.0', 60000],
    ['Canon Generic Plus UFR II', 'Canon Inc.', 'x64', '2.80', 70000],
    ['Brother MFL-Pro Suite MFC-L2750DW series', 'Brother Industries, Ltd.', 'x86', '1.0.8.0', 400000],
    ['KYOCERA Product Library', 'KYOCERA Document Solutions Inc.', 'x86', '7.2.1301', 90000],
    ['RICOH PCL6 UniversalDriver V4.37', 'RICOH COMPANY, LTD.', 'x64', '4.37.0.0', 50000],
    ['Xerox Global Print Driver', 'Xerox', 'x64', '5.887.3.0', 70000],
    ['Bitdefender Endpoint Security Tools', 'Bitdefender', 'x64', '7.9.9.381', 900000],
    ['ESET Endpoint Antivirus', 'ESET, spol. s r.o.', 'x64', '10.1.2050.0', 400000],
    ['Trend Micro Apex One Security Agent', 'Trend Micro Inc.', 'x64', '14.0.12737', 700000],
    ['Veeam Agent for Microsoft Windows', 'Veeam Software Group GmbH', 'x64', '6.1.0.349', 400000],
    ['Splashtop Streamer', 'Splashtop Inc.', 'x86', '3.6.2.0', 70000],
    ['Zebra Setup Utilities', 'Zebra Technologies', 'x86', '1.1.9.1325', 90000],
    ['DYMO Connect', 'Sanford, L.P.', 'x64', '1.4.6.37', 280000],
    ['Snagit 2024', 'TechSmith Corporation', 'x64', '24.0.1.776', 620000],
    ['Camtasia 2023', 'TechSmith Corporation', 'x64', '23.4.0.50121', 1700000],
    ['Microsoft Remote Desktop', 'Microsoft Corporation', 'x64', '1.2.5112.0', 60000],
    ['RSAT: Active Directory Domain Services Tools', 'Microsoft Corporation', 'x64', '10.0.22621.1', 40000],
    ['Windows Admin Center', 'Microsoft Corporation', 'x64', '1.5.2306.14001', 350000],
    ['Wireshark 4.2.2 x64', 'The Wireshark developer community', 'x64', '4.2.2', 240000],
    ['Npcap', 'Nmap Project', 'x64', '1.78', 3000],
    ['Oracle VM VirtualBox 7.0.12', 'Oracle Corporation', 'x64', '7.0.12', 320000],
    ['Docker Desktop', 'Docker Inc.', 'x64', '4.26.1', 3000000],
  ];
  for (const a of apps) c.push(a);
  for (const py of ['3.10.11', '3.11.7', '3.12.1']) {
    for (const comp of [
      'Core Interpreter',
      'Standard Library',
      'Development Libraries',
      'Documentation',
      'Executables',
      'Tcl/Tk Support',
      'Test Suite',
      'Utility Scripts',
      'pip Bootstrap',
      'Add to Path',
    ]) {
      c.push([`Python ${py} ${comp} (64-bit)`, 'Python Software Foundation', 'x64', `${py}150.0`, 3000]);
    }
  }
  const langs = ['en-us', 'de-de', 'fr-fr', 'es-es', 'it-it', 'nl-nl', 'pl-pl', 'pt-br', 'ja-jp', 'zh-cn'];
  for (const l of langs) {
    c.push([`Microsoft Visual Studio 2022 Shell Resources - ${l}`, ms, null, '17.8.34330', 4000]);
    c.push([`Microsoft Office Language Pack 2016 - ${l}`, ms, 'x86', '16.0.4266.1001', 90000]);
    c.push([`Windows SDK Desktop Tools - ${l}`, ms, null, sdk, 3000]);
  }
  return c;
}

const CATALOG = buildCatalog();

const OFFICE_KB_KINDS = [
  ['Security Update for Microsoft Office 2016 (KB{K}) 64-Bit Edition', 'x64'],
  ['Update for Microsoft Office 2016 (KB{K}) 64-Bit Edition', 'x64'],
  ['Security Update for Microsoft Excel 2016 (KB{K}) 64-Bit Edition', 'x64'],
  ['Security Update for Microsoft Word 2016 (KB{K}) 64-Bit Edition', 'x64'],
  ['Security Update for Microsoft Outlook 2016 (KB{K}) 64-Bit Edition', 'x64'],
  ['Update for Microsoft PowerPoint 2016 (KB{K}) 64-Bit Edition', 'x64'],
  ['Update for Skype for Business 2016 (KB{K}) 64-Bit Edition', 'x64'],
  ['Update for Microsoft OneDrive for Business (KB{K}) 64-Bit Edition', 'x64'],
  ['Security Update for Microsoft Visual Studio 2010 Tools for Office Runtime (KB{K})', null],
  ['Update for Microsoft Visio Viewer 2016 (KB{K}) 64-Bit Edition', 'x64'],
];

/** Software list of agent `index`, `variant` 0 = first inventory, 1.. = later ones with small changes. */
function buildSoftware(index, variant) {
  const r = rng(0x5eed0000 ^ Math.imul(index + 1, 2654435761));
  const list = [];
  // Most of the catalog, each program with probability ~0.85; versions drift per agent (patch level).
  for (const [name, publisher, arch, version, sizeKB] of CATALOG) {
    if (r() < 0.15) continue;
    const parts = version.split('.');
    if (parts.length > 1 && r() < 0.5) {
      const last = parts.length - 1;
      const n = Number(parts[last]);
      if (Number.isFinite(n)) parts[last] = String(Math.max(0, n - int(r, 0, 3)));
    }
    const e = {
      name,
      version: parts.join('.'),
      publisher,
      installDate: `20${pad(int(r, 19, 24), 2)}${pad(int(r, 1, 12), 2)}${pad(int(r, 1, 28), 2)}`,
      sizeBytes: Math.round(sizeKB * 1024 * (0.8 + r() * 0.4)),
      source: 'windows-registry',
    };
    if (arch) e.arch = arch;
    list.push(e);
  }
  // Office MSI updates: the rest, to ~900 entries (850..950 per agent), with KB numbers drawn per agent.
  const target = int(r, 850, 950);
  const seen = new Set();
  for (let guard = 0; list.length < target && guard < 10_000; guard++) {
    const kb = int(r, 2_500_000, 5_002_500);
    if (seen.has(kb)) continue;
    seen.add(kb);
    const [tpl, arch] = pick(r, OFFICE_KB_KINDS);
    const e = {
      name: tpl.replace('{K}', String(kb)),
      publisher: 'Microsoft',
      installDate: `20${pad(int(r, 19, 24), 2)}${pad(int(r, 1, 12), 2)}${pad(int(r, 1, 28), 2)}`,
      source: 'windows-registry',
    };
    if (arch) e.arch = arch;
    list.push(e);
  }
  if (variant > 0) {
    // A few upgrades, one uninstall, one install: what an hourly re-check finds after patch day.
    const v = rng(0xd17a ^ Math.imul(index + 1, 40503) ^ variant);
    for (let k = 0; k < 3; k++) {
      const e = list[int(v, 0, Math.min(list.length, 300) - 1)];
      if (e.version) e.version = `${e.version}.${variant}`;
    }
    list.splice(int(v, 0, list.length - 1), 1);
    list.push({
      name: `Security Update for Microsoft Office 2016 (KB${5_003_000 + variant}) 64-Bit Edition`,
      publisher: 'Microsoft',
      arch: 'x64',
      installDate: '20250110',
      source: 'windows-registry',
    });
  }
  return list;
}

const VENDORS = [
  {
    m: 'Dell Inc.',
    models: ['OptiPlex 7010', 'OptiPlex 5000', 'Latitude 5440', 'Latitude 7430', 'Precision 3660'],
    bios: 'Dell Inc.',
  },
  {
    m: 'HP',
    models: ['HP EliteDesk 800 G8 SFF', 'HP ProBook 450 G9', 'HP EliteBook 840 G9', 'HP ProDesk 400 G7'],
    bios: 'HP',
  },
  {
    m: 'LENOVO',
    models: ['ThinkCentre M70q Gen 3', 'ThinkPad T14 Gen 3', 'ThinkPad L14 Gen 2', 'ThinkCentre M90t'],
    bios: 'LENOVO',
  },
];
const CPUS = [
  ['Intel', 'Core™ i5-12500', 6, 3.0],
  ['Intel', 'Core™ i7-12700', 12, 2.1],
  ['Intel', 'Core™ i5-1245U', 10, 1.6],
  ['Intel', 'Core™ i7-1365U', 10, 1.8],
  ['AMD', 'Ryzen 5 PRO 5650G', 6, 3.9],
];
const DEPTS = ['ACC', 'HR', 'IT', 'SALES', 'OPS', 'LEGAL', 'MKT', 'FIN', 'PROC', 'QA'];
const FIRST = ['anna', 'ben', 'carla', 'deniz', 'erik', 'fatma', 'georg', 'hana', 'ivan', 'julia', 'kemal', 'lena'];
const LAST = ['mueller', 'schmidt', 'yilmaz', 'novak', 'rossi', 'dubois', 'kowalski', 'santos', 'berg', 'kaya'];

const identities = new Map();

function identity(index) {
  const known = identities.get(index);
  if (known) return known;
  const r = rng(0x1d3 ^ Math.imul(index + 7, 2246822519));
  const id = {
    machineId: createHash('sha256').update(`bench-machine-${index}`).digest('hex').slice(0, 32),
    hostname: `PC-${pick(r, DEPTS)}-${pad(index, 5)}`,
    user: `CORP\\${pick(r, FIRST)}.${pick(r, LAST)}`,
  };
  identities.set(index, id);
  return id;
}

/** The full inventory of agent `index` (an object valid against InventorySchema). */
function buildInventory(index, variant = 0) {
  const r = rng(0xab1e ^ Math.imul(index + 3, 3266489917));
  const id = identity(index);
  const vendor = pick(r, VENDORS);
  const model = pick(r, vendor.models);
  const laptop = /Latitude|ProBook|EliteBook|ThinkPad/.test(model);
  const [cpuVendor, cpuBrand, cores, ghz] = pick(r, CPUS);
  const dimm = pick(r, [8, 16]) * 1024 ** 3;
  const nDimm = laptop ? 1 : pick(r, [1, 2]);
  const diskSize = pick(r, [256, 512, 1024]) * 1000 ** 3;
  const cSize = diskSize - 1_000_000_000;
  const cUsed = Math.round(cSize * (0.3 + r() * 0.5));
  const macs = [0, 1, 2].map(() => hex(r, 12).match(/../g).join(':').toUpperCase());
  const ip = `10.${int(r, 10, 40)}.${int(r, 0, 255)}.${int(r, 2, 254)}`;
  const serial = upperAlnum(r, 7);
  const collectedAt = new Date(Date.UTC(2025, 0, 15, 8, 0, 0) + index * 1000 + variant * 3_600_000).toISOString();
  const inv = {
    machineId: id.machineId,
    collectedAt,
    system: {
      manufacturer: vendor.m,
      model,
      serial,
      uuid: `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`.toUpperCase(),
      sku: upperAlnum(r, 4),
      virtual: false,
    },
    baseboard: {
      manufacturer: vendor.m,
      model: `0${upperAlnum(r, 5)}`,
      serial: `/${serial}/CNFCW00${int(r, 100, 999)}/`,
      version: 'A00',
    },
    bios: {
      vendor: vendor.bios,
      version: `1.${int(r, 5, 22)}.0`,
      releaseDate: `2023-${pad(int(r, 1, 12), 2)}-${pad(int(r, 1, 28), 2)}`,
      serial,
    },
    cpu: {
      manufacturer: cpuVendor,
      brand: cpuBrand,
      model: `${cpuVendor === 'Intel' ? '12th Gen Intel(R) ' : 'AMD '}${cpuBrand}`,
      speedGHz: ghz,
      cores: cores * 2 > 16 ? 16 : cores * 2,
      physicalCores: cores,
      sockets: 1,
      architecture: 'x64',
    },
    memory: {
      totalBytes: dimm * nDimm,
      modules: Array.from({ length: nDimm }, (_, k) => ({
        sizeBytes: dimm,
        type: 'DDR4',
        clockMHz: 3200,
        formFactor: laptop ? 'SODIMM' : 'DIMM',
        manufacturer: pick(r, ['Samsung', 'SK Hynix', 'Micron', 'Kingston']),
        partNumber: `M4${upperAlnum(r, 10)}`,
        serial: hex(r, 8).toUpperCase(),
        bank: `BANK ${k}`,
      })),
    },
    disks: [
      {
        device: '\\\\.\\PHYSICALDRIVE0',
        type: 'SSD',
        name: pick(r, ['Samsung SSD 980 PRO', 'KIOXIA KXG60ZNV512G', 'SK hynix PC801 NVMe', 'WDC PC SN740']),
        vendor: pick(r, ['Samsung', 'KIOXIA', 'SK hynix', 'Western Digital']),
        sizeBytes: diskSize,
        serial: `${hex(r, 4)}_${hex(r, 4)}_${hex(r, 4)}_${hex(r, 4)}.`.toUpperCase(),
        interface: 'NVMe',
      },
    ],
    fileSystems: [
      { fs: 'C:', type: 'NTFS', mount: 'C:', sizeBytes: cSize, usedBytes: cUsed, freeBytes: cSize - cUsed },
      {
        fs: '\\\\?\\Volume{' + hex(r, 8) + '}',
        type: 'NTFS',
        mount: 'Recovery',
        sizeBytes: 700_000_000,
        usedBytes: 580_000_000,
        freeBytes: 120_000_000,
      },
    ],
    gpus: [{ vendor: 'Intel Corporation', model: 'Intel(R) UHD Graphics 770', vramMB: 1024, bus: 'Onboard' }],
    displays: [
      { vendor: 'Dell', model: 'DELL P2422H', main: true, connection: 'DP', resolutionX: 1920, resolutionY: 1080 },
      ...(r() < 0.6
        ? [
            {
              vendor: 'Dell',
              model: 'DELL P2422H',
              main: false,
              connection: 'HDMI',
              resolutionX: 1920,
              resolutionY: 1080,
            },
          ]
        : []),
    ],
    network: [
      {
        name: 'Ethernet',
        mac: macs[0],
        ip4: [ip],
        ip6: [`fe80::${hex(r, 4)}:${hex(r, 4)}:${hex(r, 4)}:${hex(r, 4)}`],
        type: 'wired',
        speedMbps: 1000,
        virtual: false,
        up: true,
      },
      { name: 'Wi-Fi', mac: macs[1], ip4: [], ip6: [], type: 'wireless', virtual: false, up: false },
      {
        name: 'Bluetooth Network Connection',
        mac: macs[2],
        ip4: [],
        ip6: [],
        type: 'wired',
        virtual: false,
        up: false,
      },
    ],
    os: {
      platform: 'win32',
      family: 'windows',
      distro: 'Microsoft Windows 11 Pro',
      release: '10.0.22631',
      codename: '23H2',
      kernel: '10.0.22631',
      arch: 'x64',
      hostname: id.hostname,
      fqdn: `${id.hostname.toLowerCase()}.corp.example`,
      build: `22631.${int(r, 2800, 3007)}`,
    },
    users: [{ user: id.user, tty: 'console', date: '2025-01-15 07:58', ip: '' }],
    battery: laptop
      ? {
          present: true,
          percent: int(r, 20, 100),
          charging: r() < 0.5,
          designedCapacity: 54000,
          maxCapacity: int(r, 40000, 54000),
          manufacturer: 'SMP',
          model: 'DELL VW3VP',
          serial: String(int(r, 1000, 9999)),
        }
      : { present: false },
    software: buildSoftware(index, variant),
    problems: {},
  };
  return inv;
}

function sha256Hex(text) {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The `inventory` frame of agent `index` as UTF-8 bytes, ready to send as a text frame. Built in three parts so the
 * ~150 KB software list never goes through a two-byte string (the CPU brand has a ™): generating 19,500 frames has to
 * take seconds, not minutes. The hash stands for the agent's hash of its inventory: distinct per agent and variant
 * (the server only compares it with the one it holds), derived from the identity instead of hashing 150 KB.
 */
function inventoryFrame(index, variant, id, ts) {
  const inv = buildInventory(index, variant);
  const software = inv.software;
  delete inv.software;
  const head = JSON.stringify(inv);
  const hash = sha256Hex(`${inv.machineId}/${index}/${variant}`);
  const parts = [
    `{"v":1,"id":"${id}","type":"inventory","ts":${ts},"payload":{"hash":"${hash}","inventory":${head.slice(0, -1)},"software":`,
    JSON.stringify(software),
    '}}}',
  ];
  let size = 0;
  for (const p of parts) size += Buffer.byteLength(p);
  const frame = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const p of parts) at += frame.write(p, at);
  return { hash, frame };
}

/** A live metrics sample: what the agent sends every metricsIntervalSec. */
function metricsFrame(index, seq, id, now) {
  const r = rng(Math.imul(index + 11, 374761393) ^ seq);
  const sample = {
    sampledAt: new Date(now).toISOString(),
    cpuLoadPercent: Math.round(r() * 10000) / 100,
    memUsedBytes: 4_000_000_000 + Math.floor(r() * 8_000_000_000),
    memTotalBytes: 17_179_869_184,
    diskFree: [
      { mount: 'C:', freeBytes: 120_000_000_000 + Math.floor(r() * 1_000_000_000) },
      { mount: 'Recovery', freeBytes: 120_000_000 },
    ],
    netRxBytesPerSec: Math.round(r() * 2_000_000),
    netTxBytesPerSec: Math.round(r() * 400_000),
    uptimeSec: 3600 + seq * 10 + index,
    loggedInUser: identity(index).user,
  };
  return `{"v":1,"id":"${id}","type":"metrics","ts":${now},"payload":{"sample":${JSON.stringify(sample)}}}`;
}

module.exports = { buildInventory, buildSoftware, inventoryFrame, metricsFrame, identity, sha256Hex, CATALOG };
