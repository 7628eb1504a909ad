import { makeDroneTelemetry, makeDroneThermal, makeMsIdentification, makeMsSurvey, makeObdInspection, makeStatus, makeThermalFrame } from '@tianyan/testing';
import { parseDeviceMessage } from '../device/parse-device-message';
import type { DeviceReading } from '../device/device-reading';
import { packReadings, unpackReadings, type ReadingsFrame } from './readings-frame';

const now = Date.UTC(2026, 10, 25, 2, 0, 0);
function reading(topic: string, body: object, receivedAt = now + 40): DeviceReading {
  const parsed = parseDeviceMessage(topic, JSON.stringify(body), receivedAt);
  expect(parsed.rejects).toEqual([]);
  return parsed.readings[0]!;
}
/** What a client got before frames were packed: the readings through JSON. */
const asJson = (readings: DeviceReading[]): unknown[] => JSON.parse(JSON.stringify(readings)) as unknown[];
/** What a client gets now: the frame through JSON, unpacked. */
const throughWire = (readings: DeviceReading[]): DeviceReading[] => unpackReadings(JSON.parse(JSON.stringify(packReadings(readings))) as ReadingsFrame);

const everyStream = (): DeviceReading[] => [
  reading('tianyan/v1/drone/D1/status', makeStatus({ ts: now, state: 'offline' })),
  reading('tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ ts: now, seq: 7 })),
  reading('tianyan/v1/drone/D1/thermal', makeDroneThermal({ ts: now + 1, frame: makeThermalFrame(8, 4) })),
  reading('tianyan/v1/drone/D2/thermal', makeDroneThermal({ ts: now + 2 })),
  reading('tianyan/v1/ms/M1/survey', makeMsSurvey({ ts: now })),
  reading('tianyan/v1/ms/M1/identification', makeMsIdentification({ ts: now })),
  reading('tianyan/v1/obd/O1/inspection', makeObdInspection({ ts: now })),
  reading('tianyan/v1/obd/O1/status', makeStatus({ ts: now, state: 'fault' })),
];

describe('packReadings / unpackReadings', () => {
  it('gives a client of every stream the same readings as JSON objects would, in the same order', () => {
    const readings = everyStream();
    expect(throughWire(readings)).toEqual(asJson(readings));
    expect(throughWire(readings).map((r) => `${r.kind}|${r.channel}|${r.stream}`)).toEqual(readings.map((r) => `${r.kind}|${r.channel}|${r.stream}`));
  });

  it('keeps the late, drill and quality marks of each reading, and fields beyond the contract with their odd keys', () => {
    const lateOne = reading('tianyan/v1/drone/D3/telemetry', makeDroneTelemetry({ ts: now - 60_000, seq: 3 }), now + 5_000);
    const drill = reading('tianyan/v1/ms/M2/survey', makeMsSurvey({ ts: now, drill: true }));
    const withExtra = reading('tianyan/v1/drone/D4/telemetry', {
      ...makeDroneTelemetry({ ts: now, seq: 9 }),
      vendor: { 'a,b': [1, [-1, 2], { time: 'x' }], '': null, nested: { empty: {}, list: [] } },
      time: '"time":[1,2]',
    });
    const beat = [{ ...lateOne, late: true }, drill, { ...reading('tianyan/v1/obd/O2/inspection', makeObdInspection({ ts: now })), quality: 'F' as const }, withExtra];
    expect(withExtra.extra).not.toBeNull();
    expect(drill.drill).toBe(true);

    const back = throughWire(beat);
    expect(back).toEqual(asJson(beat));
    expect(back.map((r) => [r.late, r.drill, r.quality])).toEqual([[true, false, 'N'], [false, true, 'N'], [false, false, 'F'], [false, false, 'N']]);
  });

  it('tells apart key lists that share their first key, differ in order or are empty', () => {
    const telemetry = reading('tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ ts: now }));
    const extras = [{ a: 1, b: 2 }, { a: 3, c: 4 }, { b: 5, a: 6 }, { a: 7 }, {}, { a: 8, b: 9, c: 10 }, { a: 11, b: 12 }];
    const beat = extras.map((extra, i) => ({ ...telemetry, seq: i + 1, extra }));
    const frame = packReadings(beat);
    expect(frame.extra.map(([, packed]) => (packed as number[])[0])).toEqual([0, 1, 2, 3, 4, 5, 0].map((s) => s + 1)); // shape 0 is the telemetry data's
    expect(throughWire(beat)).toEqual(asJson(beat));
  });

  it('leaves out keys whose value is undefined, as JSON does', () => {
    const telemetry = reading('tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ ts: now }));
    const holey = { ...telemetry, data: { ...telemetry.data, mode: undefined } } as unknown as DeviceReading;
    const [back] = throughWire([holey]);
    expect(back!.data).not.toHaveProperty('mode');
    expect(back).toEqual(asJson([holey])[0]);
  });

  it('names each object shape once per frame and takes half the bytes of the objects', () => {
    const readings = Array.from({ length: 50 }, (_, i) => [
      reading(`tianyan/v1/drone/D${i}/telemetry`, makeDroneTelemetry({ ts: now + i, seq: i + 1 })),
      reading(`tianyan/v1/ms/M${i}/survey`, makeMsSurvey({ ts: now + i, seq: i + 1 })),
      reading(`tianyan/v1/obd/O${i}/inspection`, makeObdInspection({ ts: now + i, seq: i + 1 })),
    ]).flat();
    const frame = packReadings(readings);
    const keyLists = frame.shapes.map((keys) => keys.join());
    expect(new Set(keyLists).size).toBe(keyLists.length);
    expect(frame.shapes.length).toBeLessThan(12);
    expect(JSON.stringify(frame).length).toBeLessThan(0.6 * JSON.stringify(readings).length);
    expect(throughWire(readings)).toEqual(asJson(readings));
  });

  it('packs an empty beat, and refuses a frame of another format or with a shape it does not carry', () => {
    expect(unpackReadings(packReadings([]))).toEqual([]);
    const frame = packReadings([reading('tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ ts: now }))]);
    expect(() => unpackReadings({ ...frame, v: 2 } as unknown as ReadingsFrame)).toThrow(/unknown format 2/);
    expect(() => unpackReadings({ ...frame, shapes: [] })).toThrow(/no shape 0/);
  });
});
