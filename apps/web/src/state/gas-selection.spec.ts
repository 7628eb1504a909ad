import { mostExposed } from './gas-selection';

describe('mostExposed', () => {
  it('keeps the worst exposure levels first, otherwise the reported order, in reported order', () => {
    const levels = new Map([['c', 'aegl2'], ['e', 'oel']]);
    expect(mostExposed(['a', 'b', 'c', 'd', 'e'], levels, 3)).toEqual(['a', 'c', 'e']);
    expect(mostExposed(['a', 'b'], new Map(), 6)).toEqual(['a', 'b']);
  });
});
