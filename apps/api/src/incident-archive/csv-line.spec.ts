import { csvLine } from './csv-line';

/** A minimal RFC 4180 reader, written independently of csvLine, to check the round trip. */
function parseRecord(line: string): string[] {
  expect(line.endsWith('\r\n')).toBe(true);
  const body = line.slice(0, -2);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (body[i] === '"') {
      i++;
      for (;;) {
        const q = body.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quote');
        field += body.slice(i, q);
        if (body[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const comma = body.indexOf(',', i);
      field = body.slice(i, comma < 0 ? body.length : comma);
      i = comma < 0 ? body.length : comma;
    }
    fields.push(field);
    if (i >= body.length) return fields;
    expect(body[i]).toBe(',');
    i++;
  }
}

describe('csvLine', () => {
  it('writes plain fields bare and ends the record with CRLF', () => {
    expect(csvLine(['uav-01', 30.6123456, true, 'N'])).toBe('uav-01,30.6123456,true,N\r\n');
  });

  it('quotes fields holding commas, quotes, CR or LF and doubles their quotes', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', 'cr\r'])).toBe('"a,b","say ""hi""","two\nlines","cr\r"\r\n');
  });

  it('writes null and undefined as empty fields and objects as quoted JSON', () => {
    expect(csvLine([null, undefined, { x: 1, y: 'a' }, [78, 100]])).toBe(',,"{""x"":1,""y"":""a""}","[78,100]"\r\n');
  });

  it('round-trips awkward text through an RFC 4180 reader', () => {
    const values = ['鄂A·12345', '', ' leading', '"', '",",', 'a\r\nb', '=1+1'];
    expect(parseRecord(csvLine(values))).toEqual(values);
  });
});
