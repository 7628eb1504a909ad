import { roleAllows } from './role-visibility';

describe('roleAllows', () => {
  it('follows viewer < operator < commander < admin', () => {
    expect(roleAllows({ role: 'viewer' }, 'viewer')).toBe(true);
    expect(roleAllows({ role: 'viewer' }, 'operator')).toBe(false);
    expect(roleAllows({ role: 'commander' }, 'operator')).toBe(true);
    expect(roleAllows({ role: 'commander' }, 'admin')).toBe(false);
    expect(roleAllows({ role: 'admin' }, 'commander')).toBe(true);
  });

  it('allows nothing when nobody is signed in', () => {
    expect(roleAllows(null, 'viewer')).toBe(false);
  });
});
