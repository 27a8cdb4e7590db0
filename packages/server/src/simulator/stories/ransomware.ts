/**
 * Story 3: ransomware on three devices. The operator pushes a binary as a service with a stolen admin
 * account, which deletes shadow copies and disables recovery, then renames documents with a new extension
 * and drops a ransom note in every folder.
 */
import { winBin } from '../catalog.ts';
import { fileRow, logonRow, processRow, spawn, SYSTEM } from '../rows.ts';
import type { StoryDefinition } from './story.ts';
import { sessionProcs, stolenAdmin, unknownBinary, windowsVictims } from './helpers.ts';

const EXT = '.kr4k3n';
const NOTE = 'HOW_TO_RESTORE_FILES.txt';

export const ransomwareStory: StoryDefinition = {
  id: 'ransomware',
  title: 'Ransomware: shadow copies deleted, files encrypted on three devices',
  hoursAgo: 8,
  localHour: 2,
  build(ctx, out) {
    const { org, rng, start } = ctx;
    const victims = windowsVictims(org, rng, 3, ctx);
    const admin = stolenAdmin(org, ctx) ?? org.serviceAccounts[1]!;
    const locker = unknownBinary('svchostsvc.exe', 'C:\\ProgramData\\svchostsvc.exe', 1_604_608);
    const noteHash = { sha1: rng.hex(40), sha256: rng.hex(64), md5: rng.hex(32) };
    let t = start;
    for (const { device: d, user: u } of victims) {
      t += 3 * 60_000 + rng.int(120_000);
      const s = sessionProcs(org, d, u, t, rng);
      out.emit(t, logonRow(t, d, 'LogonSuccess', 'Network', { domain: org.netbios, name: admin.name, sid: admin.sid }, 8_000_000 + rng.int(100_000), undefined, { RemoteIP: '10.200.7.31', RemoteIPType: 'Private', Protocol: 'NTLM', IsLocalAdmin: true }), 1, 'T1078.002', 'Admin account used from a VPN address at night');
      out.emit(t + 800, fileRow(t + 800, d, { ...s.services, bin: winBin.system, pid: 4, cmd: '', account: SYSTEM }, 'FileCreated', 'C:\\ProgramData', locker.file, locker, locker.size, { RequestProtocol: 'Smb', RequestSourceIP: '10.200.7.31', RequestAccountName: admin.name, RequestAccountDomain: org.netbios, ShareName: 'C$' }), 1, 'T1570', 'Ransomware binary copied to the device');
      const svc = spawn(s.services, locker, out.pid(), 'C:\\ProgramData\\svchostsvc.exe -net -path C:\\Users', t + 2000, SYSTEM, 999, 'System');
      out.emit(svc.created, processRow(svc.created, d, svc, s.services), 2, 'T1569.002', 'Ransomware started as a service');
      const inhibit: [typeof winBin.vssadmin, string, string][] = [
        [winBin.vssadmin, 'vssadmin.exe delete shadows /all /quiet', 'Shadow copies deleted with vssadmin'],
        [winBin.wmic, 'wmic.exe shadowcopy delete /nointeractive', 'Shadow copies deleted with WMI'],
        [winBin.bcdedit, 'bcdedit.exe /set {default} recoveryenabled No', 'Windows recovery disabled'],
        [winBin.wbadmin, 'wbadmin.exe delete catalog -quiet', 'Backup catalog deleted'],
      ];
      let it = svc.created + 1500;
      for (const [bin, line, what] of inhibit) {
        const cmd = spawn(svc, winBin.cmd, out.pid(), `C:\\Windows\\system32\\cmd.exe /c ${line}`, it);
        out.emit(it, processRow(it, d, cmd, svc), 3, 'T1490', what);
        const p = spawn(cmd, bin, out.pid(), line, it + 150);
        out.emit(it + 150, processRow(it + 150, d, p, cmd), 3, 'T1490', what);
        it += 1200 + rng.int(1500);
      }
      // Encryption: documents renamed with the new extension, a note per folder.
      const folders = ['Documents', 'Desktop', `OneDrive - ${org.name}\\Documents`, 'Pictures'].map((f) => `C:\\Users\\${u.name}\\${f}`);
      const files = 60 + rng.int(40);
      for (const folder of folders) {
        it += 300;
        out.emit(it, fileRow(it, d, svc, 'FileCreated', folder, NOTE, noteHash, 2_214), 5, 'T1486', 'Ransom note dropped');
      }
      for (let i = 0; i < files; i++) {
        it += 40 + rng.int(250);
        const folder = folders[i % folders.length]!;
        const name = `${['Report', 'Budget', 'Photo', 'Contract', 'Notes', 'Plan'][i % 6]}_${1000 + i}.${['docx', 'xlsx', 'jpg', 'pdf'][i % 4]}`;
        out.emit(it, fileRow(it, d, svc, 'FileRenamed', folder, name + EXT, { sha1: rng.hex(40), sha256: rng.hex(64), md5: rng.hex(32) }, 10_000 + rng.int(4_000_000), { PreviousFileName: name, PreviousFolderPath: `${folder}\\${name}` }), 4, 'T1486', 'File encrypted and renamed');
      }
    }
  },
};
