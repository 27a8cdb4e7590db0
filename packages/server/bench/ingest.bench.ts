/**
 * bench:ingest — events/s over HTTP loopback into a real server (started with the CLI in a child
 * process), NDJSON batches of 5,000 mixed Device* rows in the defender format, with and without gzip;
 * the server's peak RSS; on-disk bytes per event after a checkpoint.
 * Detection is off (PALISADE_DETECTION_SCHEDULER=off) unless --detections.
 *   npm run bench:ingest [-- --batches N --concurrency C --detections --only plain|gzip --client http|fetch]
 * The client (default `http`) posts the pre-built body Buffers with node:http on keep-alive sockets, one
 * write per request; `fetch` (undici's fetch, the client before) is kept for comparison.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { cpuMs, createToken, peakRssMiB, startServer, stopServer } from './common.ts';

const { values } = parseArgs({ options: { batches: { type: 'string', default: '40' }, concurrency: { type: 'string', default: '6' }, detections: { type: 'boolean', default: false }, only: { type: 'string' }, client: { type: 'string', default: 'http' } } });
/** Detection off (the scheduled and near-real-time rules do not run) unless --detections. */
const DETECTIONS = values.detections === true;
const BATCHES = Number(values.batches);
const CONCURRENCY = Number(values.concurrency);
const ROWS = 5000;
const CLIENT = values.client;
if (CLIENT !== 'http' && CLIENT !== 'fetch') throw new Error(`--client takes http or fetch, got '${String(CLIENT)}'`);

