/**
 * Story 4: a malicious link in a mail is clicked (UrlClickEvents), the browser downloads a fake update,
 * the user runs it, and it persists through a Run key and a scheduled task, then beacons.
 */
import { winBin } from '../catalog.ts';
import { emailRow } from '../benign.ts';
import { deviceEventRow, fileRow, networkRow, plainRow, processRow, registryRow, spawn } from '../rows.ts';
import type { StoryDefinition } from './story.ts';
import { sessionProcs, unknownBinary, windowsVictims } from './helpers.ts';

const DOMAIN = 'browser-update-center.net';
const IP = '203.0.113.118';

export const driveByStory: StoryDefinition = {
  id: 'url-click-persistence',
  title: 'Malicious link click, drive-by download and persistence',
  hoursAgo: 52,
  localHour: 14,
  build(ctx, out) {
    const { org, rng, start } = ctx;
    const [{ device: d, user: u }] = windowsVictims(org, rng, 1, ctx, (x) => x.department === 'Marketing' || x.department === 'Customer Support') as [{ device: (typeof org.devices)[number]; user: (typeof org.users)[number] }];
    const msgId = rng.guid();
    const url = `https://${DOMAIN}/chrome/update?id=${rng.hex(8)}`;
    let t = start;
    out.emit(t, emailRow(org, msgId, t, { address: 'no-reply@browser-update-center.net', domain: DOMAIN, name: 'IT Service Desk', ip: IP }, { email: u.email, objectId: u.objectId }, 'Your browser is out of date - update required', 'Inbound', 'Delivered', 'Inbox/folder', '', '', '', 3, 0, 1, 4_300_000_003, IP), 1, 'T1566.002', 'Mail with a malicious link delivered');
    out.emit(t + 1, plainRow('EmailUrlInfo', t + 1, { NetworkMessageId: msgId, Url: url, UrlDomain: DOMAIN, UrlLocation: 'Body' }), 1, 'T1566.002', 'Malicious link');
    t += 25 * 60_000 + rng.int(600_000);
    out.emit(t, plainRow('UrlClickEvents', t, { Url: url, ActionType: 'ClickAllowed', AccountUpn: u.upn, Workload: 'Email', NetworkMessageId: msgId, IPAddress: u.office.publicIp, IsClickedThrough: true, UrlChain: JSON.stringify([url, `https://${DOMAIN}/dl/ChromeUpdate.exe`]) }), 2, 'T1204.001', 'User clicks the link');
    const s = sessionProcs(org, d, u, t, rng);
    const browser = spawn(s.explorer, winBin.msedge, out.pid(), `"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --single-argument ${url}`, t + 400);
    out.emit(browser.created, processRow(browser.created, d, browser, s.outlook), 2, 'T1204.001', 'Browser opens the link from Outlook');
    out.emit(t + 1200, networkRow(t + 1200, d, browser, 'ConnectionSuccess', d.ip, 49_152 + rng.int(16_000), IP, 443, DOMAIN), 3, 'T1189', 'Browser connects to the malicious site');
    const dropper = unknownBinary('ChromeUpdate.exe', `C:\\Users\\${u.name}\\Downloads\\ChromeUpdate.exe`, 2_811_904);
    out.emit(t + 6000, fileRow(t + 6000, d, browser, 'FileCreated', `C:\\Users\\${u.name}\\Downloads`, dropper.file, dropper, dropper.size, { FileOriginUrl: `https://${DOMAIN}/dl/ChromeUpdate.exe`, FileOriginReferrerUrl: url, FileOriginIP: IP }), 3, 'T1189', 'Fake update downloaded');
    t += 60_000;
    const run = spawn(s.explorer, dropper, out.pid(), `"${dropper.path}"`, t);
    out.emit(t, processRow(t, d, run, s.explorer), 4, 'T1204.002', 'User runs the fake update');
    const implant = unknownBinary('GoogleUpdateCore.exe', `C:\\Users\\${u.name}\\AppData\\Roaming\\Google\\Update\\GoogleUpdateCore.exe`, 745_472);
    out.emit(t + 2000, fileRow(t + 2000, d, run, 'FileCreated', `C:\\Users\\${u.name}\\AppData\\Roaming\\Google\\Update`, implant.file, implant, implant.size), 4, 'T1036.005', 'Implant dropped under a Google-looking path');
    out.emit(t + 3000, registryRow(t + 3000, d, run, 'RegistryValueSet', `HKEY_CURRENT_USER\\${u.sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`, 'GoogleUpdateCore', 'REG_SZ', `"${implant.path}" /silent`), 5, 'T1547.001', 'Run key persistence');
    const schtasks = spawn(run, winBin.schtasks, out.pid(), `schtasks.exe /Create /SC ONLOGON /TN "GoogleUpdateTaskUserCore" /TR "'${implant.path}' /silent" /F`, t + 3500);
    out.emit(schtasks.created, processRow(schtasks.created, d, schtasks, run), 6, 'T1053.005', 'Scheduled task created with schtasks');
    out.emit(t + 3900, deviceEventRow(t + 3900, d, schtasks, 'ScheduledTaskCreated', { AdditionalFields: JSON.stringify({ TaskName: '\\GoogleUpdateTaskUserCore', TaskContent: `{"Triggers":"LogonTrigger","Actions":"${implant.path.replaceAll('\\', '\\\\')} /silent"}` }) }), 6, 'T1053.005', 'Scheduled task registered');
    const imp = spawn(run, implant, out.pid(), `"${implant.path}" /silent`, t + 5000);
    out.emit(imp.created, processRow(imp.created, d, imp, run), 7, 'T1036.005', 'Implant starts');
    for (let bt = imp.created + 3000, i = 0; i < 40; i++, bt += 240_000 + rng.int(60_000)) {
      out.emit(bt, networkRow(bt, d, imp, 'ConnectionSuccess', d.ip, 49_152 + rng.int(16_000), IP, 8443, ''), 7, 'T1071.001', 'Implant beacons to its server');
    }
  },
};
