import { CameraPoseTrack } from './camera-pose-track';

describe('CameraPoseTrack', () => {
  it('places late poses by time and answers the nearest within 5 s, the earlier on a tie', () => {
    const track = new CameraPoseTrack();
    for (let t = 0; t < 200; t++) if (t % 10 !== 3) track.add(t * 1000, t, -90 + t / 10);
    track.add(3000, 3, -89.7); // late
    expect(track.length).toBe(181);
    expect(track.at(3400)).toEqual({ yawDeg: 3, pitchDeg: -89.7 });
    expect(track.at(3500)).toEqual({ yawDeg: 3, pitchDeg: -89.7 });
    expect(track.at(3600)).toEqual({ yawDeg: 4, pitchDeg: -89.6 });
    expect(track.at(205_000)).toBeNull();
    expect(track.at(-5000)).toEqual({ yawDeg: 0, pitchDeg: -90 });
  });

  it('keeps the first of equal times first and drops the old ones', () => {
    const track = new CameraPoseTrack();
    track.add(1000, 10, -90);
    track.add(1000, 20, -80);
    expect(track.at(1000)).toEqual({ yawDeg: 10, pitchDeg: -90 });
    for (let t = 2; t < 300; t++) track.add(t * 1000, t, -45);
    track.dropBefore(250_000);
    expect(track.length).toBe(50);
    expect(track.at(248_000)).toEqual({ yawDeg: 250, pitchDeg: -45 });
    track.dropBefore(Infinity);
    expect(track.length).toBe(0);
    expect(track.at(299_000)).toBeNull();
  });
});