/** Status and body text of one POST: node:http with a keep-alive agent (the body is the Buffer as built), or fetch. */
async function post(url: string, headers: Record<string, string>, body: Buffer, agent: Agent): Promise<{ status: number; text: string }> {
  if (CLIENT === 'fetch') {
    const res = await fetch(url, { method: 'POST', headers, body });
    return { status: res.status, text: await res.text() };
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const hosts = Array.from({ length: 200 }, (_, i) => `ws-${String(i).padStart(4, '0')}.corp.example`);
const procs = ['powershell.exe', 'cmd.exe', 'svchost.exe', 'chrome.exe', 'outlook.exe', 'rundll32.exe', 'explorer.exe', 'teams.exe'];

function row(b: number, i: number): Record<string, unknown> {
  const host = hosts[(b * 31 + i) % hosts.length] as string;
  const p = procs[i % procs.length] as string;
  const ts = new Date(Date.UTC(2024, 5, 1) + (b * ROWS + i) * 37).toISOString();
  const common = { Timestamp: ts, DeviceName: host, InitiatingProcessFileName: 'explorer.exe', InitiatingProcessId: 4000 + (i % 300), InitiatingProcessAccountName: `user${i % 50}`, InitiatingProcessAccountDomain: 'corp', ReportId: b * ROWS + i };
  switch (i % 4) {
    case 0:
      return { Table: 'DeviceProcessEvents', ...common, ActionType: 'ProcessCreated', FileName: p, FolderPath: `C:\\Windows\\System32\\${p}`, ProcessId: 1000 + i, ProcessCommandLine: `${p} -arg ${i} --flag value-${b}`, AccountName: `user${i % 50}`, AccountDomain: 'corp', SHA1: 'a'.repeat(40) };
    case 1:
      return { Table: 'DeviceNetworkEvents', ...common, ActionType: 'ConnectionSuccess', RemoteIP: `10.${b % 255}.${i % 255}.${(i * 7) % 255}`, RemotePort: 443, LocalIP: '192.168.1.10', LocalPort: 40000 + (i % 20000), Protocol: 'Tcp', RemoteUrl: `svc${i % 97}.example.com` };
    case 2:
      return { Table: 'DeviceFileEvents', ...common, ActionType: 'FileCreated', FileName: `doc-${i}.docx`, FolderPath: `C:\\Users\\user${i % 50}\\Documents\\doc-${i}.docx`, FileSize: 1000 + i, SHA256: 'b'.repeat(64) };
    default:
      return { Table: 'DeviceRegistryEvents', ...common, ActionType: 'RegistryValueSet', RegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', RegistryValueName: `v${i % 40}`, RegistryValueData: `C:\\tools\\agent-${i % 40}.exe` };
  }
}

/** CPU ms per thread of a process, keyed 'main' (the JS thread) or name#tid (name from /proc/<pid>/task/<tid>/comm). */
function threadCpuMs(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = Number(tid) === pid ? 'main' : `${readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()}#${tid}`;
      out.set(name, (out.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

interface Result {
  eventsPerSec: number;
  mbPerSec: number;
  rssMiB: number;
  bytesPerEvent: number;
  avgBatchBytes: number;
  /** Server CPU time (all threads) per 100,000 events, ms: comparable across runs on a loaded machine, unlike wall time. */
  serverCpuPer100k: number;
  /** Server CPU from the end of the window to exit (mostly the shutdown checkpoint), per 100,000 events. */
  shutdownCpuPer100k: number;
  clientCpuPer100k: number;
  load: number;
  /** Server CPU per 100k events by thread (name -> ms). */
  threads: Map<string, number>;
}

async function run(gzip: boolean): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), 'palisade-bench-ingest-'));
  try {
    const token = createToken(dataDir, 'ingest.write');
    const bodies = Array.from({ length: 8 }, (_, b) => Array.from({ length: ROWS }, (_, i) => JSON.stringify(row(b, i))).join('\n'));
    const payloads = bodies.map((s) => (gzip ? gzipSync(s) : Buffer.from(s)));
    const { child, url } = await startServer(dataDir, {
      PALISADE_INGEST_QUEUE_CAPACITY: String(Math.max(8, CONCURRENCY + 2)),
      ...(DETECTIONS ? {} : { PALISADE_DETECTION_SCHEDULER: 'off' }),
    });
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson', ...(gzip ? { 'content-encoding': 'gzip' } : {}) };
    // Warm-up, outside the timed window: the first batch starts the ingest worker thread (and compiles
    // its modules), a one-time cost that is not throughput.
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const warm = await post(`${url}/api/ingest/defender`, headers, payloads[0] as Buffer, agent);
    if (warm.status !== 200) throw new Error(`warm-up batch: ${warm.status} ${warm.text.slice(0, 300)}`);
    let next = 0;
    let events = 0;
    let bytes = 0;
    const pid = child.pid ?? 0;
    const cpu0 = cpuMs(pid);
    const threads0 = threadCpuMs(pid);
    const client0 = process.cpuUsage();
    const load0 = loadavg()[0] ?? 0;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next < BATCHES) {
        const b = next++;
        const body = payloads[b % payloads.length] as Buffer;
        for (;;) {
          const res = await post(`${url}/api/ingest/defender`, headers, body, agent);
          if (res.status === 429) {
            await new Promise((r) => setTimeout(r, 50));
            continue;
          }
          const j = JSON.parse(res.text) as { accepted: number; rejected: number };
          if (res.status !== 200 || j.rejected > 0) throw new Error(`batch ${b}: ${res.status} ${JSON.stringify(j).slice(0, 300)}`);
          events += j.accepted;
          bytes += body.length;
          break;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const secs = (performance.now() - started) / 1000;
    agent.destroy();
    const serverCpu = cpuMs(pid) - cpu0;
    const threads = new Map([...threadCpuMs(pid)].map(([k, v]) => [k, ((v - (threads0.get(k) ?? 0)) / Math.max(1, events)) * 100_000] as const).filter(([, v]) => v > 0));
    const clientUsage = process.cpuUsage(client0);
    const load = ((loadavg()[0] ?? 0) + load0) / 2;
    const rssMiB = peakRssMiB(pid);
    // The shutdown checkpoint writes what the WAL still holds: a larger checkpoint threshold moves work
    // there, so its CPU is counted too (polled until the process is gone; the last reading is a lower bound).
    let lastCpu = cpuMs(pid);
    const stopped = stopServer(child); // checkpoints the store
    let gone = false;
    void stopped.then(() => (gone = true));
    while (!gone) {
      try {
        lastCpu = cpuMs(pid);
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await stopped;
    const shutdownCpu = lastCpu - cpu0 - serverCpu;
    const file = join(dataDir, 'events.duckdb');
    const bytesOnDisk = statSync(file).size;
    return {
      eventsPerSec: events / secs,
      mbPerSec: bytes / secs / 1e6,
      rssMiB,
      bytesPerEvent: bytesOnDisk / (events + ROWS), // the warm-up batch is on disk too
      avgBatchBytes: bytes / BATCHES,
      serverCpuPer100k: (serverCpu / events) * 100_000,
      shutdownCpuPer100k: (shutdownCpu / events) * 100_000,
      clientCpuPer100k: ((clientUsage.user + clientUsage.system) / 1000 / events) * 100_000,
      load,
      threads,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (values.only !== undefined && values.only !== 'plain' && values.only !== 'gzip') throw new Error(`--only takes plain or gzip, got '${values.only}'`);
const plain = values.only === 'gzip' ? undefined : await run(false);
const gz = values.only === 'plain' ? undefined : await run(true);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(`bench:ingest  ${BATCHES} batches x ${ROWS} rows, ${CONCURRENCY} concurrent clients (${CLIENT}), defender NDJSON, HTTP loopback, detection ${DETECTIONS ? 'on (scheduled + near-real-time rules)' : 'off'}`);
for (const [name, r] of [['plain', plain], ['gzip ', gz]] as const) {
  if (!r) continue;
  console.log(`  ${name} : ${fmt(r.eventsPerSec)} events/s (${r.mbPerSec.toFixed(1)} MB/s on the wire, ${fmt(r.avgBatchBytes)} B/batch), server peak RSS ${fmt(r.rssMiB)} MiB`);
  console.log(`          by thread (ms per 100k): ${[...r.threads].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 20).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  console.log(`          server CPU ${fmt(r.serverCpuPer100k)} ms per 100k events (-> ${fmt((100_000 / r.serverCpuPer100k) * 1000)} events per CPU-second) + ${fmt(r.shutdownCpuPer100k)} at shutdown (final checkpoint), client CPU ${fmt(r.clientCpuPer100k)} ms per 100k, load average ${r.load.toFixed(1)} on ${availableParallelism()} cores`);
}
if (plain && gz) console.log(`  ratio gzip/plain: ${(gz.eventsPerSec / plain.eventsPerSec).toFixed(2)}`);
const done = [plain, gz].filter((r): r is Result => r !== undefined);
console.log(`  on disk: ${done.map((r) => r.bytesPerEvent.toFixed(1)).join(' / ')} bytes/event (events.duckdb after checkpoint, ${fmt(BATCHES * ROWS)} events)`);
const best = Math.min(...done.map((r) => r.eventsPerSec));
console.log(`  target: >= 100,000 events/s, RSS < 1,536 MiB -> ${best >= 100_000 ? 'met' : 'NOT met'} / ${Math.max(...done.map((r) => r.rssMiB)) < 1536 ? 'met' : 'NOT met'}`);
