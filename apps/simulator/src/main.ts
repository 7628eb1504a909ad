import { parseArgs } from 'node:util';
import { FAULT_KINDS, isScenarioName, LoadSource, loadCredentialsFile, runSimulation, SCENARIOS, type FaultKind, type RunOptions } from '@tianyan/simulator';

const USAGE = `Tianyan field-fleet simulator

  npm run sim -- --scenario <name> [--seed n] [--speed x] [--mqtt url] [options]
  npm run sim -- --devices N --rate R [--mqtt url]            (load mode)

  --scenario       ${SCENARIOS.join(' | ')}
  --seed           integer (default 1); same seed and --start → same message stream
  --speed          virtual seconds per wall second (default 1)
  --start          virtual start time, ISO 8601 or epoch ms (default: now, or back-dated at --speed > 1)
  --duration       virtual seconds to run (default: until Ctrl-C)
  --mqtt           broker URL (default mqtt://127.0.0.1:1884)
  --username / --password   device credentials; "{deviceId}" is replaced by each device's id
  --credentials    JSON file { "<deviceId>" | "*": { "username", "password" } }
  --faults         all | none | comma list of ${FAULT_KINDS.join(',')} (default: all for drill, none otherwise)
  --offender-share 0…1 share of offending trucks at OBD stations (default 0.2)
  --drill          mark all traffic drill: true
  --ground-truth   write what really happened to this JSON file at the end
  --devices/--rate load mode: N devices sending R messages/s in total
  --connections    share this many MQTT sessions (load mode default: min(N, 100))`;

function main(): void {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      seed: { type: 'string', default: '1' },
      speed: { type: 'string', default: '1' },
      start: { type: 'string' },
      duration: { type: 'string' },
      mqtt: { type: 'string', default: 'mqtt://127.0.0.1:1884' },
      username: { type: 'string' },
      password: { type: 'string' },
      credentials: { type: 'string' },
      faults: { type: 'string' },
      'offender-share': { type: 'string' },
      drill: { type: 'boolean', default: false },
      'ground-truth': { type: 'string' },
      devices: { type: 'string' },
      rate: { type: 'string' },
      connections: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || (!values.scenario && !values.devices)) return void console.log(USAGE);

  const num = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${v}"`);
    return n;
  };
  const start = values.start === undefined ? undefined : /^\d+$/.test(values.start) ? Number(values.start) : Date.parse(values.start);
  if (start !== undefined && Number.isNaN(start)) throw new Error(`--start must be ISO 8601 or epoch ms`);
  const common: Omit<RunOptions, 'scenario'> = {
    mqttUrl: values.mqtt,
    seed: num('seed', values.seed),
    speed: num('speed', values.speed),
    startTime: start,
    durationS: num('duration', values.duration),
    username: values.username,
    password: values.password,
    credentials: values.credentials ? loadCredentialsFile(values.credentials) : undefined,
    connections: num('connections', values.connections),
    groundTruthFile: values['ground-truth'],
    log: (line) => console.error(line),
  };

  let run;
  if (values.devices) {
    const devices = num('devices', values.devices)!;
    const rate = num('rate', values.rate) ?? devices;
    const scenario = new LoadSource({ devices, rate, seed: common.seed, startTime: Date.now() });
    run = runSimulation({ ...common, scenario, speed: 1, startTime: undefined, connections: common.connections ?? Math.min(devices, 100) });
    console.log(`load: ${devices} devices, target ${rate} msg/s, ${common.connections ?? Math.min(devices, 100)} connections → ${values.mqtt}`);
  } else {
    const name = values.scenario!;
    if (!isScenarioName(name)) throw new Error(`unknown scenario "${name}"; expected one of ${SCENARIOS.join(', ')}`);
    run = runSimulation({ ...common, scenario: name, drill: values.drill, faults: parseFaults(values.faults), offenders: values['offender-share'] ? { share: num('offender-share', values['offender-share'])! } : undefined });
    console.log(`scenario ${name}, seed ${common.seed}, speed ${common.speed}× → ${values.mqtt}`);
  }

  const started = Date.now();
  let lastAcked = 0;
  let lastAt = started;
  const report = setInterval(() => {
    const now = Date.now();
    const s = run.stats;
    console.log(`${new Date(s.virtualTime).toISOString()}  published ${s.published}  acked ${s.acked}  failed ${s.failed}  invalid ${s.invalid}  rate ${Math.round(((s.acked - lastAcked) * 1000) / (now - lastAt))} msg/s`);
    lastAcked = s.acked;
    lastAt = now;
  }, 5000);
  const finish = async () => {
    clearInterval(report);
    await run.stop();
    const secs = (Date.now() - started) / 1000;
    console.log(`done: ${run.stats.acked} messages acked in ${secs.toFixed(1)} s (${Math.round(run.stats.acked / secs)} msg/s), ${JSON.stringify(run.stats.byStream)}`);
    process.exit(run.stats.failed > 0 || run.stats.invalid > 0 ? 1 : 0);
  };
  process.once('SIGINT', () => void finish());
  process.once('SIGTERM', () => void finish());
  void run.done.then(finish);
}

function parseFaults(v: string | undefined): boolean | FaultKind[] | undefined {
  if (v === undefined) return undefined;
  if (v === 'all') return true;
  if (v === 'none') return false;
  const kinds = v.split(',').map((s) => s.trim());
  for (const k of kinds) if (!(FAULT_KINDS as readonly string[]).includes(k)) throw new Error(`unknown fault "${k}"; expected ${FAULT_KINDS.join(', ')}`);
  return kinds as FaultKind[];
}

try {
  main();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
