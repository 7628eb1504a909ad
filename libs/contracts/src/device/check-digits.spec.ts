import { casProblem, isValidVin, vinCheckDigit, vinProblem } from './check-digits';

describe('VIN check digit (GB 16735 / ISO 3779)', () => {
  it('accepts well-known valid VINs', () => {
    expect(isValidVin('1M8GDM9AXKP042788')).toBe(true); // check digit X
    expect(isValidVin('11111111111111111')).toBe(true);
    expect(vinCheckDigit('1HGCM82633A004352')).toBe('3');
  });
  it('rejects a wrong check digit and names the expected one', () => {
    expect(vinProblem('1M8GDM9A1KP042788')).toBe('VIN check digit is 1, expected X');
  });
  it('rejects I, O and Q and wrong lengths', () => {
    expect(vinProblem('1M8GDM9AXKP04278O')).toMatch(/17 characters/);
    expect(vinProblem('1M8GDM9AXKP0427')).toMatch(/17 characters/);
  });
});

describe('CAS check digit', () => {
  it.each(['71-43-2', '7783-06-4', '7664-41-7', '108-88-3', '7647-01-0', '10102-44-0'])('accepts %s', (cas) => {
    expect(casProblem(cas)).toBeUndefined();
  });
  it('rejects a wrong check digit', () => {
    expect(casProblem('71-43-3')).toBe('CAS check digit is 3, expected 2');
  });
  it('rejects a malformed number', () => {
    expect(casProblem('7143-2')).toMatch(/look like/);
  });
  it('answers a CAS number asked again, interleaved with others, as the first time', () => {
    for (let i = 0; i < 3; i++) {
      expect(casProblem('71-43-2')).toBeUndefined();
      expect(casProblem('71-43-3')).toBe('CAS check digit is 3, expected 2');
      expect(casProblem('7143-2')).toBe('CAS number must look like 71-43-2');
    }
  });
});
